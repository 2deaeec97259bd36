import type { IncidentLinkage } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import type { Em } from '../../core/db/orm.ts';
import type { IncidentsDeps } from './incidents.module.ts';
import type { ResponsePlanService } from './response-plan.service.ts';

/** Incident core (应急联动): SOS, desk intake, life cycle, casualties and grade, reporting clock, plans' checklists. */
export class IncidentService {
  readonly #c: Container;
  readonly #deps: IncidentsDeps & { plans: ResponsePlanService };
  /**
   * The dispatches, equipment and warnings of an incident (B's DispatchService.forIncident, set in
   * incidents.module.ts); empty until B wires it.
   */
  linkage: (em: Em, incidentId: string) => Promise<IncidentLinkage> = async () => ({
    dispatches: [],
    equipment: [],
    warnings: [],
  });
  constructor(c: Container, deps: IncidentsDeps & { plans: ResponsePlanService }) {
    this.#c = c;
    this.#deps = deps;
  }
  get container(): Container {
    return this.#c;
  }
  get deps(): IncidentsDeps & { plans: ResponsePlanService } {
    return this.#deps;
  }
}
