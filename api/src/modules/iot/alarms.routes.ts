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
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
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
  return [
    defineRoute({
      method: 'get',
      path: '/iot/alarms',
      operationId: 'iot.alarms.list',
      summary: 'IoT alarms, newest first (filters: status, severity, enterprise, device, type, period; cursor or page)',
      tags,
      auth: 'iot.read',
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
      params: id,
      response: iotAlarmDetail,
      handler: ({ ctx, params, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.detail(em, actor, tenant, params.id, lang);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/iot/alarms/:id/ack',
      operationId: 'iot.alarms.ack',
      status: 200,
      summary: 'Acknowledge (确认) an alarm: stops its escalation. Stale version → 409',
      tags,
      auth: 'iot.alarms.handle',
      params: id,
      body: ackIotAlarmRequest,
      response: iotAlarmDetail,
      handler: async ({ ctx, params, body, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return one(ctx, await svc.ack(em, actor, tenant, params.id, body), lang);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/iot/alarms/:id/assign',
      operationId: 'iot.alarms.assign',
      status: 200,
      summary: 'Assign the handling to a user who may handle the alarm (notified). Stale version → 409',
      tags,
      auth: 'iot.alarms.handle',
      params: id,
      body: assignIotAlarmRequest,
      response: iotAlarmDetail,
      handler: async ({ ctx, params, body, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return one(ctx, await svc.assign(em, actor, tenant, params.id, body), lang);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/iot/alarms/:id/comment',
      operationId: 'iot.alarms.comment',
      status: 200,
      summary: 'Add a comment to the alarm’s timeline',
      tags,
      auth: 'iot.alarms.handle',
      params: id,
      body: commentIotAlarmRequest,
      response: iotAlarmDetail,
      handler: async ({ ctx, params, body, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return one(ctx, await svc.comment(em, actor, tenant, params.id, body), lang);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/iot/alarms/:id/clear',
      operationId: 'iot.alarms.clear',
      status: 200,
      summary: 'Clear an active alarm by hand (解除报警): the safety office only (others 403). Stale version → 409',
      tags,
      auth: 'iot.alarms.handle',
      params: id,
      body: clearIotAlarmRequest,
      response: iotAlarmDetail,
      handler: async ({ ctx, params, body, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return one(ctx, await svc.clear(em, actor, tenant, params.id, body), lang);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/iot/alarms/:id/close',
      operationId: 'iot.alarms.close',
      status: 200,
      summary:
        'Close with the handling record (处置记录): once cleared, or with forceClear by the office (else 422); a cause of equipment/management opens a hazard',
      tags,
      auth: 'iot.alarms.handle',
      params: id,
      body: closeIotAlarmRequest,
      response: iotAlarmDetail,
      handler: async ({ ctx, params, body, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return one(ctx, await svc.close(em, actor, tenant, params.id, body), lang);
      },
    }),
  ];
}
