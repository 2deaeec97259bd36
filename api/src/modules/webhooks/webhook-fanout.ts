import type { Container } from '../../core/container.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import type { EventSubscriberDef } from '../../core/queue/job-registry.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { HAZARD_OVERDUE } from '../hazards/escalation/sweep.ts';
import { Hazard } from '../hazards/hazard.entity.ts';
import { HAZARD_CHANGED } from '../hazards/hazard.service.ts';
import { Incident } from '../incidents/incident.entity.ts';
import { INCIDENT_CHANGED } from '../incidents/incident.service.ts';
import { IOT_ALARM_CHANGED, IOT_ALARM_CLEARED } from '../iot/alarm.service.ts';
import { IotAlarm, IotDevice } from '../iot/iot.entity.ts';
import { COLOURS_CHANGED } from '../risk/risk.service.ts';
import { WebhookSubscription } from './webhook.entity.ts';
import { publicEventId, uuidv7Time, type PublicEvent, type WebhookService } from './webhook.service.ts';

/**
 * The public webhook events, mapped from the internal outbox events (one outbox subscriber per internal type):
 * | internal event | public event(s) |
 * |---|---|
 * | `hazard.changed` report / fix_on_spot (`created`) | `hazard.created` (+ `hazard.closed` when closed on the spot) |
 * | `hazard.changed` confirm (`via: register` also `hazard.created`) | `hazard.graded` |
 * | `hazard.changed` approve, fix_on_spot | `hazard.closed` |
 * | `hazard.overdue` (escalation sweep, first stage at/after the deadline) | `hazard.overdue` per hazard |
 * | `iot.alarm.changed` raise | `alarm.raised` |
 * | `iot.alarm.cleared` | `alarm.cleared` |
 * | `incident.changed` opened / closed, cancelled | `incident.opened` / `incident.closed` |
 * | `risk.coloursChanged` | `enterprise.colour_changed` per enterprise |
 * The data is read when the fan-out runs (the state then); `occurredAt` is the outbox event's time (its UUIDv7).
 */
type Payload = Record<string, unknown> & { eventId: string };

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const num = (v: unknown) => (v == null ? null : Number(v));

async function enterpriseNames(em: Em, ids: string[]): Promise<Map<string, string>> {
  const uniq = [...new Set(ids.filter(Boolean))];
  if (!uniq.length) return new Map();
  const rows = await em.find(Enterprise, { id: { $in: uniq } }, { fields: ['id', 'name'] });
  return new Map(rows.map((e) => [e.id, e.name]));
}

function hazardBase(h: Hazard, names: Map<string, string>) {
  return { hazardId: h.id, code: h.code, enterpriseId: h.enterpriseId, enterpriseName: names.get(h.enterpriseId) ?? null };
}

/** Public events of one `hazard.changed` (pure mapping over the hazard as it is now). */
export function hazardEvents(p: Payload, h: Hazard, names: Map<string, string>): PublicEvent[] {
  const action = String(p.action);
  const at = uuidv7Time(p.eventId);
  const out: PublicEvent[] = [];
  const ev = (type: PublicEvent['type'], data: Record<string, unknown>) =>
    out.push({ id: publicEventId(p.eventId, type, h.id), type, occurredAt: at, data });
  const created = p.created === true || p.via === 'register';
  if (created)
    ev('hazard.created', {
      ...hazardBase(h, names),
      description: h.description,
      categoryCode: h.categoryCode ?? null,
      source: h.source,
      status: h.status,
      grade: h.grade ?? null,
      reportedAt: iso(h.reportedAt),
    });
  if (action === 'confirm' && h.grade)
    ev('hazard.graded', {
      ...hazardBase(h, names),
      grade: h.grade,
      treatment: h.treatment ?? null,
      deadline: iso(h.deadline),
      responsibleName: h.responsibleName ?? null,
    });
  if ((action === 'approve' || action === 'fix_on_spot') && h.closedAt)
    ev('hazard.closed', {
      ...hazardBase(h, names),
      grade: h.grade ?? null,
      deadline: iso(h.deadline),
      closedAt: iso(h.closedAt),
      onTime: h.deadline ? h.closedAt.getTime() <= h.deadline.getTime() : null,
    });
  return out;
}

/** The outbox subscribers of the webhooks: each turns one internal event into public events and fans them out. */
/** An alarm with its device's name and the fields every alarm event carries; null when the alarm is gone. */
async function alarmOf(em: Em, alarmId: unknown) {
  const a = await em.findOne(IotAlarm, { id: String(alarmId) });
  if (!a) return null;
  const d = await em.findOne(IotDevice, { id: a.deviceId }, { fields: ['id', 'name'] });
  const base = {
    alarmId: a.id,
    deviceId: a.deviceId,
    deviceName: d?.name ?? null,
    enterpriseId: a.enterpriseId ?? null,
    type: a.type,
    severity: a.severity,
    startedAt: iso(a.startedAt),
  };
  return { a, base };
}

export function webhookFanout(c: Container, svc: WebhookService): EventSubscriberDef[] {
  const run = async (p: Payload, build: (em: Em, t: TenantInfo) => Promise<PublicEvent[]>) => {
    const t = await c.tenants.byId(String(p.tenantId));
    if (!t) return { queued: 0 };
    const em = tenantEm(c.orm, t.id);
    // Nothing to read when nobody listens (the common case): one indexed count.
    const listening = await em.count(WebhookSubscription, { status: 'active' });
    if (!listening) return { queued: 0 };
    return { queued: await svc.fanOut(em, t, await build(em, t)) };
  };
  return [
    {
      event: HAZARD_CHANGED,
      name: 'webhooks.fanout.hazard',
      handle: (p) =>
        run(p, async (em) => {
          const h = await em.findOne(Hazard, { id: String(p.hazardId) });
          if (!h) return [];
          return hazardEvents(p, h, await enterpriseNames(em, [h.enterpriseId]));
        }),
    },
    {
      event: HAZARD_OVERDUE,
      name: 'webhooks.fanout.hazardOverdue',
      handle: (p) =>
        run(p, async (em) => {
          const ids = Array.isArray(p.hazardIds) ? p.hazardIds.map(String) : [];
          if (!ids.length) return [];
          const rows = await em.find(Hazard, { id: { $in: ids } });
          const names = await enterpriseNames(
            em,
            rows.map((h) => h.enterpriseId),
          );
          const at = uuidv7Time(p.eventId);
          return rows.map((h) => ({
            id: publicEventId(p.eventId, 'hazard.overdue', h.id),
            type: 'hazard.overdue' as const,
            occurredAt: at,
            data: { ...hazardBase(h, names), grade: h.grade ?? null, status: h.status, deadline: iso(h.deadline) },
          }));
        }),
    },
    {
      event: IOT_ALARM_CHANGED,
      name: 'webhooks.fanout.alarm',
      handle: (p) =>
        p.action !== 'raise'
          ? Promise.resolve({ queued: 0 })
          : run(p, async (em) => {
              const found = await alarmOf(em, p.alarmId);
              if (!found) return [];
              const { a, base } = found;
              return [
                {
                  id: publicEventId(p.eventId, 'alarm.raised', a.id),
                  type: 'alarm.raised',
                  occurredAt: uuidv7Time(p.eventId),
                  data: {
                    ...base,
                    kind: a.kind,
                    quantity: a.quantity ?? null,
                    level: a.level ?? null,
                    value: num(a.firstValue),
                  },
                },
              ];
            }),
    },
    {
      event: IOT_ALARM_CLEARED,
      name: 'webhooks.fanout.alarmCleared',
      handle: (p) =>
        run(p, async (em) => {
          const found = await alarmOf(em, p.alarmId);
          if (!found) return [];
          const { a, base } = found;
          return [
            {
              id: publicEventId(p.eventId, 'alarm.cleared', a.id),
              type: 'alarm.cleared',
              occurredAt: uuidv7Time(p.eventId),
              data: { ...base, peakValue: num(a.peakValue), clearedAt: iso(a.clearedAt) },
            },
          ];
        }),
    },
    {
      event: INCIDENT_CHANGED,
      name: 'webhooks.fanout.incident',
      handle: (p) =>
        run(p, async (em) => {
          const i = await em.findOne(Incident, { id: String(p.incidentId) });
          if (!i) return [];
          const names = await enterpriseNames(em, i.enterpriseId ? [i.enterpriseId] : []);
          const at = uuidv7Time(p.eventId);
          if (p.action === 'opened')
            return [
              {
                id: publicEventId(p.eventId, 'incident.opened', i.id),
                type: 'incident.opened',
                occurredAt: at,
                data: {
                  incidentId: i.id,
                  no: i.no,
                  type: i.type,
                  level: i.level,
                  source: i.source,
                  isDrill: i.isDrill,
                  enterpriseId: i.enterpriseId ?? null,
                  enterpriseName: i.enterpriseId ? (names.get(i.enterpriseId) ?? null) : null,
                  address: i.address ?? null,
                  lat: num(i.lat),
                  lng: num(i.lng),
                  learnedAt: iso(i.learnedAt),
                },
              },
            ];
          return [
            {
              id: publicEventId(p.eventId, 'incident.closed', i.id),
              type: 'incident.closed',
              occurredAt: at,
              data: {
                incidentId: i.id,
                no: i.no,
                type: i.type,
                status: p.action === 'cancelled' ? 'cancelled' : 'closed',
                isDrill: i.isDrill,
                closedAt: iso(i.closedAt),
                summary: (p.action === 'cancelled' ? i.cancelReason : i.summary) ?? null,
              },
            },
          ];
        }),
    },
    {
      event: COLOURS_CHANGED,
      name: 'webhooks.fanout.colour',
      handle: (p) =>
        run(p, async (em) => {
          const changes = Array.isArray(p.changes) ? (p.changes as Array<{ id: string; from: string | null; to: string }>) : [];
          if (!changes.length) return [];
          const rows = await em.find(
            Enterprise,
            { id: { $in: changes.map((x) => x.id) } },
            { fields: ['id', 'name', 'creditCode', 'riskScore'] },
          );
          const byId = new Map(rows.map((e) => [e.id, e]));
          const at = uuidv7Time(p.eventId);
          return changes.map((x) => {
            const e = byId.get(x.id);
            return {
              id: publicEventId(p.eventId, 'enterprise.colour_changed', x.id),
              type: 'enterprise.colour_changed' as const,
              occurredAt: at,
              data: {
                enterpriseId: x.id,
                name: e?.name ?? null,
                creditCode: e?.creditCode ?? null,
                from: x.from,
                to: x.to,
                score: num(e?.riskScore),
                reason: typeof p.reason === 'string' ? p.reason : null,
              },
            };
          });
        }),
    },
  ];
}
