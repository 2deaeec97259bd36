import { z } from 'zod';
import {
  ackIotAlarmRequest,
  assignIotAlarmRequest,
  clearIotAlarmRequest,
  closeIotAlarmRequest,
  commentIotAlarmRequest,
  iotAlarmDetail,
  iotAlarmPage,
  iotAlarmsQuery,
  iotAlarmStats,
  iotAlarmStatsQuery,
  ref,
} from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import type { AlarmService } from './alarm.service.ts';
import type { IotAlarm } from './iot.entity.ts';

/**
 * Alarm routes (design §6): list, statistics, detail, and the people's actions — acknowledge, assign, comment,
 * clear, close with the handling record. Every action but the comment carries the version the caller saw (stale →
 * 409). Enterprise users see and handle their own enterprise's alarms only (404 for others).
 */
export function alarmRoutes(svc: AlarmService): AnyRoute[] {
  const tags = ['物联网报警 IoT alarms'];
  const id = z.strictObject({ id: ref('iotAlarm') });
  /** An action answers the alarm's detail (timeline included), as the SDK and the pages expect. */
  const one = async (ctx: Parameters<typeof callerOf>[0], a: IotAlarm, lang: 'zh-CN' | 'en') => {
    const { em, actor, tenant } = callerOf(ctx);
    return svc.detail(em, actor, tenant, a.id, lang);
  };
  /**
   * A person's action on one alarm: `POST /iot/alarms/:id/<verb>` (operation `iot.alarms.<verb>`, permission
   * iot.alarms.handle) whose body is `body`; `run` is the service's method; answers the alarm's detail.
   */
  const action = <B extends z.ZodType>(
    verb: 'ack' | 'assign' | 'comment' | 'clear' | 'close',
    summary: string,
    body: B,
    run: (em: Em, actor: Actor, t: TenantInfo, id: string, body: z.output<B>) => Promise<IotAlarm>,
  ) =>
    defineRoute({
      method: 'post',
      path: `/iot/alarms/:id/${verb}`,
      operationId: `iot.alarms.${verb}`,
      status: 200,
      summary,
      tags,
      auth: 'iot.alarms.handle',
      params: id,
      body,
      response: iotAlarmDetail,
      handler: async ({ ctx, params, body, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        // B is a schema (never undefined), so the validated body is its output; TS cannot narrow Out<B> for a generic B.
        return one(ctx, await run(em, actor, tenant, params.id, body as z.output<B>), lang);
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/iot/alarms',
      operationId: 'iot.alarms.list',
      summary: 'IoT alarms, newest first (filters: status, severity, enterprise, device, type, period; cursor or page)',
      tags,
      auth: 'iot.read',
      apiKeyScope: 'iot.read',
      query: iotAlarmsQuery,
      response: iotAlarmPage,
      handler: ({ ctx, query, lang }) => {
        const { em, actor } = callerOf(ctx);
        return svc.list(em, actor, query, lang);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/iot/alarms/stats',
      operationId: 'iot.alarms.stats',
      summary: 'Alarm statistics of a period: by enterprise, type, cause, severity; nuisance ratio; MTTA / MTTC; per day',
      tags,
      auth: 'iot.read',
      query: iotAlarmStatsQuery,
      response: iotAlarmStats,
      handler: ({ ctx, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.stats(em, actor, tenant, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/iot/alarms/:id',
      operationId: 'iot.alarms.get',
      summary: 'One alarm with its timeline, device (latest values), linked hazard and the condition that raised it',
      tags,
      auth: 'iot.read',
      apiKeyScope: 'iot.read',
      params: id,
      response: iotAlarmDetail,
      handler: ({ ctx, params, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.detail(em, actor, tenant, params.id, lang);
      },
    }),
    action('ack', 'Acknowledge (确认) an alarm: stops its escalation. Stale version → 409', ackIotAlarmRequest, (...a) =>
      svc.ack(...a),
    ),
    action(
      'assign',
      'Assign the handling to a user who may handle the alarm (notified). Stale version → 409',
      assignIotAlarmRequest,
      (...a) => svc.assign(...a),
    ),
    action('comment', 'Add a comment to the alarm’s timeline', commentIotAlarmRequest, (...a) => svc.comment(...a)),
    action(
      'clear',
      'Clear an active alarm by hand (解除报警): the safety office only (others 403). Stale version → 409',
      clearIotAlarmRequest,
      (...a) => svc.clear(...a),
    ),
    action(
      'close',
      'Close with the handling record (处置记录): once cleared, or with forceClear by the office (else 422); a cause of equipment/management opens a hazard',
      closeIotAlarmRequest,
      (...a) => svc.close(...a),
    ),
  ];
}
