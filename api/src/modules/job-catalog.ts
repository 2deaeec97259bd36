import { EVENT_JOB, type QueueName } from '../core/queue/job-registry.ts';

/** Every job of the product and its queue. The worker refuses to start unless each has exactly one handler. */
export const jobCatalog = {
  [EVENT_JOB]: 'events',
  'maintenance.chainAudit': 'maintenance',
  'maintenance.reconcile': 'maintenance',
  'maintenance.outboxCleanup': 'maintenance',
  'maintenance.lawSearchLogRetention': 'maintenance',
  'certificate.timer': 'timers',
  'supply.expire': 'timers',
  'risk.nightly': 'maintenance',
  'enterprises.import': 'imports',
  'hazard.escalate': 'timers',
  'notify.deliver': 'notify',
  'inspection.generate': 'maintenance',
  'inspection.sweep': 'maintenance',
  'duty.sweep': 'maintenance',
  'equipment.sweep': 'maintenance',
  'iot.calibration': 'maintenance',
  'iot.alarm.escalate': 'timers',
  'iot.offline-sweep': 'maintenance',
  'iot.retention': 'maintenance',
  'incident.clock': 'timers',
  // incidents: dispatch (B)
  'incident.dispatch.ack-timeout': 'timers',
  'incident.rollcall': 'timers',
  'incident.warning.sms': 'notify',
  // webhooks (issue 14 §4): one attempt of one delivery, with the other deliveries to outside systems
  'webhook.deliver': 'notify',
  // exports (数据报送): one run of a scheduled target (schedulers `export:{targetId}`)
  'export.run': 'maintenance',
} as const satisfies Record<string, QueueName>;

export type JobName = keyof typeof jobCatalog;
