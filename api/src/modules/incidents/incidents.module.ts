import type { Container } from '../../core/container.ts';
import type { AnyRoute } from '../../core/http/route.ts';
import type { EventSubscriberDef, JobHandler, ScheduleDef } from '../../core/queue/job-registry.ts';
import type { DutyService } from '../duty/duty.service.ts';
import type { EquipmentService } from '../equipment/equipment.service.ts';
import type { FileService } from '../files/file.service.ts';
import type { AlarmService } from '../iot/alarm.service.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import type { TaskService } from '../tasks/task.service.ts';

import { IncidentService } from './incident.service.ts';
import { incidentJobs } from './incident.jobs.ts';
import { incidentRoutes } from './incidents.routes.ts';
import { ResponsePlanService } from './response-plan.service.ts';
import { CommandHallService } from './command-hall.ts';
import { commandHallRoutes as hallRoutes } from './command-hall.routes.ts';
import { responsePlanRoutes } from './response-plans.routes.ts';
import { dispatchJobs, dispatchTimers } from './dispatch.jobs.ts';
import { dispatchRoutes as dispatchRoutesOf } from './dispatch.routes.ts';
import { DispatchService } from './dispatch.service.ts';
import { SensitiveTargetService } from './sensitive-target.service.ts';
import { sensitiveTargetRoutes } from './sensitive-targets.routes.ts';
import { WarningService, warningJobs } from './warning.service.ts';
import { warningRoutes } from './warnings.routes.ts';

export { announceIncident, recordEvent } from './incident-timeline.ts';

/** What the incidents module uses of the other modules (built before it in buildServices). */
export interface IncidentsDeps {
  notifications: NotificationService;
  tasks: TaskService;
  files: FileService;
  duty: DutyService;
  equipment: EquipmentService;
  /** IoT alarms: an incident raised from an alarm reads its device and comments on it. */
  alarms: AlarmService;
}

/**
 * Incidents and emergency linkage (应急联动, issue 12): incident core, response plans, reporting clock (A); dispatch,
 * equipment, downwind warnings, sensitive targets (B); command hall (E). Each part adds its lines in its section
 * below; a job also needs its line in ../job-catalog.ts. modules/index.ts spreads `routes` into buildRoutes,
 * `handlers`/`subscribers`/`schedules` into buildJobRegistry, `reconcilers` into the maintenance reconcilers, and
 * keeps the whole result as `services.incidents`.
 *
 * Route order matters: fixed paths under /incidents/ (sos, mine, stats, my-dispatches, warnings/mine, dispatches/…)
 * come before /incidents/:id — the router matches in order.
 */
export function incidentsModule(c: Container, deps: IncidentsDeps) {
  // ---- incident core: incidents, timeline, plans, checklist, clock, documents (A)
  const plans = new ResponsePlanService();
  const incidents = new IncidentService(c, { ...deps, plans });
  const incidentJobSet = incidentJobs(c, deps.notifications, incidents);
  const coreRoutes = [...incidentRoutes(c, incidents, plans), ...responsePlanRoutes(plans)] as AnyRoute[];

  // ---- dispatch & warnings (B): dispatch + ack escalation + roll call, equipment, downwind warnings, sensitive targets
  const dispatch = new DispatchService(c, deps);
  dispatch.timers = dispatchTimers(c);
  incidents.linkage = (em, id) => dispatch.forIncident(em, id);
  // Close or cancel ends every active dispatch in the same transaction (nobody stays committed; no more roll calls).
  incidents.onFinal.push(async (tx, i, actor) => {
    await dispatch.closeOut(tx, i.id, actor, i.status === 'cancelled' ? '事件已取消' : '事件已结案');
  });
  const warnings = new WarningService(c, deps.notifications);
  const sensitiveTargets = new SensitiveTargetService();
  const dispatchJobSet = dispatchJobs(c, dispatch, deps.duty, deps.notifications);
  const dispatchRoutes: AnyRoute[] = [
    ...dispatchRoutesOf(dispatch, (em, actor, t, id) => incidents.detail(em, actor, t, id)),
    ...warningRoutes(warnings),
    ...sensitiveTargetRoutes(sensitiveTargets),
  ];
  const dispatchHandlers: JobHandler[] = [...dispatchJobSet.handlers, ...warningJobs(c, warnings).handlers];
  const dispatchReconcilers: Reconciler[] = [...dispatchJobSet.reconcilers];
  const dispatchSchedules: ScheduleDef[] = [];

  // ---- command hall (E)
  const commandHall = new CommandHallService(c, { duty: deps.duty, files: deps.files });
  const commandHallRoutes = hallRoutes(commandHall);

  return {
    services: { incidents, plans, commandHall, dispatch, warnings, sensitiveTargets },
    // B's and E's fixed paths (/incidents/my-dispatches, /incidents/warnings/mine, /incidents/dispatches/:id/…) must
    // come before A's /incidents/:id: they are listed first.
    routes: [...dispatchRoutes, ...commandHallRoutes, ...coreRoutes] as AnyRoute[],
    handlers: [...incidentJobSet.handlers, ...dispatchHandlers] as JobHandler[],
    subscribers: [...incidentJobSet.subscribers] as EventSubscriberDef[],
    schedules: [...dispatchSchedules] as ScheduleDef[],
    reconcilers: [...incidentJobSet.reconcilers, ...dispatchReconcilers] as Reconciler[],
  };
}
export type IncidentsModule = ReturnType<typeof incidentsModule>;
