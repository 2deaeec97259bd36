import { iotRulesQuery, iotRulesResponse, saveIotRulesBody } from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { RuleService } from './rule.service.ts';

/**
 * Alarm rules (报警规则), versioned per device type or per device. GET answers the active version, what applies and
 * the history; PUT saves version n+1 — a wrong shape is 400, a rule that cannot work (L2 not beyond L1, hysteresis
 * too wide, a set point out of range, a quantity the type does not measure) is 422 with field errors
 * `rules.conditions.<i>.<field>`.
 */
export function ruleRoutes(svc: RuleService): AnyRoute[] {
  const tags = ['物联网 IoT'];
  return [
    defineRoute({
      method: 'get',
      path: '/iot/rules',
      operationId: 'iot.rules.get',
      summary: 'The rules of a device type or a device: active saved version, effective set and its source, history',
      tags,
      auth: 'iot.read',
      query: iotRulesQuery,
      response: iotRulesResponse,
      handler: ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        return svc.get(em, actor, query);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/iot/rules',
      operationId: 'iot.rules.save',
      summary: 'Save a new version of a type’s or a device’s rule set (the previous one is kept as history)',
      tags,
      auth: 'iot.manage',
      body: saveIotRulesBody,
      response: iotRulesResponse,
      handler: ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.save(em, actor, tenant.id, body);
      },
    }),
  ];
}
