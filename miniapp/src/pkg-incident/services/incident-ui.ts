import {
  DISPATCH_STATUS_LABELS,
  INCIDENT_STATUS_LABELS,
  INCIDENT_TYPES,
  INCIDENT_TYPE_LABELS,
  type DispatchStatus,
  type IncidentStatus,
  type IncidentType,
} from '@yuanan/contracts';
import type { NewOutboxItem } from '../../services/outbox-core';

/**
 * The mini-program's incident pages (pkg-incident, 应急联动): the SOS item sent through the outbox, the countdown to
 * a dispatch's acknowledgement deadline, which buttons a dispatched member has, and the words of statuses. Pure (no
 * Taro): unit-tested.
 */

/** How long the SOS button must be held (ms) before the call goes out by itself. */
export const SOS_HOLD_MS = 2000;
/** How often a shown dispatch or warning page reloads (no socket in the mini-program). */
export const INCIDENT_POLL_MS = 10_000;
/** Roll call: a member who has not answered within this after it was due is reported missing (dispatch.jobs). */
export const ROLL_CALL_ANSWER_MS = 2 * 60_000;

/** A tag colour (the global `.tag--…` classes). */
export type Tone = 'red' | 'orange' | 'yellow' | 'blue' | 'green' | 'grey';

/** The type chips of the SOS page, in the order of INCIDENT_TYPES (accident categories). */
export const TYPE_OPTIONS: Array<{ type: IncidentType; label: string }> = INCIDENT_TYPES.map((t) => ({
  type: t,
  label: INCIDENT_TYPE_LABELS[t].zh,
}));

export function typeText(t: IncidentType): string {
  return INCIDENT_TYPE_LABELS[t]?.zh ?? t;
}

export const INCIDENT_STATUS_TONE: Record<IncidentStatus, Tone> = {
  reported: 'red',
  responding: 'orange',
  controlled: 'blue',
  closed: 'green',
  cancelled: 'grey',
};
export function incidentStatusText(s: IncidentStatus): string {
  return INCIDENT_STATUS_LABELS[s]?.zh ?? s;
}

export const DISPATCH_STATUS_TONE: Record<DispatchStatus, Tone> = {
  pending_ack: 'red',
  acknowledged: 'orange',
  en_route: 'orange',
  on_scene: 'blue',
  done: 'green',
  escalated: 'grey',
  stood_down: 'grey',
};
export function dispatchStatusText(s: DispatchStatus): string {
  return DISPATCH_STATUS_LABELS[s]?.zh ?? s;
}

/**
 * A random RFC 4122 version-4 UUID (the SOS `clientKey`). `rand` gives [0, 1) numbers (Math.random by default:
 * not every mini-program runtime has crypto.randomUUID); the version and variant bits are set as the spec says so a
 * strict uuid check accepts it.
 */
export function uuid4(rand: () => number = Math.random): string {
  const hex = '0123456789abcdef';
  let s = '';
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) s += '-';
    else if (i === 14) s += '4';
    else if (i === 19) s += hex[8 + Math.floor(rand() * 4)];
    else s += hex[Math.floor(rand() * 16)];
  }
  return s;
}

/** A voice note recorded on the phone (Taro.getRecorderManager): the local file, its upload key, its length in ms. */
export interface SosVoice {
  path: string;
  uploadKey: string;
  durationMs: number;
}

/** What the SOS page holds until the call is made (a draft: it survives closing the mini-program). */
export interface SosForm {
  type: IncidentType | null;
  description: string;
  photos: Array<{ path: string; uploadKey: string }>;
  /** An optional voice note (weapp only: H5 has no recorder). */
  voice?: SosVoice | null;
  isDrill: boolean;
}

export const EMPTY_SOS: SosForm = { type: null, description: '', photos: [], voice: null, isDrill: false };

/** The file purpose of incident photos and voice notes (the api checks them as images or short audio). */
export const INCIDENT_MEDIA = 'incident_media';
/** The longest voice note the SOS page records (ms); the recorder stops by itself. */
export const VOICE_MAX_MS = 60_000;

/** Where the phone was when the SOS was pressed (GCJ-02; none when location was denied or slow). */
export type SosPlace = { lat: number; lng: number; accuracyM?: number } | null;

/** The outbox kind of an SOS (the SOS page shows the one that waits). */
export const SOS_KIND = 'incident.sos';

/**
 * The outbox item of an SOS: `POST /incidents/sos` with a `clientKey` fixed when the button was pressed, which is
 * also the call's Idempotency-Key — every later attempt (weak network, lost answer, app restarted) sends the same
 * key, and the server answers the same incident (never a second one). Photos taken before pressing are uploaded
 * first (their own keys) and referred to as `photoFileIds`. No type chosen → `other` (an SOS is never held up).
 */
export function sosItem(f: SosForm, place: SosPlace, clientKey: string, at: Date): NewOutboxItem {
  const type = f.type ?? 'other';
  const description = f.description.trim();
  // `pressedAt` is the moment of the press, kept in the outbox entry: a replay hours later still says when it was.
  const body: Record<string, unknown> = { clientKey, type, isDrill: f.isDrill, pressedAt: at.toISOString() };
  if (place) {
    body.lat = place.lat;
    body.lng = place.lng;
    if (place.accuracyM !== undefined) body.accuracyM = Math.round(place.accuracyM);
  }
  if (description) body.description = description;
  if (f.photos.length) body.photoFileIds = { $files: 'photos' };
  if (f.voice) body.voiceFileId = { $file: f.voice.uploadKey };
  const files: NewOutboxItem['files'] = f.photos.map((p) => ({
    slot: 'photos',
    path: p.path,
    purpose: INCIDENT_MEDIA,
    uploadKey: p.uploadKey,
    fileId: null,
  }));
  if (f.voice)
    files.push({ slot: 'voice', path: f.voice.path, purpose: INCIDENT_MEDIA, uploadKey: f.voice.uploadKey, fileId: null });
  return {
    kind: SOS_KIND,
    label: `${f.isDrill ? '【演练】' : ''}一键求救：${typeText(type)}`,
    method: 'POST',
    path: '/incidents/sos',
    body,
    idempotencyKey: clientKey,
    files,
    meta: { clientKey, type, pressedAt: at.toISOString() },
  };
}

/** The outbox kind of a dispatched member's scene photos. */
export const PHOTOS_KIND = 'incident.photos';

/** The outbox item of scene photos (`POST /incidents/:id/photos`), sent once whatever the network does. */
export function scenePhotosItem(
  incident: { id: string; no: string },
  photos: Array<{ path: string; uploadKey: string }>,
  note: string,
  key: string,
): NewOutboxItem {
  const body: Record<string, unknown> = { fileIds: { $files: 'photos' } };
  if (note.trim()) body.note = note.trim();
  return {
    kind: PHOTOS_KIND,
    label: `现场照片 ${photos.length} 张：${incident.no}`,
    method: 'POST',
    path: `/incidents/${incident.id}/photos`,
    body,
    idempotencyKey: key,
    files: photos.map((p) => ({ slot: 'photos', path: p.path, purpose: INCIDENT_MEDIA, uploadKey: p.uploadKey, fileId: null })),
    meta: { incidentId: incident.id },
  };
}

/** `m:ss` (or `h:mm:ss`) of a duration, never negative. */
export function clockText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The acknowledgement countdown of a dispatch: time left to `ackDueAt`, or how long it is overdue. */
export function ackCountdown(ackDueAt: string, now: Date): { overdue: boolean; text: string; remainingMs: number } {
  const remainingMs = Date.parse(ackDueAt) - now.getTime();
  if (remainingMs > 0) return { overdue: false, text: `剩余 ${clockText(remainingMs)}`, remainingMs };
  return { overdue: true, text: `已超时 ${clockText(-remainingMs)}`, remainingMs };
}

/** The dispatch fields the buttons depend on (the api's dispatch row). */
export interface DispatchState {
  status: DispatchStatus;
  ackDueAt: string;
  acknowledgedAt: string | null;
  lateAck?: boolean;
  rollCallDueAt?: string | null;
  lastAccountedAt?: string | null;
}

export interface DispatchActions {
  /** 确认出警 (pending, within time or late: the server decides whether it escalated meanwhile). */
  ack: boolean;
  /** 补确认: the dispatch escalated before the member answered; recorded (lateAck), the replacement stays. */
  lateAck: boolean;
  /** The next step the member reports (出发 → 到场 → 完成), null when none. */
  next: 'en_route' | 'on_scene' | 'done' | null;
  /** 我平安: a roll call is due (on scene, `rollCallDueAt` passed and not answered since). */
  rollCall: boolean;
  /** Navigation makes sense (not finished, not stood down). */
  navigate: boolean;
}

const NEXT: Partial<Record<DispatchStatus, DispatchActions['next']>> = {
  acknowledged: 'en_route',
  en_route: 'on_scene',
  on_scene: 'done',
};

/** What a dispatched member can do now (`now` decides whether a roll call is due). */
export function dispatchActions(d: DispatchState, now: Date): DispatchActions {
  const open = d.status !== 'done' && d.status !== 'stood_down' && d.status !== 'escalated';
  const due = d.rollCallDueAt ? Date.parse(d.rollCallDueAt) : null;
  const answered = d.lastAccountedAt ? Date.parse(d.lastAccountedAt) : null;
  return {
    ack: d.status === 'pending_ack',
    lateAck: d.status === 'escalated' && !d.acknowledgedAt,
    next: NEXT[d.status] ?? null,
    rollCall: d.status === 'on_scene' && due !== null && due <= now.getTime() && (answered === null || answered < due),
    navigate: open,
  };
}

/** The words of a next step's button. */
export const NEXT_TEXT: Record<'en_route' | 'on_scene' | 'done', string> = {
  en_route: '已出发',
  on_scene: '已到场',
  done: '处置完成',
};

/** Warning levels (突发事件应对法): the colour class of a level's tag. */
export const LEVEL_TONE: Record<string, Tone> = { I: 'red', II: 'orange', III: 'yellow', IV: 'blue' };

/** Metres as the page shows them (820 m, 1.4 km). */
export function distanceText(m: number | null | undefined): string {
  if (m === null || m === undefined || !Number.isFinite(m)) return '';
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`;
}

/** A bearing as a compass word (正北, 东北…; 8 points) — where the target lies from the incident. */
export function bearingText(deg: number | null | undefined): string {
  if (deg === null || deg === undefined || !Number.isFinite(deg)) return '';
  const names = ['北', '东北', '东', '东南', '南', '西南', '西', '西北'];
  return names[Math.round((((deg % 360) + 360) % 360) / 45) % 8]!;
}

/** Under this distance (metres) the enterprise is taken to be the incident site itself (same rule as the api). */
export const OWN_SITE_M = 50;

/**
 * Where the warned enterprise lies from the incident, as the 预警通知 card says it: "本企业即事发地" when the incident
 * is at the enterprise itself (its name is the incident's enterprise, or it is under {@link OWN_SITE_M} metres away),
 * else "本企业位于事发点东北方向约 820 m（事发：某化工）".
 */
export function warningWhereText(
  w: { distanceM: number; bearingDeg: number; incident: { enterpriseName: string | null } },
  myEnterpriseName: string | null | undefined,
): string {
  const site = w.incident.enterpriseName;
  if ((site && myEnterpriseName && site === myEnterpriseName) || w.distanceM < OWN_SITE_M) return '本企业即事发地';
  return `本企业位于事发点${bearingText(w.bearingDeg)}方向约 ${distanceText(w.distanceM)}${site ? `（事发：${site}）` : ''}`;
}

/** Warnings as the enterprise reads them: not yet acknowledged first, then the newest first. */
export function sortWarnings<T extends { acknowledgedAt: string | null; sentAt: string }>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) =>
      Number(a.acknowledgedAt !== null) - Number(b.acknowledgedAt !== null) || Date.parse(b.sentAt) - Date.parse(a.sentAt),
  );
}

/**
 * The other people dispatched to the same incident, as 同一事件的队员 lists them: never the member himself (not
 * even an older dispatch of his that escalated and was replaced), one row per person (their latest dispatch).
 */
export function teammates<T extends { userId: string; dispatchedAt: string }>(dispatches: readonly T[], myUserId: string): T[] {
  const latest = new Map<string, T>();
  for (const x of dispatches) {
    if (x.userId === myUserId) continue;
    const seen = latest.get(x.userId);
    if (!seen || Date.parse(x.dispatchedAt) >= Date.parse(seen.dispatchedAt)) latest.set(x.userId, x);
  }
  return [...latest.values()];
}

/** m:ss of a voice note. */
export function voiceText(ms: number): string {
  return clockText(Math.round(ms / 1000) * 1000);
}

/**
 * The banner of an escalated dispatch, true in both cases: someone took over (`replacedBy` their name) or nobody
 * could (the leader and the desk were told; the member may still acknowledge late and go). `lateAckAt` HH:mm of a
 * late acknowledgement already recorded, else null.
 */
export function escalatedText(replacedBy: string | null, lateAckAt: string | null): string {
  if (replacedBy)
    return lateAckAt
      ? `超时未确认，任务已由 ${replacedBy} 接替。您于 ${lateAckAt} 的确认已记录（超时确认），无需再出发。`
      : `超时未确认，任务已由 ${replacedBy} 接替，无需再出发。`;
  return '超时未确认，已通知队长和值班台，暂无人接替。如能出警，请立即补确认并出发。';
}
