import { commandHall } from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { CommandHallService } from './command-hall.ts';

/**
 * 指挥大厅 (command hall): the big screen's snapshot, read by the wall page at start, 300 ms after a burst of
 * `incident.changed` / `iot.alarm` / `hazard.changed` events, after a reconnect and every 10 s (the heartbeat: a hung
 * api shows on the screen as stale data). Permission
 * command_hall.view (the safety office, rescue leaders, the equipment room, the city supervisor).
 */
export function commandHallRoutes(svc: CommandHallService): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/command-hall',
      operationId: 'commandHall.get',
      summary:
        'The command hall snapshot: zone map (site plan, enterprises in their colours), active IoT alarms, open incidents with dispatch counts, reporting clock and downwind sector, on duty now, equipment, today’s hazards and inspections',
      tags: ['应急联动 Incidents'],
      auth: 'command_hall.view',
      response: commandHall,
      handler: ({ ctx }) => {
        const { em, tenant } = callerOf(ctx);
        return svc.snapshot(em, tenant);
      },
    }),
  ];
}
