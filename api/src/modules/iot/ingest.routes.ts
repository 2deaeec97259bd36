import type { Context } from 'koa';
import {
  iotIngestBody,
  iotIngestReport,
  iotIngestStats,
  iotIngestStatsQuery,
  IOT_REJECT_REASONS,
  type IotIngestSource,
  type IotIngestStats,
  type IotRejectReason,
} from '@yuanan/contracts';
import { addDays, localDate } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { AppError, t } from '../../core/http/problem.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { IngestPipeline } from './ingest-pipeline.ts';
import { acceptedKey } from './telemetry-store.ts';

/** Body limit of an HTTP batch: 5,000 readings of a few values each fit well in 2 MB. */
export const INGEST_BODY_LIMIT = 2 * 1024 * 1024;

/** `Authorization: Basic base64("zoneCode/deviceCode:secret")` → its parts, or null. */
export function parseDeviceBasicAuth(
  header: string | undefined,
): { zoneCode: string; deviceCode: string; secret: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const user = text.slice(0, colon);
  const secret = text.slice(colon + 1);
  const slash = user.indexOf('/');
  if (slash <= 0 || slash === user.length - 1 || !secret) return null;
  return { zoneCode: user.slice(0, slash), deviceCode: user.slice(slash + 1), secret };
}

/** 401 `device_unauthorized`: missing or malformed Basic credentials, an unknown zone or device, a wrong secret. */
const deviceAuthFailed = () =>
  new AppError(
    401,
    'device_unauthorized',
    t(
      '请使用 HTTP Basic 认证「园区代码/设备编码:设备密钥」，密钥为设备台账中当前的设备密钥',
      'Use HTTP Basic "zoneCode/deviceCode:secret" with the device\'s current secret from the device register',
    ),
    { headers: { 'WWW-Authenticate': 'Basic realm="yuanan-iot", charset="UTF-8"' } },
  );

/** 403 `device_disabled`: the sender's credentials are right but the device is disabled in the register. */
const deviceDisabled = () =>
  new AppError(
    403,
    'device_disabled',
    t(
      '该设备已在设备台账中停用，不再接收其数据；启用后再上报',
      'The device is disabled in the register; enable it before it reports again',
    ),
  );

/**
 * The HTTP side of the ingest (design §4, §6):
 * - `POST /iot/ingest` — a gateway's (or a device's own) batch of ≤ 5,000 readings `{ device, ts, v }`, HTTP Basic
 *   `zoneCode/deviceCode:secret`. 200 with the per-reading report (counts, and the rejected readings by index and
 *   reason); the accepted readings are stored before it answers. Bad or missing credentials → 401 problem+json
 *   `device_unauthorized`; a disabled sender → 403 `device_disabled` (either way the batch's readings are counted
 *   as rejected for the zone, when the zone is known); a body that is not `{ readings: [...] }` → 400. A bad
 *   reading never costs the good ones. The statuses of the batch's devices are re-read from the database first.
 * - `GET /iot/ingest/stats?days=7` — the zone's rejected readings by reason, per day (of the zone's calendar) and
 *   source, and the accepted readings of the same days (both paths, counted by the pipelines).
 */
export function ingestRoutes(c: Container, pipeline: () => Promise<IngestPipeline>): AnyRoute[] {
  const tags = ['物联网 IoT'];
  return [
    defineRoute({
      method: 'post',
      path: '/iot/ingest',
      operationId: 'iot.ingest',
      summary:
        'Device/gateway batch of readings (HTTP Basic zoneCode/deviceCode:secret, or an API key with iot.readings.write for any device of its zone); per-reading report',
      tags,
      auth: 'public',
      apiKeyScope: 'iot.readings.write',
      body: iotIngestBody,
      bodyLimit: INGEST_BODY_LIMIT,
      response: iotIngestReport,
      status: 200,
      handler: async ({ ctx, body }) => {
        const p = await pipeline();
        // An API key with `iot.readings.write` (the router checked it, issue 14 §3) reports for any device of its zone.
        const key = (ctx as Context).state.apiKey as { id: string; tenantId: string } | undefined;
        if (key) {
          const zone = await p.zoneById(key.tenantId);
          if (!zone) throw new AppError(403, 'tenant_disabled');
          const codes = body.readings.flatMap((r) => {
            const d = r && typeof r === 'object' ? (r as { device?: unknown }).device : undefined;
            return typeof d === 'string' ? [d] : [];
          });
          await p.recheck(zone.tenant.code, codes);
          try {
            return await p.ingestBatch({ zone, device: null, senderId: `apikey:${key.id}` }, body.readings);
          } catch (e) {
            c.logger.error({ err: e }, 'iot ingest: HTTP batch (API key) could not be stored');
            throw new AppError(
              503,
              'service_unavailable',
              t('数据暂时无法保存，请稍后重发', 'Readings could not be stored; send again later'),
            );
          }
        }
        const creds = parseDeviceBasicAuth((ctx as Context).get('authorization'));
        if (!creds) throw deviceAuthFailed();
        // The sender's and the batch's devices as the database has them now (a device disabled a moment ago is
        // refused at once, not after the cache refresh reaches this process).
        const codes = [creds.deviceCode];
        for (const r of body.readings) {
          const d = r && typeof r === 'object' ? (r as { device?: unknown }).device : undefined;
          if (typeof d === 'string') codes.push(d);
        }
        await p.recheck(creds.zoneCode, codes);
        const auth = p.authenticate(creds.zoneCode, creds.deviceCode, creds.secret);
        if (!auth.ok) {
          const tenant = await c.tenants.byCode(creds.zoneCode.toLowerCase()).catch(() => null);
          p.reject(tenant?.status === 'active' ? tenant.id : null, 'http', auth.reason, body.readings.length, tenant?.timeZone);
          throw auth.reason === 'disabled_device' ? deviceDisabled() : deviceAuthFailed();
        }
        try {
          return await p.ingestBatch(auth, body.readings);
        } catch (e) {
          c.logger.error({ err: e }, 'iot ingest: HTTP batch could not be stored');
          throw new AppError(
            503,
            'service_unavailable',
            t('数据暂时无法保存，请稍后重发', 'Readings could not be stored; send again later'),
          );
        }
      },
    }),
    defineRoute({
      method: 'get',
      path: '/iot/ingest/stats',
      operationId: 'iot.ingest.stats',
      summary: 'Rejected readings by reason (per day and source) and accepted readings of the last days',
      tags,
      auth: 'iot.manage',
      query: iotIngestStatsQuery,
      response: iotIngestStats,
      handler: async ({ ctx, query }) => {
        const { tenant } = callerOf(ctx);
        return ingestStats(c, tenant.id, query.days, Date.now(), tenant.timeZone);
      },
    }),
  ];
}

/**
 * The zone's ingest counters of the last `days` days — days of the zone's calendar (`timeZone`, like the alarm
 * statistics), today included; the pipelines count them on those days too.
 */
export async function ingestStats(
  c: Container,
  tenantId: string,
  days: number,
  now = Date.now(),
  timeZone = 'Asia/Shanghai',
): Promise<IotIngestStats> {
  const today = localDate(new Date(now), timeZone);
  const dayList = Array.from({ length: days }, (_, i) => addDays(today, -i));
  const since = dayList[dayList.length - 1]!;
  const rows = (await c.orm.em.getConnection().execute(
    `SELECT day, source, reason, SUM(count) AS n FROM iot_ingest_stats WHERE tenant_id = ? AND day >= ?
      GROUP BY day, source, reason ORDER BY day DESC, source, reason`,
    [tenantId, since],
  )) as Array<{ day: string; source: IotIngestSource; reason: string; n: number | string }>;
  const known = new Set<string>(IOT_REJECT_REASONS);
  const perDay = rows
    .filter((r) => known.has(r.reason))
    .map((r) => ({ day: r.day, source: r.source, reason: r.reason as IotRejectReason, count: Number(r.n) }));
  const byReasonMap = new Map<IotRejectReason, number>();
  for (const r of perDay) byReasonMap.set(r.reason, (byReasonMap.get(r.reason) ?? 0) + r.count);
  const byReason = [...byReasonMap].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
  let accepted: number | null;
  try {
    const counts = await c.redis.hmget(acceptedKey(tenantId), ...dayList);
    accepted = counts.reduce((n, v) => n + Number(v ?? 0), 0);
  } catch {
    accepted = null;
  }
  return { days, total: perDay.reduce((n, r) => n + r.count, 0), byReason, perDay, accepted };
}
