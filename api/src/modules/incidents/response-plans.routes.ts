import type { AnyRoute } from '../../core/http/route.ts';
import type { ResponsePlanService } from './response-plan.service.ts';

/** Response plan routes: list, create, read, update, archive. */
export function responsePlanRoutes(_svc: ResponsePlanService): AnyRoute[] {
  return [];
}
