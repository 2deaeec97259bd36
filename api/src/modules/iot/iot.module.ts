import type { Container } from '../../core/container.ts';
import type { AnyRoute } from '../../core/http/route.ts';
import type { EventSubscriberDef, JobHandler, ScheduleDef } from '../../core/queue/job-registry.ts';
import type { FileService } from '../files/file.service.ts';
import type { HazardService } from '../hazards/hazard.service.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import type { TaskService } from '../tasks/task.service.ts';

import { calibrationJobs } from './calibration.jobs.ts';
import { DeviceService } from './device.service.ts';
import { deviceRoutes } from './devices.routes.ts';
import { RuleService } from './rule.service.ts';
import { ruleRoutes } from './rules.routes.ts';

import { AlarmService } from './alarm.service.ts';
import { alarmJobs } from './alarm.jobs.ts';
import { alarmRoutes } from './alarms.routes.ts';

import { lazyPipeline } from './ingest-pipeline.ts';
import { ingestJobs } from './ingest.jobs.ts';
import { ingestRoutes } from './ingest.routes.ts';

export { IOT_DEVICES_CHANGED, iotDevicesChangedChannel } from './device.service.ts';

/** What the IoT module uses of the other modules (built before it in buildServices). */
export interface IotDeps {
  notifications: NotificationService;
  hazards: HazardService;
  tasks: TaskService;
  files: FileService;
}

/**
 * IoT monitoring (物联网实时监测, /work/briefs/iot-design.md): device registry and rules (A), ingest pipeline (B),
 * alarms and escalation (C). Each part adds its lines below; a job also needs its line in ../job-catalog.ts.
 * modules/index.ts spreads `routes` into buildRoutes, `handlers`/`subscribers`/`schedules` into buildJobRegistry,
 * `reconcilers` into the maintenance reconcilers, and keeps the whole result as `services.iot`.
 */
export function iotModule(c: Container, deps: IotDeps) {
  // ---- registry: devices, rules, live, readings, calibration (A)
  const devices = new DeviceService(c);
  const rules = new RuleService({
    findDevice: (em, actor, id) => devices.find(em, actor, id),
    changed: (t, d) => devices.changed(t, d),
  });
  const calibration = calibrationJobs(c, deps.tasks);
  // ---- alarms, escalation (C)
  const alarms = new AlarmService(c, { hazards: deps.hazards, files: deps.files });
  const alarmJobSet = alarmJobs(c, deps.notifications, alarms);
  // ---- ingest, offline sweep, retention (B): the api's pipeline for POST /iot/ingest starts on the first batch and
  // is flushed when the container closes (the MQTT one runs in its own process, api/src/ingest.ts).
  const ingest = lazyPipeline(c, alarms);
  const closeContainer = c.close;
  c.close = async () => (await ingest.stop(), await closeContainer());
  const ingestJobSet = ingestJobs(c, alarms);
  return {
    services: { devices, rules, alarms, ingest },
    routes: [
      ...deviceRoutes(c, devices),
      ...ruleRoutes(rules),
      ...alarmRoutes(alarms),
      ...ingestRoutes(c, ingest.get),
    ] as AnyRoute[],
    handlers: [...calibration.handlers, ...alarmJobSet.handlers, ...ingestJobSet.handlers] as JobHandler[],
    subscribers: [...alarmJobSet.subscribers] as EventSubscriberDef[],
    schedules: [...calibration.schedules, ...ingestJobSet.schedules] as ScheduleDef[],
    reconcilers: [...alarmJobSet.reconcilers, ...ingestJobSet.reconcilers] as Reconciler[],
  };
}
export type IotModule = ReturnType<typeof iotModule>;
