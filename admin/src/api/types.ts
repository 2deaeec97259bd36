/**
 * Shapes of the api's answers, from the contracts' schemas. Type-only imports: nothing of zod reaches the bundle.
 */
import type { z } from 'zod';
import type * as C from '@yuanan/contracts';

export type Enterprise = C.Enterprise;
export type Contact = z.output<typeof C.contact>;
export type Certificate = z.output<typeof C.certificate>;
export type Chemical = z.output<typeof C.chemical>;
export type Supply = z.output<typeof C.supply>;
export type TeamMember = z.output<typeof C.teamMember>;
export type Plan = z.output<typeof C.plan>;
export type Drill = z.output<typeof C.drill>;
export type RiskPoint = z.output<typeof C.riskPoint>;
export type MajorHazardReport = z.output<typeof C.majorHazardReport>;
export type ColourExplanation = z.output<typeof C.colourExplanation>;
export type ChangeRequest = z.output<typeof C.changeRequest>;
export type ImportJob = z.output<typeof C.importJob>;
export type Task = z.output<typeof C.task>;
export type SavedView = z.output<typeof C.savedView>;
export type HistoryEntry = z.output<typeof C.auditHistoryEntry>;
export type MapData = z.output<typeof C.mapData>;
export type Dashboard = z.output<typeof C.dashboard>;
export type RiskModel = z.output<typeof C.riskModel>;
export type RiskModelParams = z.output<typeof C.riskModelParams>;
export type Hazard = C.Hazard;
export type HazardDetail = z.output<typeof C.hazardDetail>;
export type HazardEvent = z.output<typeof C.hazardEvent>;
export type HazardStats = z.output<typeof C.hazardStats>;
export type GovernancePlan = z.output<typeof C.governancePlan>;
export type RiskColour = (typeof C.RISK_COLOUR_VALUES)[number];
export type SizeBand = (typeof C.SIZE_BANDS)[number];
export type UpdateEnterprise = z.input<typeof C.updateEnterpriseRequest>;
export type CreateEnterprise = z.input<typeof C.createEnterpriseRequest>;
export type TransitionBody = z.input<typeof C.transitionRequest>;
export type PaletteEntry = { color: string; label: string };
export type Palette = Record<RiskColour, PaletteEntry>;
