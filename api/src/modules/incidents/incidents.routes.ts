import type { Container } from '../../core/container.ts';
import type { AnyRoute } from '../../core/http/route.ts';
import type { IncidentService } from './incident.service.ts';
import type { ResponsePlanService } from './response-plan.service.ts';

/** Incident routes (A): SOS, desk, list, detail, life cycle, casualties, authority report, plans, documents. */
export function incidentRoutes(_c: Container, _svc: IncidentService, _plans: ResponsePlanService): AnyRoute[] {
  return [];
}
