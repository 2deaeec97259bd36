import type { Container } from '../../core/container.ts';
import type { EventSubscriberDef, JobHandler } from '../../core/queue/job-registry.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import type { IncidentService } from './incident.service.ts';

/** The worker side of incidents (A): the authority-report clock reminders and their reconciler. */
export function incidentJobs(_c: Container, _notifications: NotificationService, _incidents: IncidentService) {
  return {
    handlers: [] as JobHandler[],
    subscribers: [] as EventSubscriberDef[],
    reconcilers: [] as Reconciler[],
  };
}
