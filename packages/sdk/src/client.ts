import type { z } from 'zod';
import type * as C from '@yuanan/contracts';
import { networkError, toApiError, type ApiError, type Lang } from './errors.ts';
import type { TokenStore, Tokens } from './storage.ts';
import { TransportFailure, type Transport, type TransportResponse } from './transport.ts';

/** A transport that can also upload a local file by path (the mini-program's Taro.uploadFile). */
export interface PathUploader {
  upload(req: {
    url: string;
    headers: Record<string, string>;
    filePath: string;
    fields: Record<string, string>;
    timeoutMs: number;
  }): Promise<TransportResponse>;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  form?: FormData;
  /** Public endpoints send no token. */
  auth?: boolean;
  /** Creates send an Idempotency-Key so a retry never creates twice; pass one to reuse it across retries. */
  idempotencyKey?: string | true;
  timeoutMs?: number;
}

export interface ClientOptions {
  baseUrl: string;
  transport: Transport;
  tokens: TokenStore;
  lang?: () => Lang;
  /** Called when the session cannot be refreshed any more (show the sign-in page). */
  onSessionExpired?: (reason: ApiError) => void;
  /** Called with fresh tokens after a refresh (other tabs, sockets). */
  onTokens?: (t: Tokens | null) => void;
}

/** A random key for Idempotency-Key (no crypto.randomUUID in every mini-program runtime). */
export function newIdempotencyKey(): string {
  const hex = '0123456789abcdef';
  let s = '';
  for (let i = 0; i < 32; i++) s += hex[Math.floor(Math.random() * 16)];
  return `k-${Date.now().toString(36)}-${s}`;
}

function qs(q: Query | undefined): string {
  if (!q) return '';
  const parts = Object.entries(q)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

type Out<T extends z.ZodType> = z.output<T>;
export type RecordKind = 'contacts' | 'certificates' | 'chemicals' | 'supplies' | 'team' | 'plans' | 'drills' | 'risk-points';
type In<T extends z.ZodType> = z.input<T>;

/**
 * The typed api client. Refreshes the access token once when it expires (one refresh at a time, however many
 * calls are waiting), turns problem+json into readable ApiErrors, and adds idempotency keys to creates.
 */
export class ApiClient {
  readonly #o: ClientOptions;
  #refreshing: Promise<boolean> | null = null;
  constructor(options: ClientOptions) {
    this.#o = options;
  }

  get lang(): Lang {
    return this.#o.lang?.() ?? 'zh-CN';
  }
  get baseUrl(): string {
    return this.#o.baseUrl;
  }
  get tokens(): Tokens | null {
    return this.#o.tokens.get();
  }
  setTokens(t: Tokens | null): void {
    this.#o.tokens.set(t);
    this.#o.onTokens?.(t);
  }

  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const key = opts.idempotencyKey === true ? newIdempotencyKey() : opts.idempotencyKey;
    const send = async () => {
      const headers: Record<string, string> = { accept: 'application/json', 'accept-language': this.lang };
      const t = this.#o.tokens.get();
      if (opts.auth !== false && t) headers.authorization = `Bearer ${t.accessToken}`;
      if (key) headers['idempotency-key'] = key;
      let body: string | FormData | undefined;
      if (opts.form) body = opts.form;
      else if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] = 'application/json';
      }
      try {
        return await this.#o.transport.request({
          method,
          url: this.#o.baseUrl + path + qs(opts.query),
          headers,
          body,
          timeoutMs: opts.timeoutMs ?? 20_000,
        });
      } catch (e) {
        if (e instanceof TransportFailure) throw networkError(this.lang);
        throw e;
      }
    };
    let res = await send();
    if (res.status === 401 && opts.auth !== false && (res.data as { code?: string })?.code === 'token_expired') {
      if (await this.refresh()) res = await send();
    }
    if (res.status >= 400) {
      const err = toApiError(res.status, res.data, this.lang, res.headers['retry-after']);
      if (
        res.status === 401 &&
        opts.auth !== false &&
        ['token_expired', 'session_revoked', 'token_invalid', 'unauthenticated'].includes(err.code)
      ) {
        this.setTokens(null);
        this.#o.onSessionExpired?.(err);
      }
      throw err;
    }
    return (res.status === 204 ? undefined : res.data) as T;
  }

  /** One refresh at a time; true when the access token was renewed. */
  refresh(): Promise<boolean> {
    this.#refreshing ??= (async () => {
      const t = this.#o.tokens.get();
      if (!t?.refreshToken) return false;
      try {
        const r = await this.request<C.TokenPair>('POST', '/auth/refresh', {
          body: { refreshToken: t.refreshToken },
          auth: false,
        });
        this.setTokens({ accessToken: r.accessToken, refreshToken: r.refreshToken });
        return true;
      } catch {
        return false;
      } finally {
        this.#refreshing = null;
      }
    })();
    return this.#refreshing;
  }

  get<T>(path: string, query?: Query) {
    return this.request<T>('GET', path, { query });
  }
  post<T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) {
    return this.request<T>('POST', path, { ...opts, body });
  }
  patch<T>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, { body });
  }
  put<T>(path: string, body: unknown) {
    return this.request<T>('PUT', path, { body });
  }
  del<T>(path: string) {
    return this.request<T>('DELETE', path);
  }

  // ---- typed endpoints (one place; both apps call these) ----
  readonly auth = {
    login: (b: In<typeof C.loginRequest>) =>
      this.request<Out<typeof C.loginResponse>>('POST', '/auth/login', { body: b, auth: false }),
    loginMfa: (b: In<typeof C.mfaLoginRequest>) => this.request<C.TokenPair>('POST', '/auth/login/mfa', { body: b, auth: false }),
    logout: () => this.request<void>('POST', '/auth/logout', { body: {} }),
    wechatLogin: (b: In<typeof C.wechatLoginRequest>) =>
      this.request<Out<typeof C.wechatLoginResponse>>('POST', '/auth/wechat/login', { body: b, auth: false }),
    wechatBind: (b: In<typeof C.wechatBindRequest>) =>
      this.request<C.TokenPair>('POST', '/auth/wechat/bind', { body: b, auth: false }),
  };
  readonly me = {
    get: () => this.get<C.Me>('/me'),
    changePassword: (b: In<typeof C.changePasswordRequest>) => this.post<void>('/me/password', b),
    sessions: () => this.get<Out<typeof C.session>[]>('/me/sessions'),
    revokeSession: (id: string) => this.del<void>(`/me/sessions/${id}`),
    mfaEnrol: () => this.post<Out<typeof C.totpEnrolResponse>>('/me/mfa/enrol'),
    mfaActivate: (code: string) => this.post<void>('/me/mfa/activate', { code }),
    mfaDisable: (code: string) => this.post<void>('/me/mfa/disable', { code }),
    notificationPreferences: () => this.get<C.NotificationPreferences>('/me/notification-preferences'),
    setNotificationPreferences: (b: C.NotificationPreferences) =>
      this.put<C.NotificationPreferences>('/me/notification-preferences', b),
  };
  readonly users = {
    list: (q: Query = {}) => this.get<C.Page<C.User>>('/users', q),
    get: (id: string) => this.get<C.User>(`/users/${id}`),
    create: (b: In<typeof C.createUserRequest>) => this.post<C.User>('/users', b, { idempotencyKey: true }),
    update: (id: string, b: In<typeof C.updateUserRequest>) => this.patch<C.User>(`/users/${id}`, b),
  };
  readonly invitations = {
    list: (q: Query = {}) => this.get<C.Page<Out<typeof C.invitation>>>('/invitations', q),
    create: (b: In<typeof C.createInvitationRequest>) =>
      this.post<Out<typeof C.invitation>>('/invitations', b, { idempotencyKey: true }),
    revoke: (id: string) => this.del<Out<typeof C.invitation>>(`/invitations/${id}`),
  };
  readonly tenant = {
    get: () => this.get<C.Tenant>('/tenant'),
    update: (b: In<typeof C.updateZoneRequest>) => this.patch<C.Tenant>('/tenant', b),
    updateSettings: (b: In<typeof C.tenantSettingsPatch>) => this.patch<C.Tenant>('/tenant/settings', b),
    catalog: (kind?: C.CatalogKind) => this.get<C.CatalogItem[]>('/catalog', { kind }),
    addCatalogItem: (b: In<typeof C.createCatalogItem>) => this.post<C.CatalogItem>('/catalog', b, { idempotencyKey: true }),
    updateCatalogItem: (id: string, b: In<typeof C.updateCatalogItem>) => this.patch<C.CatalogItem>(`/catalog/${id}`, b),
    publicZones: () => this.request<Out<typeof C.publicZone>[]>('GET', '/public/zones', { auth: false }),
    publicConfig: () => this.request<{ devLogin: boolean; version: string }>('GET', '/public/config', { auth: false }),
  };
  readonly platform = {
    tenants: (q: Query = {}) => this.get<C.Page<C.Tenant>>('/platform/tenants', q),
    createTenant: (b: In<typeof C.createTenantRequest>) =>
      this.post<Out<typeof C.createTenantResponse>>('/platform/tenants', b, { idempotencyKey: true }),
    updateTenant: (id: string, b: In<typeof C.updateTenantRequest>) => this.patch<C.Tenant>(`/platform/tenants/${id}`, b),
    actAs: (b: In<typeof C.actAsRequest>) =>
      this.post<{ accessToken: string; expiresIn: number; user: C.Me }>('/platform/act-as', b),
    queues: () => this.get<Array<{ name: string; counts: Record<string, number>; paused: boolean }>>('/platform/queues'),
    queueJobs: (name: string, q: Query = {}) =>
      this.get<{ total: number; items: Array<Record<string, unknown>> }>(`/platform/queues/${name}/jobs`, q),
    retryJob: (name: string, jobId: string) =>
      this.post<void>(`/platform/queues/${name}/jobs/${encodeURIComponent(jobId)}/retry`),
  };
  readonly audit = {
    list: (q: Query = {}) => this.get<C.Page<C.AuditEntry>>('/audit', q),
    verify: () => this.post<Out<typeof C.auditVerifyResult>>('/audit/verify'),
  };
  readonly notifications = {
    list: (q: Query = {}) => this.get<C.Page<C.Notification> & { unread: number }>('/notifications', q),
    read: (id: string) => this.post<C.Notification>(`/notifications/${id}/read`),
    readAll: () => this.post<{ updated: number }>('/notifications/read-all'),
  };
  readonly files = {
    upload: (form: FormData, idempotencyKey?: string) =>
      this.request<C.StoredFile>('POST', '/files', { form, idempotencyKey: idempotencyKey ?? true, timeoutMs: 60_000 }),
    /** Uploads a local file by path (mini-program); the key makes a retried upload store once. */
    uploadPath: async (filePath: string, fields: Record<string, string>, idempotencyKey: string): Promise<C.StoredFile> => {
      const up = this.#o.transport as Transport & Partial<PathUploader>;
      if (!up.upload) throw new Error('this transport cannot upload files by path');
      const send = async () => {
        const t = this.#o.tokens.get();
        const headers: Record<string, string> = { 'accept-language': this.lang, 'idempotency-key': idempotencyKey };
        if (t) headers.authorization = `Bearer ${t.accessToken}`;
        try {
          return await up.upload!({ url: `${this.#o.baseUrl}/files`, headers, filePath, fields, timeoutMs: 60_000 });
        } catch (e) {
          if (e instanceof TransportFailure) throw networkError(this.lang);
          throw e;
        }
      };
      let res = await send();
      if (res.status === 401 && (res.data as { code?: string })?.code === 'token_expired' && (await this.refresh()))
        res = await send();
      if (res.status >= 400) throw toApiError(res.status, res.data, this.lang);
      return res.data as C.StoredFile;
    },
    get: (id: string) => this.get<C.StoredFile>(`/files/${id}`),
  };
  readonly enterprises = {
    list: (q: Query = {}) => this.get<C.CursorPage<C.Enterprise>>('/enterprises', q),
    get: (id: string) => this.get<C.Enterprise>(`/enterprises/${id}`),
    create: (b: In<typeof C.createEnterpriseRequest>) => this.post<C.Enterprise>('/enterprises', b, { idempotencyKey: true }),
    /** 200 when applied; 202 with `changeRequest` when key fields went to the safety office. */
    update: (id: string, b: In<typeof C.updateEnterpriseRequest>) =>
      this.patch<Out<typeof C.enterpriseUpdateResult>>(`/enterprises/${id}`, b),
    history: (id: string, q: Query = {}) => this.get<C.Page<Out<typeof C.auditHistoryEntry>>>(`/enterprises/${id}/history`, q),
    majorHazard: (id: string) => this.get<Out<typeof C.majorHazardReport>>(`/enterprises/${id}/major-hazard`),
    colour: (id: string) => this.get<Out<typeof C.colourExplanation>>(`/enterprises/${id}/colour`),
    /** Sub-records: kind is contacts, certificates, chemicals, supplies, team, plans, drills or risk-points. */
    records: <T = Record<string, unknown>>(id: string, kind: RecordKind) => this.get<T[]>(`/enterprises/${id}/${kind}`),
    addRecord: <T = Record<string, unknown>>(id: string, kind: RecordKind, b: unknown) =>
      this.post<T>(`/enterprises/${id}/${kind}`, b, { idempotencyKey: true }),
    replaceRecord: <T = Record<string, unknown>>(id: string, kind: RecordKind, recordId: string, b: unknown) =>
      this.put<T>(`/enterprises/${id}/${kind}/${recordId}`, b),
    removeRecord: (id: string, kind: RecordKind, recordId: string) => this.del<void>(`/enterprises/${id}/${kind}/${recordId}`),
    changes: (q: Query = {}) => this.get<C.Page<Out<typeof C.changeRequest>>>('/enterprise-changes', q),
    decideChange: (id: string, approve: boolean, comment?: string) =>
      this.post<{ id: string; status: string }>(`/enterprise-changes/${id}/${approve ? 'approve' : 'reject'}`, { comment }),
    importJob: (id: string) => this.get<Out<typeof C.importJob>>(`/imports/${id}`),
    startImport: (form: FormData) =>
      this.request<Out<typeof C.importJob>>('POST', '/enterprises/import', { form, idempotencyKey: true, timeoutMs: 120_000 }),
  };
  readonly risk = {
    /**
     * The risk map for a view: every marker of a small zone, else the markers and clusters inside `bbox`
     * (`[west, south, east, north]` degrees, or `[x0, y0, x1, y1]` plan fractions) at `zoom`; ask again when
     * the view moves. Also the site plan or tile layer, the zone's counts and a bounded unplaced list.
     */
    map: (
      q: {
        colour?: C.RiskColour;
        view?: 'plan' | 'geo';
        bbox?: readonly [number, number, number, number];
        zoom?: number;
      } = {},
    ) => this.get<Out<typeof C.mapData>>('/risk/map', { ...q, bbox: q.bbox?.join(',') }),
    dashboard: () => this.get<Out<typeof C.dashboard>>('/risk/dashboard'),
    models: () => this.get<Out<typeof C.riskModel>[]>('/risk/model'),
    publishModel: (b: In<typeof C.updateRiskModelRequest>) => this.put<Out<typeof C.riskModel>>('/risk/model', b),
    setSitePlan: (fileId: string) => this.put<void>('/risk/site-plan', { fileId }),
  };
  readonly tasks = {
    list: (q: Query = {}) => this.get<C.Page<Out<typeof C.task>>>('/tasks', q),
    resolve: (id: string, status: 'done' | 'dismissed') => this.post<Out<typeof C.task>>(`/tasks/${id}/resolve`, { status }),
  };
  readonly savedViews = {
    list: (page: string) => this.get<Out<typeof C.savedView>[]>('/saved-views', { page }),
    create: (b: In<typeof C.savedViewInput>) => this.post<Out<typeof C.savedView>>('/saved-views', b),
    remove: (id: string) => this.del<void>(`/saved-views/${id}`),
  };
  readonly hazards = {
    list: (q: Query = {}) => this.get<C.CursorPage<C.Hazard>>('/hazards', q),
    get: (id: string) => this.get<Out<typeof C.hazardDetail>>(`/hazards/${id}`),
    /** Pass the same key when retrying (offline queue): the hazard is created once. */
    report: (b: In<typeof C.createHazardRequest>, idempotencyKey?: string) =>
      this.post<C.Hazard>('/hazards', b, { idempotencyKey: idempotencyKey ?? true }),
    transition: (id: string, b: In<typeof C.transitionRequest>) => this.post<C.Hazard>(`/hazards/${id}/transitions`, b),
    requestExtension: (id: string, b: In<typeof C.extensionRequest>) =>
      this.post<{ id: string; status: string }>(`/hazards/${id}/extensions`, b),
    decideExtension: (id: string, extensionId: string, b: In<typeof C.decideExtension>) =>
      this.post<C.Hazard>(`/hazards/${id}/extensions/${extensionId}/decision`, b),
    governancePlan: (id: string, b: In<typeof C.governancePlan>) => this.put<C.Hazard>(`/hazards/${id}/governance-plan`, b),
    supervise: (id: string, b: In<typeof C.supervisionRequest>) => this.post<C.Hazard>(`/hazards/${id}/supervision`, b),
    reportedToAuthority: (id: string) => this.post<C.Hazard>(`/hazards/${id}/reported-to-authority`),
    requestAcceptance: (id: string) => this.post<C.Hazard>(`/hazards/${id}/acceptance-request`),
    checklist: (enterpriseId?: string) =>
      this.get<{
        id: string;
        title: string;
        issuer: string;
        effectiveFrom: string;
        items: Array<{ code: string; article: string; section: string; text: string; checked: boolean }>;
      }>('/hazards/checklist', { enterpriseId }),
    stats: (year?: number) => this.get<Out<typeof C.hazardStats>>('/hazards/stats', { year }),
    bulk: (b: In<typeof C.bulkHazardRequest>) =>
      this.post<{ results: Array<{ id: string; ok: boolean; code: string | null }> }>('/hazards/bulk', b),
    /** URLs of the documents (download with the bearer token). */
    noticeUrl: (id: string) => `${this.#o.baseUrl}/hazards/${id}/notice`,
    exportUrl: (q: Query = {}) => `${this.#o.baseUrl}/hazards/export${qs(q)}`,
  };
  // ---- inspections (日常留痕监管) ----
  readonly inspections = {
    templates: {
      /** The latest version of each code, unless `allVersions: 'true'` (or `code` for one code's versions). */
      list: (q: In<typeof C.inspectionTemplatesQuery> = {}) =>
        this.get<C.Page<C.InspectionTemplate>>('/inspection-templates', q as Query),
      get: (id: string) => this.get<C.InspectionTemplate>(`/inspection-templates/${id}`),
      create: (b: In<typeof C.createInspectionTemplateRequest>) =>
        this.post<C.InspectionTemplate>('/inspection-templates', b, { idempotencyKey: true }),
      /** Drafts only (a published version answers 409: revise it). */
      update: (id: string, b: In<typeof C.updateInspectionTemplateRequest>) =>
        this.patch<C.InspectionTemplate>(`/inspection-templates/${id}`, b),
      publish: (id: string) => this.post<C.InspectionTemplate>(`/inspection-templates/${id}/publish`),
      /** A new draft version of a published template. */
      revise: (id: string) => this.post<C.InspectionTemplate>(`/inspection-templates/${id}/revise`),
      retire: (id: string) => this.post<C.InspectionTemplate>(`/inspection-templates/${id}/retire`),
    },
    plans: {
      list: (q: In<typeof C.inspectionPlansQuery> = {}) => this.get<C.Page<C.InspectionPlan>>('/inspection-plans', q as Query),
      get: (id: string) => this.get<C.InspectionPlan>(`/inspection-plans/${id}`),
      create: (b: In<typeof C.createInspectionPlanRequest>) =>
        this.post<C.InspectionPlan>('/inspection-plans', b, { idempotencyKey: true }),
      update: (id: string, b: In<typeof C.updateInspectionPlanRequest>) =>
        this.patch<C.InspectionPlan>(`/inspection-plans/${id}`, b),
      preview: (id: string) => this.get<Out<typeof C.inspectionPlanPreview>>(`/inspection-plans/${id}/preview`),
      /** Generates the current period's tasks now (idempotent). */
      generate: (id: string) => this.post<Out<typeof C.inspectionGenerateResult>>(`/inspection-plans/${id}/generate`),
    },
    tasks: {
      list: (q: In<typeof C.inspectionTasksQuery> = {}) =>
        this.get<C.CursorPage<C.InspectionTask>>('/inspection-tasks', q as Query),
      get: (id: string) => this.get<C.InspectionTaskDetail>(`/inspection-tasks/${id}`),
      /** URL of the 检查记录 (.docx; download with the bearer token). */
      recordUrl: (id: string) => `${this.#o.baseUrl}/inspection-tasks/${id}/record.docx`,
    },
    /** Outside the geofence the check-in is recorded and flagged, never refused; a forged QR code is 422. */
    checkIn: (taskId: string, b: In<typeof C.checkInRequest>) =>
      this.post<C.InspectionTaskDetail>(`/inspection-tasks/${taskId}/check-in`, b),
    /** Pass the same key when retrying (offline queue): the record is submitted once. */
    submit: (taskId: string, b: In<typeof C.submitInspectionRequest>, idempotencyKey?: string) =>
      this.post<C.InspectionTaskDetail>(`/inspection-tasks/${taskId}/submit`, b, { idempotencyKey: idempotencyKey ?? true }),
    coverage: (q: In<typeof C.coverageQuery>) => this.get<Out<typeof C.coverageResponse>>('/inspections/coverage', q as Query),
    /** URL of the coverage workbook (.xlsx; download with the bearer token). */
    coverageXlsxUrl: (q: In<typeof C.coverageQuery>) => `${this.#o.baseUrl}/inspections/coverage.xlsx${qs(q as Query)}`,
    /** The day's check-in points for the map (today in the zone when no date). */
    checkIns: (date?: string) => this.get<Out<typeof C.checkInsResponse>>('/inspections/check-ins', { date }),
    agencies: {
      list: (q: In<typeof C.inspectionAgenciesQuery> = {}) =>
        this.get<C.Page<C.InspectionAgency>>('/inspection-agencies', q as Query),
      create: (b: In<typeof C.createInspectionAgencyRequest>) =>
        this.post<C.InspectionAgency>('/inspection-agencies', b, { idempotencyKey: true }),
      update: (id: string, b: In<typeof C.updateInspectionAgencyRequest>) =>
        this.patch<C.InspectionAgency>(`/inspection-agencies/${id}`, b),
    },
    contracts: {
      list: (q: In<typeof C.inspectionContractsQuery> = {}) =>
        this.get<C.Page<C.InspectionContract>>('/inspection-contracts', q as Query),
      create: (b: In<typeof C.createInspectionContractRequest>) =>
        this.post<C.InspectionContract>('/inspection-contracts', b, { idempotencyKey: true }),
      update: (id: string, b: In<typeof C.updateInspectionContractRequest>) =>
        this.patch<C.InspectionContract>(`/inspection-contracts/${id}`, b),
    },
    /** The enterprise's gate QR code (payload and SVG) for QR check-in. */
    gateQr: (enterpriseId: string) => this.get<Out<typeof C.gateQrResponse>>(`/enterprises/${enterpriseId}/gate-qr`),
  };
  // ---- duty (值班) ----
  readonly duty = {
    teams: {
      list: (q: In<typeof C.dutyTeamsQuery> = {}) => this.get<C.Page<C.DutyTeam>>('/duty/teams', q as Query),
      get: (id: string) => this.get<C.DutyTeam>(`/duty/teams/${id}`),
      create: (b: In<typeof C.createDutyTeamRequest>) => this.post<C.DutyTeam>('/duty/teams', b, { idempotencyKey: true }),
      update: (id: string, b: In<typeof C.updateDutyTeamRequest>) => this.patch<C.DutyTeam>(`/duty/teams/${id}`, b),
      /** Adds a member or updates their skills and certificates. */
      putMember: (id: string, b: In<typeof C.putDutyMemberRequest>) => this.post<C.DutyTeam>(`/duty/teams/${id}/members`, b),
      removeMember: (id: string, userId: string) => this.del<C.DutyTeam>(`/duty/teams/${id}/members/${userId}`),
      /** The duty room's QR code (payload and SVG) for QR check-in. */
      qr: (id: string) => this.get<Out<typeof C.dutyQrResponse>>(`/duty/teams/${id}/qr`),
      /** Who the team's manager may add: the zone's rescue members and leaders not on it yet (names only). */
      candidates: (id: string) => this.get<C.DutyTeamCandidatesResponse>(`/duty/teams/${id}/candidates`),
    },
    rotations: {
      list: (q: In<typeof C.dutyRotationsQuery> = {}) => this.get<C.Page<C.DutyRotation>>('/duty/rotations', q as Query),
      create: (b: In<typeof C.createDutyRotationRequest>) =>
        this.post<C.DutyRotation>('/duty/rotations', b, { idempotencyKey: true }),
      update: (id: string, b: In<typeof C.updateDutyRotationRequest>) => this.patch<C.DutyRotation>(`/duty/rotations/${id}`, b),
    },
    /** Slots with assignees, overrides, gaps, leave and check-ins for local dates from..to (≤ 62 days). */
    roster: (q: In<typeof C.dutyRosterQuery>) => this.get<C.DutyRosterResponse>('/duty/roster', q as Query),
    /** Who is on duty at `at` (default now), for one team or every team I may see. */
    onDuty: (q: In<typeof C.dutyOnDutyQuery> = {}) => this.get<C.DutyOnDutyResponse>('/duty/on-duty', q as Query),
    overrides: {
      create: (b: In<typeof C.createDutyOverrideRequest>) =>
        this.post<C.DutyOverride>('/duty/overrides', b, { idempotencyKey: true }),
      remove: (id: string) => this.del<void>(`/duty/overrides/${id}`),
    },
    swaps: {
      list: (q: In<typeof C.dutySwapsQuery> = {}) => this.get<C.Page<C.DutySwap>>('/duty/swaps', q as Query),
      create: (b: In<typeof C.createDutySwapRequest>) => this.post<C.DutySwap>('/duty/swaps', b, { idempotencyKey: true }),
      /** accept / decline (the colleague asked), approve / reject (leader or office), cancel (who asked). */
      act: (id: string, action: C.DutySwapAction, b: In<typeof C.dutyDecisionRequest> = {}) =>
        this.post<C.DutySwap>(`/duty/swaps/${id}/${action}`, b),
    },
    leaves: {
      list: (q: In<typeof C.dutyLeavesQuery> = {}) => this.get<C.Page<C.DutyLeave>>('/duty/leaves', q as Query),
      create: (b: In<typeof C.createDutyLeaveRequest>) => this.post<C.DutyLeave>('/duty/leaves', b, { idempotencyKey: true }),
      decide: (id: string, approve: boolean, b: In<typeof C.dutyDecisionRequest> = {}) =>
        this.post<C.DutyLeave>(`/duty/leaves/${id}/${approve ? 'approve' : 'reject'}`, b),
    },
    me: {
      /** My next shifts (default 30 days) with any open swap on them. */
      shifts: (days?: number) => this.get<Out<typeof C.dutyMyShiftsResponse>>('/duty/me/shifts', { days }),
      /** My open check-in, or null. */
      checkIn: () => this.get<Out<typeof C.dutyMyCheckInResponse>>('/duty/me/check-in'),
    },
    /** Button or scanned duty-room QR (`code`); another zone's or a tampered code is 422. */
    checkIn: (b: In<typeof C.dutyCheckInRequest>) => this.post<C.DutyCheckIn>('/duty/check-in', b),
    checkOut: () => this.post<C.DutyCheckIn>('/duty/check-out', {}),
    fairness: (q: In<typeof C.dutyFairnessQuery>) => this.get<C.DutyFairnessResponse>('/duty/fairness', q as Query),
    /** URL of the fairness workbook (.xlsx; download with the bearer token). */
    fairnessXlsxUrl: (q: In<typeof C.dutyFairnessQuery>) => `${this.#o.baseUrl}/duty/fairness.xlsx${qs(q as Query)}`,
  };
  // ---- equipment room (器材室) ----
  readonly equipment = {
    models: {
      list: (q: In<typeof C.equipmentModelsQuery> = {}) => this.get<C.Page<C.EquipmentModel>>('/equipment/models', q as Query),
      get: (id: string) => this.get<C.EquipmentModel>(`/equipment/models/${id}`),
      create: (b: In<typeof C.createEquipmentModelRequest>) =>
        this.post<C.EquipmentModel>('/equipment/models', b, { idempotencyKey: true }),
      update: (id: string, b: In<typeof C.updateEquipmentModelRequest>) =>
        this.patch<C.EquipmentModel>(`/equipment/models/${id}`, b),
    },
    units: {
      list: (q: In<typeof C.equipmentUnitsQuery> = {}) => this.get<C.Page<C.EquipmentUnit>>('/equipment/units', q as Query),
      /** Detail with the timeline: reservations, loans, maintenance. */
      get: (id: string) => this.get<C.EquipmentUnitDetail>(`/equipment/units/${id}`),
      create: (b: In<typeof C.createEquipmentUnitRequest>) =>
        this.post<C.EquipmentUnit>('/equipment/units', b, { idempotencyKey: true }),
      update: (id: string, b: In<typeof C.updateEquipmentUnitRequest>) =>
        this.patch<C.EquipmentUnit>(`/equipment/units/${id}`, b),
      /** A state-machine action (EQUIPMENT_UNIT_DIRECT_ACTIONS) with the unit's `version`; stale → 409. */
      action: (id: string, action: C.EquipmentUnitAction, b: In<typeof C.unitActionRequest>) =>
        this.post<C.EquipmentUnit>(`/equipment/units/${id}/actions/${action}`, b),
      /** A scanned label QR → the unit (another zone's or a tampered code → 404). */
      byCode: (code: string) => this.get<C.EquipmentUnitDetail>('/equipment/units/by-code', { code }),
      /** The unit's signed QR payload and SVG. */
      qr: (id: string) => this.get<Out<typeof C.unitQrResponse>>(`/equipment/units/${id}/qr`),
      /** Excel import: a dry run unless `commit` (multipart: file, commit). */
      import: (file: Blob, commit: boolean, fileName = 'units.xlsx') => {
        const form = new FormData();
        form.append('commit', commit ? 'true' : 'false');
        form.append('file', file, fileName);
        return this.request<C.EquipmentImportResult>('POST', '/equipment/units/import', { form, timeoutMs: 120_000 });
      },
      /** URL of the label sheet PDF (download with the bearer token): `ids` or `modelId`. */
      labelsPdfUrl: (q: { ids?: string[]; modelId?: string }) =>
        `${this.#o.baseUrl}/equipment/labels.pdf${qs({ ids: q.ids?.join(','), modelId: q.modelId })}`,
      /** URL of the ledger workbook (.xlsx; same filters as the list; download with the bearer token). */
      xlsxUrl: (q: In<typeof C.equipmentUnitsQuery> = {}) => `${this.#o.baseUrl}/equipment/units.xlsx${qs(q as Query)}`,
    },
    /** Free counts per model and day (and free ranges per unit for the keeper). */
    availability: (q: In<typeof C.availabilityQuery>) => this.get<C.AvailabilityResponse>('/equipment/availability', q as Query),
    reservations: {
      list: (q: In<typeof C.reservationsQuery> = {}) =>
        this.get<C.Page<C.EquipmentReservation>>('/equipment/reservations', q as Query),
      /** An overlap is 409 naming the conflicting range. */
      create: (b: In<typeof C.createReservationRequest>) =>
        this.post<C.EquipmentReservation>('/equipment/reservations', b, { idempotencyKey: true }),
      cancel: (id: string) => this.post<C.EquipmentReservation>(`/equipment/reservations/${id}/cancel`),
    },
    requests: {
      list: (q: In<typeof C.equipmentRequestsQuery> = {}) =>
        this.get<C.Page<C.EquipmentRequest>>('/equipment/requests', q as Query),
      get: (id: string) => this.get<C.EquipmentRequest>(`/equipment/requests/${id}`),
      create: (b: In<typeof C.createEquipmentRequestRequest>) =>
        this.post<C.EquipmentRequest>('/equipment/requests', b, { idempotencyKey: true }),
      /** Assign units per item (creates the reservations). */
      approve: (id: string, b: In<typeof C.approveEquipmentRequestRequest>) =>
        this.post<C.EquipmentRequest>(`/equipment/requests/${id}/approve`, b),
      reject: (id: string, b: In<typeof C.rejectEquipmentRequestRequest>) =>
        this.post<C.EquipmentRequest>(`/equipment/requests/${id}/reject`, b),
      cancel: (id: string) => this.post<C.EquipmentRequest>(`/equipment/requests/${id}/cancel`),
    },
    loans: {
      list: (q: In<typeof C.loansQuery> = {}) => this.get<C.Page<C.EquipmentLoan>>('/equipment/loans', q as Query),
      get: (id: string) => this.get<C.EquipmentLoan>(`/equipment/loans/${id}`),
      /** Check-out (出借) with the unit's `version`; two keepers at once → one wins, the other 409. */
      checkOut: (b: In<typeof C.checkOutRequest>) => this.post<C.EquipmentLoan>('/equipment/loans', b, { idempotencyKey: true }),
      /** The borrower says it was handed back (mini-program 归还). */
      declareReturn: (id: string, b: In<typeof C.declareReturnRequest> = {}) =>
        this.post<C.EquipmentLoan>(`/equipment/loans/${id}/declare-return`, b),
      /** The keeper receives it (归还入库); damaged → maintenance job. */
      return: (id: string, b: In<typeof C.returnLoanRequest>) => this.post<C.EquipmentLoan>(`/equipment/loans/${id}/return`, b),
      recall: (id: string, b: In<typeof C.recallLoanRequest>) => this.post<C.EquipmentLoan>(`/equipment/loans/${id}/recall`, b),
      /** A reminder to the borrower now (催还). */
      nudge: (id: string) => this.post<Out<typeof C.nudgeResponse>>(`/equipment/loans/${id}/nudge`),
    },
    maintenance: {
      list: (q: In<typeof C.maintenanceQuery> = {}) =>
        this.get<C.Page<C.EquipmentMaintenance>>('/equipment/maintenance', q as Query),
      pass: (id: string, b: In<typeof C.maintenanceResultRequest> = {}) =>
        this.post<C.EquipmentMaintenance>(`/equipment/maintenance/${id}/pass`, b),
      /** A fail needs a note; the unit stays in maintenance and cannot be lent. */
      fail: (id: string, b: In<typeof C.maintenanceResultRequest>) =>
        this.post<C.EquipmentMaintenance>(`/equipment/maintenance/${id}/fail`, b),
    },
  };
  // ---- IoT monitoring (物联网实时监测) ----
  readonly iot = {
    /** The device catalogue with the zone's effective type-level rules. */
    deviceTypes: () => this.get<C.IotDeviceTypesResponse>('/iot/device-types'),
    devices: {
      list: (q: In<typeof C.iotDevicesQuery> = {}) => this.get<C.Page<C.IotDevice>>('/iot/devices', q as Query),
      /** With latest values (Redis), effective rules and active alarms. */
      get: (id: string) => this.get<C.IotDeviceDetail>(`/iot/devices/${id}`),
      /** → { device, secret }: the secret is shown once, never again (rotate to get a new one). */
      create: (b: In<typeof C.createIotDeviceRequest>) =>
        this.post<Out<typeof C.createIotDeviceResponse>>('/iot/devices', b, { idempotencyKey: true }),
      /** Ledger fields with the device's `version`; stale → 409. */
      update: (id: string, b: In<typeof C.updateIotDeviceRequest>) => this.patch<C.IotDevice>(`/iot/devices/${id}`, b),
      enable: (id: string, b: In<typeof C.iotDeviceVersionRequest> = {}) =>
        this.post<C.IotDevice>(`/iot/devices/${id}/enable`, b),
      disable: (id: string, b: In<typeof C.iotDeviceVersionRequest> = {}) =>
        this.post<C.IotDevice>(`/iot/devices/${id}/disable`, b),
      /** New secret (shown once); the old one stops working at once. */
      rotateCredentials: (id: string, b: In<typeof C.iotDeviceVersionRequest> = {}) =>
        this.post<Out<typeof C.rotateIotCredentialsResponse>>(`/iot/devices/${id}/credentials`, b),
      /** Readings between from and to (≤ 7 days), downsampled to ≤ 600 points per quantity. */
      readings: (id: string, q: In<typeof C.iotReadingsQuery>) =>
        this.get<C.IotReadingsResponse>(`/iot/devices/${id}/readings`, q as Query),
      /** Excel import: a dry run unless `commit` (multipart: file, commit). */
      import: (file: Blob, commit: boolean, fileName = 'iot-devices.xlsx') => {
        const form = new FormData();
        form.append('commit', commit ? 'true' : 'false');
        form.append('file', file, fileName);
        return this.request<C.IotImportResult>('POST', '/iot/devices/import', { form, timeoutMs: 120_000 });
      },
      /** URL of the import template (.xlsx; download with the bearer token). */
      templateUrl: () => `${this.#o.baseUrl}/iot/devices/template.xlsx`,
      /** URL of the ledger export (.xlsx; same filters as the list; download with the bearer token). */
      exportUrl: (q: In<typeof C.iotDevicesQuery> = {}) => `${this.#o.baseUrl}/iot/devices/export.xlsx${qs(q as Query)}`,
    },
    /** Every device's state for the monitoring page (latest values, online, most severe active alarm). */
    live: () => this.get<C.IotLiveResponse>('/iot/live'),
    rules: {
      /** A type's or a device's rules: active version, effective set and its source, history. */
      get: (q: In<typeof C.iotRulesQuery>) => this.get<C.IotRulesResponse>('/iot/rules', q as Query),
      /** Saves a new version; a bad rule → 422 with field errors (rules.conditions.0.level2). */
      save: (b: In<typeof C.saveIotRulesRequest>) => this.put<C.IotRulesResponse>('/iot/rules', b),
    },
    alarms: {
      list: (q: In<typeof C.iotAlarmsQuery> = {}) => this.get<C.CursorPage<C.IotAlarm>>('/iot/alarms', q as Query),
      /** With timeline, device, hazard summary and the condition that raised it. */
      get: (id: string) => this.get<C.IotAlarmDetail>(`/iot/alarms/${id}`),
      /** Each change sends the alarm's `version`; stale → 409 (已被他人处理或状态已变化). */
      ack: (id: string, b: In<typeof C.ackIotAlarmRequest>) => this.post<C.IotAlarmDetail>(`/iot/alarms/${id}/ack`, b),
      assign: (id: string, b: In<typeof C.assignIotAlarmRequest>) => this.post<C.IotAlarmDetail>(`/iot/alarms/${id}/assign`, b),
      comment: (id: string, b: In<typeof C.commentIotAlarmRequest>) =>
        this.post<C.IotAlarmDetail>(`/iot/alarms/${id}/comment`, b),
      clear: (id: string, b: In<typeof C.clearIotAlarmRequest>) => this.post<C.IotAlarmDetail>(`/iot/alarms/${id}/clear`, b),
      /** Handling record (cause, measures, photos); only once cleared, or `forceClear` by the office. */
      close: (id: string, b: In<typeof C.closeIotAlarmRequest>) => this.post<C.IotAlarmDetail>(`/iot/alarms/${id}/close`, b),
      stats: (q: In<typeof C.iotAlarmStatsQuery>) => this.get<C.IotAlarmStats>('/iot/alarms/stats', q as Query),
    },
    ingest: {
      /** Rejected readings by reason over the last `days` days. */
      stats: (q: In<typeof C.iotIngestStatsQuery> = {}) => this.get<C.IotIngestStats>('/iot/ingest/stats', q as Query),
    },
  };
  // ---- incidents and emergency linkage (应急联动) ----
  readonly incidents = {
    /**
     * One-press SOS (一键求救). `clientKey` is fixed per press and doubles as the Idempotency-Key, so a weak network's
     * replay answers the same incident (200) instead of creating a second; a second SOS of the same person within the
     * zone's merge window merges into the first (`merged: true`).
     */
    sos: (b: In<typeof C.sosRequest>) => this.post<C.SosResponse>('/incidents/sos', b, { idempotencyKey: b.clientKey }),
    /** The duty desk raises an incident (phone call, desk, or from an IoT alarm). */
    create: (b: In<typeof C.createIncidentRequest>) => this.post<C.IncidentDetail>('/incidents', b, { idempotencyKey: true }),
    list: (q: In<typeof C.incidentsQuery> = {}) => this.get<C.CursorPage<C.Incident>>('/incidents', q as Query),
    /** The incidents the caller reported, or of the caller's enterprise. */
    mine: (q: In<typeof C.myIncidentsQuery> = {}) => this.get<C.CursorPage<C.Incident>>('/incidents/mine', q as Query),
    stats: (q: In<typeof C.incidentStatsQuery>) => this.get<C.IncidentStats>('/incidents/stats', q as Query),
    /** With clock, checklist, dispatches, equipment, warnings, timeline, plan, authority report. */
    get: (id: string) => this.get<C.IncidentDetail>(`/incidents/${id}`),
    /** Every change sends the incident's `version`; stale → 409. */
    update: (id: string, b: In<typeof C.updateIncidentRequest>) => this.patch<C.IncidentDetail>(`/incidents/${id}`, b),
    setStatus: (id: string, b: In<typeof C.incidentStatusRequest>) => this.post<C.IncidentDetail>(`/incidents/${id}/status`, b),
    /** Close with the summary (a drill writes a Drill record into the enterprise's file). */
    close: (id: string, b: In<typeof C.closeIncidentRequest>) => this.post<C.IncidentDetail>(`/incidents/${id}/close`, b),
    cancel: (id: string, b: In<typeof C.cancelIncidentRequest>) => this.post<C.IncidentDetail>(`/incidents/${id}/cancel`, b),
    /** Casualties and loss; the grade (条例 Art. 3) is recomputed. Negative or absurd numbers → 422. */
    casualties: (id: string, b: In<typeof C.casualtiesRequest>) => this.put<C.IncidentDetail>(`/incidents/${id}/casualties`, b),
    /** Records the report to the authority (Art. 9/12); drills → 422. */
    authorityReport: (id: string, b: In<typeof C.authorityReportRequest>) =>
      this.post<C.IncidentDetail>(`/incidents/${id}/authority-report`, b),
    notes: (id: string, b: In<typeof C.incidentNoteRequest>) => this.post<C.IncidentDetail>(`/incidents/${id}/notes`, b),
    /** URL of the initial report 快报 (.docx; download with the bearer token). */
    initialReportUrl: (id: string) => `${this.#o.baseUrl}/incidents/${id}/initial-report.docx`,
    /** URL of the after-action report (.docx, closed incidents; download with the bearer token). */
    afterActionReportUrl: (id: string) => `${this.#o.baseUrl}/incidents/${id}/after-action-report.docx`,
    planProposals: (id: string) => this.get<C.PlanProposals>(`/incidents/${id}/plan-proposals`),
    /** Applies a plan: the checklist is rebuilt from its steps (due = learnedAt + withinMinutes). */
    applyPlan: (id: string, b: In<typeof C.applyPlanRequest>) => this.post<C.IncidentDetail>(`/incidents/${id}/plan`, b),
    checklist: (id: string, itemId: string, b: In<typeof C.checklistItemRequest>) =>
      this.post<C.IncidentDetail>(`/incidents/${id}/checklist/${itemId}`, b),
    // dispatch (调派)
    dispatchProposal: (id: string) => this.get<C.DispatchProposal>(`/incidents/${id}/dispatch-proposal`),
    /** Confirms a dispatch; refusals come back per person (422 errors[] by path). */
    dispatch: (id: string, b: In<typeof C.dispatchRequest>) =>
      this.post<C.IncidentDetail>(`/incidents/${id}/dispatch`, b, { idempotencyKey: true }),
    myDispatches: () => this.get<C.MyDispatches>('/incidents/my-dispatches'),
    dispatches: {
      ack: (dispatchId: string) => this.post<C.IncidentDispatch>(`/incidents/dispatches/${dispatchId}/ack`, {}),
      status: (dispatchId: string, b: In<typeof C.dispatchStatusRequest>) =>
        this.post<C.IncidentDispatch>(`/incidents/dispatches/${dispatchId}/status`, b),
      /** 我平安: answers the current roll call. */
      rollCall: (dispatchId: string, b: In<typeof C.rollCallRequest> = {}) =>
        this.post<C.IncidentDispatch>(`/incidents/dispatches/${dispatchId}/roll-call`, b),
      standDown: (dispatchId: string, b: In<typeof C.standDownRequest> = {}) =>
        this.post<C.IncidentDispatch>(`/incidents/dispatches/${dispatchId}/stand-down`, b),
    },
    photos: (id: string, b: In<typeof C.incidentPhotosRequest>) => this.post<C.IncidentDetail>(`/incidents/${id}/photos`, b),
    /** A unit out on the incident stands down (归队: back to the room, or to maintenance when damaged); 404 when not out. */
    releaseUnit: (id: string, unitId: string, b: { condition?: C.EquipmentCondition; note?: string } = {}) =>
      this.post<C.IncidentDetail>(`/incidents/${id}/equipment/${unitId}/release`, b),
    // downwind warnings (下风向预警)
    /** Without wind: the tower's latest reading; none → 422 请填写风向风速. */
    downwind: (id: string, q: In<typeof C.downwindQuery> = {}) =>
      this.get<C.DownwindResponse>(`/incidents/${id}/downwind`, q as Query),
    sendWarnings: (id: string, b: In<typeof C.sendWarningsRequest>) =>
      this.post<C.SendWarningsResponse>(`/incidents/${id}/warnings`, b),
    warnings: {
      /** The caller's enterprise's warnings. */
      mine: () => this.get<C.MyWarnings>('/incidents/warnings/mine'),
      ack: (warningId: string) => this.post<C.IncidentWarning>(`/incidents/warnings/${warningId}/ack`, {}),
    },
  };
  readonly responsePlans = {
    list: (q: In<typeof C.responsePlansQuery> = {}) => this.get<C.CursorPage<C.ResponsePlan>>('/response-plans', q as Query),
    get: (id: string) => this.get<C.ResponsePlan>(`/response-plans/${id}`),
    create: (b: In<typeof C.createResponsePlanRequest>) =>
      this.post<C.ResponsePlan>('/response-plans', b, { idempotencyKey: true }),
    update: (id: string, b: In<typeof C.updateResponsePlanRequest>) => this.patch<C.ResponsePlan>(`/response-plans/${id}`, b),
    /** Archives (inactive); applied checklists keep their steps. */
    archive: (id: string) => this.del<C.ResponsePlan>(`/response-plans/${id}`),
  };
  readonly sensitiveTargets = {
    list: (q: In<typeof C.sensitiveTargetsQuery> = {}) =>
      this.get<C.CursorPage<C.SensitiveTarget>>('/sensitive-targets', q as Query),
    create: (b: In<typeof C.createSensitiveTargetRequest>) =>
      this.post<C.SensitiveTarget>('/sensitive-targets', b, { idempotencyKey: true }),
    update: (id: string, b: In<typeof C.updateSensitiveTargetRequest>) =>
      this.patch<C.SensitiveTarget>(`/sensitive-targets/${id}`, b),
    archive: (id: string) => this.del<C.SensitiveTarget>(`/sensitive-targets/${id}`),
  };
  /** The command hall's snapshot (指挥大厅); live changes come as `incident.changed` / `iot.alarm` events. */
  readonly commandHall = {
    get: () => this.get<C.CommandHall>('/command-hall'),
  };
  // ---- law library (法律法规) ----
  readonly laws = {
    /** Documents (platform library + the zone's own) with the version and status as of `asOf` (default today). */
    documents: (q: In<typeof C.lawDocumentsQuery> = {}) => this.get<Out<typeof C.lawDocumentList>>('/laws/documents', q as Query),
    document: (id: string, asOf?: string) => this.get<C.LawDocumentDetail>(`/laws/documents/${id}`, { asOf }),
    /** A document and its first version; parse errors → ApiError law_parse_failed (422) with errors by line. */
    createDocument: (b: In<typeof C.createLawDocumentRequest>) =>
      this.post<C.LawWriteResult>('/laws/documents', b, { idempotencyKey: true }),
    updateDocument: (id: string, b: In<typeof C.updateLawDocumentRequest>) =>
      this.patch<C.LawDocumentDetail>(`/laws/documents/${id}`, b),
    addVersion: (documentId: string, b: In<typeof C.createLawVersionRequest>) =>
      this.post<C.LawWriteResult>(`/laws/documents/${documentId}/versions`, b, { idempotencyKey: true }),
    /** The reader: structure and every article. */
    version: (id: string, asOf?: string) => this.get<C.LawVersionDetail>(`/laws/versions/${id}`, { asOf }),
    /** Soft delete; 409 law_version_cited while cited. */
    deleteVersion: (id: string) => this.del<void>(`/laws/versions/${id}`),
    /** Removes a mistaken document and its versions (409 law_version_cited while cited). */
    deleteDocument: (id: string) => this.del<void>(`/laws/documents/${id}`),
    article: (versionId: string, key: string, asOf?: string) =>
      this.get<C.LawArticleDetail>(`/laws/versions/${versionId}/articles/${encodeURIComponent(key)}`, { asOf }),
    citedBy: (versionId: string, key: string) =>
      this.get<Out<typeof C.lawCitedByResponse>>(`/laws/versions/${versionId}/articles/${encodeURIComponent(key)}/cited-by`),
    diff: (a: string, b: string) => this.get<C.LawDiffResult>(`/laws/versions/${a}/diff/${b}`),
    /** Parse preview of a pasted text (nothing saved). */
    parseText: (b: In<typeof C.lawParseRequest>) => this.post<C.LawParseResult>('/laws/parse', b),
    /** Parse preview of a file: `form` has `file` (.md, .txt or .docx ≤ 5 MB). */
    parseFile: (form: FormData) => this.request<C.LawParseResult>('POST', '/laws/parse', { form, timeoutMs: 60_000 }),
    resolveCitations: (refs: C.LawCitationRef[], asOf?: string) =>
      this.post<Out<typeof C.resolveLawCitationsResponse>>('/laws/citations/resolve', { refs, ...(asOf ? { asOf } : {}) }),
    /** Article refs read from a free-text legal basis (《安全生产法》第二十一条). */
    resolveCitationText: (text: string, asOf?: string) =>
      this.get<Out<typeof C.resolveLawCitationTextResponse>>('/laws/citations/resolve-text', { text, asOf }),
    flaggedCitations: (q: In<typeof C.lawFlaggedCitationsQuery> = {}) =>
      this.get<Out<typeof C.lawFlaggedCitationsResponse>>('/laws/citations/flagged', q as Query),
    // search (the search part's routes)
    search: (q: In<typeof C.lawSearchQuery>) => this.get<C.LawSearchResult>('/laws/search', q as Query),
    suggest: (q: string) => this.get<C.LawSuggestResult>('/laws/suggest', { q }),
    synonyms: {
      list: () => this.get<Out<typeof C.lawSynonymGroupList>>('/laws/synonyms'),
      create: (b: In<typeof C.createLawSynonymGroupRequest>) =>
        this.post<C.LawSynonymGroup>('/laws/synonyms', b, { idempotencyKey: true }),
      update: (id: string, b: In<typeof C.updateLawSynonymGroupRequest>) =>
        this.patch<C.LawSynonymGroup>(`/laws/synonyms/${id}`, b),
      delete: (id: string) => this.del<void>(`/laws/synonyms/${id}`),
    },
  };
  // ---- city supervision (监管机构): the platform's bureaus and grants, a bureau's views, a zone's read log ----
  readonly supervision = {
    bureaus: (q: Query = {}) => this.get<C.Page<C.Bureau>>('/platform/bureaus', q),
    /** A bureau with its first user; the generated password is answered once. */
    createBureau: (b: In<typeof C.createBureauRequest>) =>
      this.post<C.CreateBureauResponse>('/platform/bureaus', b, { idempotencyKey: true }),
    /** A bureau's account: a new city supervisor, or a new password for an existing username (answered once). */
    bureauUser: (bureauId: string, b: In<typeof C.bureauUserRequest>) =>
      this.post<C.BureauUserResponse>(`/platform/bureaus/${bureauId}/users`, b),
    grants: (q: In<typeof C.supervisionGrantsQuery> = {}) =>
      this.get<C.Page<C.SupervisionGrant>>('/platform/supervision-grants', q as Query),
    createGrant: (b: In<typeof C.createSupervisionGrantRequest>) =>
      this.post<C.SupervisionGrant>('/platform/supervision-grants', b, { idempotencyKey: true }),
    updateGrant: (id: string, b: In<typeof C.updateSupervisionGrantRequest>) =>
      this.patch<C.SupervisionGrant>(`/platform/supervision-grants/${id}`, b),
    revokeGrant: (id: string, b: In<typeof C.revokeSupervisionGrantRequest> = {}) =>
      this.post<C.SupervisionGrant>(`/platform/supervision-grants/${id}/revoke`, b),
    /** The zones the bureau may read now. */
    zones: () => this.get<C.GrantedZoneDto[]>('/supervision/zones'),
    /** The bureau's own grants, latest end first (zone name and window): why a zone is not there. */
    myGrants: () => this.get<C.BureauGrant[]>('/supervision/grants'),
    /** A read-only token of the zone (like the platform's act-as); 404 `zone` without a grant in force. */
    enter: (zoneId: string) => this.post<C.EnterZoneResponse>(`/supervision/zones/${zoneId}/enter`),
    /** The bureau's own trail across zones. */
    reads: (q: In<typeof C.bureauSupervisionReadsQuery> = {}) =>
      this.get<C.SupervisionReadsPage>('/supervision/reads', q as Query),
    /** 城市总览: every granted zone side by side, with the totals. */
    overview: () => this.get<C.CityOverview>('/supervision/overview'),
    /** One granted zone's figures, red enterprises and overdue major hazards (without entering it). */
    zoneSummary: (zoneId: string) => this.get<C.CityZoneSummary>(`/supervision/zones/${zoneId}/summary`),
    map: () => this.get<C.CityMap>('/supervision/map'),
    hazardStats: (year?: number) => this.get<C.CityHazardStats>('/supervision/hazard-stats', { year }),
    /** URL of the hazard statistics workbook (.xlsx; download with the bearer token). */
    hazardStatsExportUrl: (year?: number) => `${this.#o.baseUrl}/supervision/hazard-stats/export${qs({ year })}`,
    /** The zone's 上级查看记录: who from a supervising bureau read its data. */
    zoneReads: (q: In<typeof C.zoneSupervisionReadsQuery> = {}) =>
      this.get<C.SupervisionReadsPage>('/supervision-reads', q as Query),
  };
  // ---- API keys of other systems (集成 → API 密钥, issue 14 §3): the key text is in create/rotate answers only ----
  readonly apiKeys = {
    list: (q: In<typeof C.apiKeysQuery> = {}) => this.get<C.Page<C.ApiKey>>('/api-keys', q as Query),
    /** A new key; `key` (yak_…) is shown this once. */
    create: (b: In<typeof C.createApiKeyRequest>) => this.post<C.ApiKeyCreated>('/api-keys', b),
    update: (id: string, b: In<typeof C.updateApiKeyRequest>) => this.patch<C.ApiKey>(`/api-keys/${id}`, b),
    /** A new key (shown once); the old one keeps working for `graceHours` (0–168). */
    rotate: (id: string, b: In<typeof C.rotateApiKeyRequest> = {}) => this.post<C.ApiKeyRotated>(`/api-keys/${id}/rotate`, b),
    revoke: (id: string) => this.post<C.ApiKey>(`/api-keys/${id}/revoke`),
  };
  // ---- webhooks (集成 → Webhook 订阅, issue 14 §4): the secret is in create/rotate answers only ----
  readonly webhooks = {
    list: () => this.get<C.WebhookSubscription[]>('/webhooks'),
    get: (id: string) => this.get<C.WebhookSubscription>(`/webhooks/${id}`),
    /** Subscribes; `secret` (whsec_…) is shown this once. 422 `webhook_url_refused` for a private address. */
    create: (b: In<typeof C.createWebhookRequest>) => this.post<C.WebhookWithSecret>('/webhooks', b, { idempotencyKey: true }),
    update: (id: string, b: In<typeof C.updateWebhookRequest>) => this.patch<C.WebhookSubscription>(`/webhooks/${id}`, b),
    remove: (id: string) => this.del<void>(`/webhooks/${id}`),
    rotateSecret: (id: string, b: In<typeof C.rotateWebhookSecretRequest> = {}) =>
      this.post<C.WebhookWithSecret>(`/webhooks/${id}/rotate-secret`, b),
    enable: (id: string) => this.post<C.WebhookSubscription>(`/webhooks/${id}/enable`),
    ping: (id: string) => this.post<C.WebhookDelivery>(`/webhooks/${id}/ping`),
    deliveries: (q: In<typeof C.webhookDeliveriesQuery> = {}) =>
      this.get<C.WebhookDeliveriesPage>('/webhooks/deliveries', q as Query),
    delivery: (id: string) => this.get<C.WebhookDeliveryDetail>(`/webhooks/deliveries/${id}`),
    /** A new delivery with the same payload and event id. */
    replay: (id: string) => this.post<C.WebhookDelivery>(`/webhooks/deliveries/${id}/replay`),
    /** Platform operator: allow a zone's webhooks to target private addresses. */
    setZoneIntegration: (zoneId: string, b: C.ZoneIntegrationSettings) =>
      this.put<C.ZoneIntegrationSettings>(`/platform/zones/${zoneId}/integration`, b),
  };
}
