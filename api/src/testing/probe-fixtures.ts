import { markPasswordChanged, type TestEnv } from './test-env.ts';
import type { Em } from '../core/db/orm.ts';
import { Enterprise } from '../modules/enterprises/enterprise.entity.ts';
import { InspectionPlan, InspectionTask } from '../modules/inspections/inspection.entity.ts';
import { DutyLeave, DutyOverride, DutySwap } from '../modules/duty/duty.entity.ts';
import {
  EquipmentLoan,
  EquipmentMaintenance,
  EquipmentModel,
  EquipmentRequest,
  EquipmentReservation,
  EquipmentUnit,
} from '../modules/equipment/equipment.entity.ts';
import { IotAlarm } from '../modules/iot/iot.entity.ts';
import { IncidentDispatch, IncidentWarning, SensitiveTarget } from '../modules/incidents/dispatch.entity.ts';
import { LawSynonymGroup } from '../modules/laws/law.entity.ts';
import { Tenant } from '../modules/tenants/tenant.entity.ts';
import { SupervisionGrant } from '../modules/supervision/supervision.entity.ts';
import { WebhookDelivery } from '../modules/webhooks/webhook.entity.ts';
import { systemEm } from '../core/db/orm.ts';
import { defaultTenantSettings } from '@yuanan/contracts';
import { addDays, buildCreditCode, localDate } from '@yuanan/domain';

/** A date `n` days from today (deadlines are refused more than a year ahead). */
const inDays = (n: number) => addDays(localDate(new Date(), 'Asia/Shanghai'), n);

export interface FixtureContext {
  env: TestEnv;
  zone: { token: string; tenant: { id: string; code: string } };
  inTenant<T>(fn: (em: Em) => Promise<T>): Promise<T>;
  ids: Record<string, string>;
  photo: () => Promise<Buffer>;
  multipart: (file: Buffer, name: string, fields: Record<string, string>, type?: string) => FormData;
}

async function ok<T = any>(p: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`probe fixture ${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

let seq = 0;

/**
 * One record of every kind a route can reference (`x-ref`), made in a zone. A new kind of record needs a
 * line here, or the probe fails naming the kind it cannot probe. Order matters: later kinds may use earlier.
 */
export const probeFixtures: Record<string, (f: FixtureContext) => Promise<string>> = {
  enterprise: (f) =>
    f.inTenant(async (em) => {
      seq++;
      const e = em.create(Enterprise, {
        creditCode: buildCreditCode('91', '330782', `PR0BE${String(seq).padStart(3, '0')}`.slice(0, 8)),
        name: `探针企业${f.zone.tenant.code}`,
        principalName: '张三',
      } as never);
      await em.flush();
      return (e as Enterprise).id;
    }),
  grid: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/catalog', {
          token: f.zone.token,
          body: { kind: 'grid', code: `g${++seq}`, name: '探针网格' },
        }),
        'grid',
      )
    ).id,
  catalogItem: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/catalog', {
          token: f.zone.token,
          body: { kind: 'hazard_category', code: `c${++seq}`, name: '探针类别' },
        }),
        'catalog',
      )
    ).id,
  user: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/users', {
          token: f.zone.token,
          body: { username: `probe${++seq}`, name: '探针用户', role: 'grid_worker', password: 'Probe#Passw0rd!' },
        }),
        'user',
      )
    ).id,
  session: async (f) => (await ok<any[]>(f.env.req('GET', '/api/v1/me/sessions', { token: f.zone.token }), 'session'))[0].id,
  invitation: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/invitations', { token: f.zone.token, body: { role: 'grid_worker' } }),
        'invitation',
      )
    ).id,
  file: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/files', {
          token: f.zone.token,
          raw: f.multipart(await f.photo(), 'p.jpg', { purpose: 'hazard_photo' }),
        }),
        'file',
      )
    ).id,
  contact: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', `/api/v1/enterprises/${f.ids.enterprise}/contacts`, {
          token: f.zone.token,
          body: { name: '探针联系人', phone: '13800000001' },
        }),
        'contact',
      )
    ).id,
  certificate: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', `/api/v1/enterprises/${f.ids.enterprise}/certificates`, {
          token: f.zone.token,
          body: {
            personName: '探针',
            certKind: 'special_operation',
            category: '电工作业',
            certNumber: `T${++seq}00001`,
            issuedOn: '2024-01-01',
            expiresOn: '2030-01-01',
          },
        }),
        'certificate',
      )
    ).id,
  chemical: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', `/api/v1/enterprises/${f.ids.enterprise}/chemicals`, {
          token: f.zone.token,
          body: { name: '液氨', cas: '7664-41-7', maxQuantity: 2 },
        }),
        'chemical',
      )
    ).id,
  supply: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', `/api/v1/enterprises/${f.ids.enterprise}/supplies`, {
          token: f.zone.token,
          body: { name: '灭火器', quantity: 1, unit: '具', minimumStock: 5 },
        }),
        'supply',
      )
    ).id,
  teamMember: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', `/api/v1/enterprises/${f.ids.enterprise}/team`, {
          token: f.zone.token,
          body: { name: '探针队员', role: '队员' },
        }),
        'team',
      )
    ).id,
  plan: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', `/api/v1/enterprises/${f.ids.enterprise}/plans`, {
          token: f.zone.token,
          body: { kind: 'special', title: '探针预案' },
        }),
        'plan',
      )
    ).id,
  drill: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', `/api/v1/enterprises/${f.ids.enterprise}/drills`, {
          token: f.zone.token,
          body: { kind: 'special', heldOn: '2026-01-10', planId: f.ids.plan },
        }),
        'drill',
      )
    ).id,
  riskPoint: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', `/api/v1/enterprises/${f.ids.enterprise}/risk-points`, {
          token: f.zone.token,
          body: { name: '探针风险点', method: 'LS', factors: { l: 2, s: 3 } },
        }),
        'risk point',
      )
    ).id,
  // The supply above is below its minimum stock: that raised a task by itself.
  task: async (f) =>
    (await ok<any>(f.env.req('GET', `/api/v1/tasks?enterpriseId=${f.ids.enterprise}`, { token: f.zone.token }), 'task')).items[0]
      .id,
  changeRequest: async (f) => {
    const username = `entadm${++seq}`;
    const made = await ok<any>(
      f.env.req('POST', '/api/v1/users', {
        token: f.zone.token,
        body: {
          username,
          name: '探针企业',
          role: 'enterprise_admin',
          password: 'Probe#Passw0rd!',
          enterpriseId: f.ids.enterprise,
        },
      }),
      'enterprise user',
    );
    await markPasswordChanged(f.env, made.id as string);
    const login = await ok<any>(
      f.env.req('POST', '/api/v1/auth/login', { body: { tenant: f.zone.tenant.code, username, password: 'Probe#Passw0rd!' } }),
      'login',
    );
    const r = await ok<any>(
      f.env.req('PATCH', `/api/v1/enterprises/${f.ids.enterprise}`, { token: login.accessToken, body: { name: '探针企业改名' } }),
      'change request',
    );
    return r.changeRequest.id;
  },
  savedView: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/saved-views', {
          token: f.zone.token,
          body: { page: 'enterprises', name: '探针', query: { colour: 'red' } },
        }),
        'saved view',
      )
    ).id,
  hazard: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/hazards', {
          token: f.zone.token,
          body: {
            enterpriseId: f.ids.enterprise,
            source: 'safety_inspection',
            categoryCode: 'electrical',
            description: '探针隐患描述',
          },
        }),
        'hazard',
      )
    ).id,
  extension: async (f) => {
    const h = await ok<any>(f.env.req('GET', `/api/v1/hazards/${f.ids.hazard}`, { token: f.zone.token }), 'hazard');
    await ok<any>(
      f.env.req('POST', `/api/v1/hazards/${f.ids.hazard}/transitions`, {
        token: f.zone.token,
        body: { action: 'confirm', version: h.version, grade: 'general', deadline: inDays(200), responsibleName: '探针' },
      }),
      'confirm',
    );
    return (
      await ok<any>(
        f.env.req('POST', `/api/v1/hazards/${f.ids.hazard}/extensions`, {
          token: f.zone.token,
          body: { requestedDeadline: inDays(230), reason: '探针延期申请' },
        }),
        'extension',
      )
    ).id;
  },
  importJob: async (f) => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('企业').addRow(['统一社会信用代码', '企业名称', '主要负责人']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    return (
      await ok<any>(
        f.env.req('POST', '/api/v1/enterprises/import', {
          token: f.zone.token,
          raw: f.multipart(
            buf,
            'x.xlsx',
            { dryRun: 'true' },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ),
        }),
        'import',
      )
    ).id;
  },
  notification: async (f) =>
    f.inTenant(async (em) => {
      const [n] = await f.env.api.services.notifications.notify(em, {
        userIds: [f.ids.user!],
        kind: 'probe',
        title: '探针',
        body: '探针通知',
        dedupeKey: `probe-${++seq}`,
      });
      return n!.id;
    }),
  // Inspections (日常留痕监管): a draft template, an agency and its contract, a plan and a task made directly.
  inspection_template: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/inspection-templates', {
          token: f.zone.token,
          body: {
            name: '探针检查表',
            sections: [{ title: '探针', items: [{ key: 'probe', text: '是否探针？', kind: 'yes_no', photoRequired: false }] }],
          },
        }),
        'inspection template',
      )
    ).id,
  inspection_agency: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/inspection-agencies', {
          token: f.zone.token,
          body: { name: '探针机构', contactName: '张三', contactPhone: '13905790103' },
        }),
        'inspection agency',
      )
    ).id,
  inspection_contract: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/inspection-contracts', {
          token: f.zone.token,
          body: {
            agencyId: f.ids.inspection_agency,
            name: '探针合同',
            enterpriseIds: [f.ids.enterprise],
            startDate: inDays(0),
            endDate: inDays(30),
          },
        }),
        'inspection contract',
      )
    ).id,
  inspection_plan: (f) =>
    f.inTenant(async (em) => {
      const p = em.create(InspectionPlan, {
        name: '探针计划',
        kind: 'routine',
        assigneeKind: 'role',
        assigneeRole: 'grid_worker',
        target: { gridIds: [], tags: [], colours: [], enterpriseIds: [f.ids.enterprise!] },
        templateIds: [f.ids.inspection_template!],
        frequency: 'monthly',
        startDate: inDays(0),
        enabled: false,
      } as never);
      await em.flush();
      return (p as InspectionPlan).id;
    }),
  inspection_task: (f) =>
    f.inTenant(async (em) => {
      const t = em.create(InspectionTask, {
        planId: f.ids.inspection_plan,
        enterpriseId: f.ids.enterprise,
        templateId: f.ids.inspection_template,
        kind: 'routine',
        assigneeRole: 'grid_worker',
        periodKey: inDays(0),
        startAt: new Date(Date.now() - 3600_000),
        dueAt: new Date(Date.now() + 7 * 86400_000),
        status: 'open',
      } as never);
      await em.flush();
      return (t as InspectionTask).id;
    }),
  // equipment room (器材室): a model, a unit on loan with its loan, a reservation, a request, a maintenance job
  equipmentModel: (f) =>
    f.inTenant(async (em) => {
      const m = em.create(EquipmentModel, { category: 'drone', name: '探针无人机', lendable: true } as never);
      await em.flush();
      return (m as EquipmentModel).id;
    }),
  equipmentUnit: (f) =>
    f.inTenant(async (em) => {
      const u = em.create(EquipmentUnit, {
        modelId: f.ids.equipmentModel,
        assetTag: `PROBE-${++seq}`,
        condition: 'good',
        status: 'on_loan',
      } as never);
      await em.flush();
      return (u as EquipmentUnit).id;
    }),
  equipmentLoan: (f) =>
    f.inTenant(async (em) => {
      const l = em.create(EquipmentLoan, {
        unitId: f.ids.equipmentUnit,
        borrowerKind: 'enterprise',
        enterpriseId: f.ids.enterprise,
        borrowerName: '探针',
        checkedOutAt: new Date(),
        checkedOutBy: f.ids.user,
        dueAt: new Date(Date.now() + 86400_000),
        outCondition: 'good',
      } as never);
      await em.flush();
      return (l as EquipmentLoan).id;
    }),
  equipmentReservation: (f) =>
    f.inTenant(async (em) => {
      const r = em.create(EquipmentReservation, {
        unitId: f.ids.equipmentUnit,
        startsAt: new Date(Date.now() + 10 * 86400_000),
        endsAt: new Date(Date.now() + 11 * 86400_000),
        borrowerKind: 'enterprise',
        enterpriseId: f.ids.enterprise,
        borrowerName: '探针',
        status: 'active',
      } as never);
      await em.flush();
      return (r as EquipmentReservation).id;
    }),
  equipmentRequest: (f) =>
    f.inTenant(async (em) => {
      const r = em.create(EquipmentRequest, {
        enterpriseId: f.ids.enterprise,
        requestedBy: f.ids.user,
        contactName: '探针',
        items: [{ modelId: f.ids.equipmentModel!, quantity: 1 }],
        startsAt: new Date(Date.now() + 20 * 86400_000),
        endsAt: new Date(Date.now() + 21 * 86400_000),
        purpose: '探针',
        status: 'submitted',
      } as never);
      await em.flush();
      return (r as EquipmentRequest).id;
    }),
  equipmentMaintenance: (f) =>
    f.inTenant(async (em) => {
      const j = em.create(EquipmentMaintenance, {
        unitId: f.ids.equipmentUnit,
        kind: 'annual',
        label: '整机年检',
        dueOn: inDays(0),
        status: 'due',
        source: 'schedule',
      } as never);
      await em.flush();
      return (j as EquipmentMaintenance).id;
    }),
  // 物联网: a device of the probe enterprise (through the api: it answers the secret), and an active alarm on it.
  iotDevice: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/iot/devices', {
          token: f.zone.token,
          body: { code: `PROBE-${++seq}`, name: '探针设备', type: 'gas_combustible', enterpriseId: f.ids.enterprise },
        }),
        'iot device',
      )
    ).device.id,
  iotAlarm: (f) =>
    f.inTenant(async (em) => {
      const now = new Date();
      const a = em.create(IotAlarm, {
        deviceId: f.ids.iotDevice!,
        enterpriseId: f.ids.enterprise,
        type: 'gas_lel.threshold',
        kind: 'threshold',
        quantity: 'gas_lel',
        severity: 'major',
        level: 1,
        activeKey: `${f.ids.iotDevice}:gas_lel.threshold`,
        startedAt: now,
        lastAt: now,
        firstValue: 30,
        lastValue: 30,
        peakValue: 30,
      } as never);
      await em.flush();
      return (a as IotAlarm).id;
    }),
  // 值班 (duty): a team led by the probe user, its rotation, then a cover, a swap and leave made directly.
  duty_team: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/duty/teams', {
          token: f.zone.token,
          body: { name: `探针救援队${++seq}`, kind: 'rescue_squad', leaderUserId: f.ids.user, minOnDuty: 1 },
        }),
        'duty team',
      )
    ).id,
  duty_rotation: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/duty/rotations', {
          token: f.zone.token,
          body: {
            teamId: f.ids.duty_team,
            name: '探针轮班',
            pattern: 'daily24',
            handoffTime: '08:00',
            perShift: 1,
            order: [f.ids.user],
            startsOn: inDays(-1),
          },
        }),
        'duty rotation',
      )
    ).id,
  duty_override: (f) =>
    f.inTenant(async (em) => {
      const o = em.create(DutyOverride, {
        teamId: f.ids.duty_team,
        startsAt: new Date(Date.now() + 30 * 86400_000),
        endsAt: new Date(Date.now() + 31 * 86400_000),
        userId: f.ids.user,
        replacesUserId: null,
        source: 'manual',
      } as never);
      await em.flush();
      return (o as DutyOverride).id;
    }),
  duty_swap: (f) =>
    f.inTenant(async (em) => {
      const s = em.create(DutySwap, {
        teamId: f.ids.duty_team,
        requesterId: f.ids.user,
        requesterSlotStart: new Date(Date.now() + 2 * 86400_000),
        requesterSlotEnd: new Date(Date.now() + 3 * 86400_000),
        counterpartId: f.ids.user,
        status: 'requested',
      } as never);
      await em.flush();
      return (s as DutySwap).id;
    }),
  duty_leave: (f) =>
    f.inTenant(async (em) => {
      const l = em.create(DutyLeave, {
        userId: f.ids.user,
        startsAt: new Date(Date.now() + 40 * 86400_000),
        endsAt: new Date(Date.now() + 41 * 86400_000),
        status: 'requested',
      } as never);
      await em.flush();
      return (l as DutyLeave).id;
    }),
  // 应急联动 (incidents, A): an incident raised at the desk for the probe enterprise, a zone plan, and the checklist
  // step the plan makes on the incident.
  incident: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/incidents', {
          token: f.zone.token,
          body: { source: 'phone', type: 'fire', level: 'IV', description: '探针事件', enterpriseId: f.ids.enterprise },
        }),
        'incident',
      )
    ).id,
  responsePlan: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/response-plans', {
          token: f.zone.token,
          body: {
            title: '探针预案',
            incidentTypes: ['fire'],
            levels: ['IV'],
            steps: [{ key: 'verify', order: 1, who: '值班员', action: '接警核实', withinMinutes: 2 }],
          },
        }),
        'response plan',
      )
    ).id,
  incidentChecklistItem: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', `/api/v1/incidents/${f.ids.incident}/plan`, {
          token: f.zone.token,
          body: { planId: f.ids.responsePlan },
        }),
        'incident checklist',
      )
    ).checklist[0].id,
  // 应急联动 (incidents, B): a dispatch of the probe user to the probe incident, a downwind warning to the probe
  // enterprise, and a sensitive target (written directly: their routes are tested in dispatch/warnings.test.ts).
  incidentDispatch: (f) =>
    f.inTenant(async (em) => {
      const now = new Date();
      const d = em.create(IncidentDispatch, {
        incidentId: f.ids.incident,
        userId: f.ids.user,
        userName: '探针队员',
        status: 'pending_ack',
        dispatchedAt: now,
        dispatchedBy: null,
        ackDueAt: new Date(now.getTime() + 3_600_000),
      } as never);
      await em.flush();
      return (d as IncidentDispatch).id;
    }),
  incidentWarning: (f) =>
    f.inTenant(async (em) => {
      const w = em.create(IncidentWarning, {
        incidentId: f.ids.incident,
        targetKind: 'enterprise',
        targetKey: `e:${f.ids.enterprise}`,
        enterpriseId: f.ids.enterprise,
        name: '探针企业',
        distanceM: 500,
        bearingDeg: 180,
        message: '探针预警',
        sentAt: new Date(),
        simulated: false,
      } as never);
      await em.flush();
      return (w as IncidentWarning).id;
    }),
  sensitiveTarget: (f) =>
    f.inTenant(async (em) => {
      const x = em.create(SensitiveTarget, {
        kind: 'school',
        name: `探针学校${++seq}`,
        lat: 29.1,
        lng: 119.65,
        active: true,
      } as never);
      await em.flush();
      return (x as SensitiveTarget).id;
    }),
  // law library (法律法规): a zone's own document with one version (article 1 exists), a synonym group
  lawDocument: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/laws/documents', {
          token: f.zone.token,
          body: {
            title: `探针园区制度${++seq}`,
            docType: 'zone_rule',
            issuingBody: '探针园区管委会',
            version: {
              label: '2026年版',
              effectiveOn: '2026-01-01',
              format: 'text',
              text: `第一条 探针${f.zone.tenant.code}${seq}：为了规范园区危险作业，制定本制度。\n第二条 动火作业应当办理作业许可。`,
            },
          },
        }),
        'law document',
      )
    ).documentId,
  lawVersion: async (f) =>
    (await ok<any>(f.env.req('GET', `/api/v1/laws/documents/${f.ids.lawDocument}`, { token: f.zone.token }), 'law version'))
      .versions[0].id,
  // API keys (issue 14 §3): a key of the zone, made through the api.
  apiKey: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/api-keys', {
          token: f.zone.token,
          body: {
            name: `探针密钥${++seq}`,
            scopes: ['hazards.read'],
            expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          },
        }),
        'api key',
      )
    ).apiKey.id,
  // A bureau (tenant kind 'bureau') granted this zone: grants are platform-owned, made here without a route.
  supervisionGrant: async (f) => {
    const em = systemEm(f.env.api.c.orm);
    const bureau = em.create(Tenant, {
      code: `pb-${f.zone.tenant.code}-${++seq}`.slice(0, 32),
      name: `探针监管机构${seq}`,
      region: '浙江省',
      timeZone: 'Asia/Shanghai',
      kind: 'bureau',
      status: 'active',
      settings: defaultTenantSettings(),
    });
    const g = em.create(SupervisionGrant, {
      bureauId: bureau.id,
      zoneId: f.zone.tenant.id,
      validFrom: new Date(Date.now() - 86_400_000),
      validUntil: new Date(Date.now() + 30 * 86_400_000),
      revokedAt: null,
      revokedBy: null,
      createdBy: '探针',
      note: null,
    });
    await em.flush();
    return g.id;
  },
  lawSynonymGroup: (f) =>
    f.inTenant(async (em) => {
      const g = em.create(LawSynonymGroup, { terms: [`探针${++seq}`, `探测${seq}`], note: null } as never);
      await em.flush();
      return (g as LawSynonymGroup).id;
    }),
  exportTarget: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/exports/targets', {
          token: f.zone.token,
          body: { name: `探针报送${++seq}`, profileId: 'provincial-hazard-ledger', format: 'json' },
        }),
        'export target',
      )
    ).id,
  // Webhooks (issue 14 §4): a subscription to a public address literal (nothing resolved or sent at subscribe time),
  // and a delivery row written directly (no job: the probe sends nothing anywhere).
  webhook: async (f) =>
    (
      await ok<any>(
        f.env.req('POST', '/api/v1/webhooks', {
          token: f.zone.token,
          body: { name: `探针推送${++seq}`, url: 'https://93.184.215.14/probe', events: ['hazard.created'] },
        }),
        'webhook',
      )
    ).id,
  webhook_delivery: (f) =>
    f.inTenant(async (em) => {
      const d = em.create(WebhookDelivery, {
        subscriptionId: f.ids.webhook!,
        eventId: `probe-${++seq}`,
        eventType: 'ping',
        payload: {
          id: `probe-${seq}`,
          type: 'ping',
          occurredAt: new Date().toISOString(),
          tenant: { code: f.zone.tenant.code },
          data: {},
        },
        status: 'failed',
        attempts: 1,
        replayKey: '',
      } as never);
      await em.flush();
      return (d as WebhookDelivery).id;
    }),
  exportRun: async (f) =>
    (await ok<any>(f.env.req('POST', `/api/v1/exports/targets/${f.ids.exportTarget}/run`, { token: f.zone.token }), 'export run'))
      .id,
};
