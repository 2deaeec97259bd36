import { defineEntity, p } from '@mikro-orm/core';
import { tenantProperties } from '../../core/db/base-entity.ts';

/** A hazard (隐患) and its closed loop. `version` guards every transition (two reviewers cannot both close). */
export const HazardSchema = defineEntity({
  name: 'Hazard',
  tableName: 'hazards',
  uniques: [{ properties: ['tenantId', 'code'] }],
  indexes: [
    { properties: ['tenantId', 'status', 'deadline'] },
    { properties: ['tenantId', 'enterpriseId', 'status'] },
    { properties: ['tenantId', 'reportedAt'] },
    // The ledger's combined filters in the default order (`reported_at, id`: the id must come before `deadline`
    // for the index to give the order), `deadline` last so "overdue" is checked in the index.
    { properties: ['tenantId', 'status', 'reportedAt', 'id', 'deadline'], name: 'hazards_ledger_status_index' },
    { properties: ['tenantId', 'gridId', 'status', 'reportedAt', 'id', 'deadline'], name: 'hazards_ledger_grid_index' },
    { properties: ['tenantId', 'categoryCode'] },
    // The escalation sweep's alarm index: a zone's hazards due at or before an instant (escalation/alarms.ts).
    { properties: ['tenantId', 'nextEscalationAt'] },
    // City views' cross-zone aggregates (supervision/city-queries.ts), each read from its index alone.
    { properties: ['tenantId', 'status', 'grade', 'deadline'], name: 'hazards_city_open_index' },
    { properties: ['tenantId', 'status', 'closedAt', 'deadline'], name: 'hazards_city_closed_index' },
    {
      properties: ['tenantId', 'reportedAt', 'status', 'grade', 'closedAt', 'deadline'],
      name: 'hazards_city_stats_index',
    },
    // Incremental exports read a zone's hazards in (updated_at, id) order after a watermark (exports/export.service.ts).
    { properties: ['tenantId', 'updatedAt', 'id'], name: 'hazards_updated_index' },
  ],
  properties: {
    ...tenantProperties,
    code: p.string().length(24),
    enterpriseId: p.string().length(36),
    /** Copied from the enterprise at report time so grid lists and statistics need no join. */
    gridId: p.string().length(36).nullable(),
    source: p.string().length(20),
    categoryCode: p.string().length(40),
    grade: p.enum(['general', 'major'] as const).nullable(),
    treatment: p.enum(['immediate', 'deadline'] as const).nullable(),
    status: p.enum(['reported', 'confirmed', 'rectifying', 'pending_review', 'closed', 'dismissed'] as const),
    description: p.text(),
    place: p.string().length(100).nullable(),
    lat: p.double().$type<number>().nullable(),
    lng: p.double().$type<number>().nullable(),
    photoIds: p.json<string[]>().onCreate(() => []),
    afterPhotoIds: p.json<string[]>().onCreate(() => []),
    responsibleName: p.string().length(32).nullable(),
    responsibleUserId: p.string().length(36).nullable(),
    /** End of the deadline day in the zone's time zone (UTC instant). */
    deadline: p.datetime(3).nullable(),
    measures: p.string().length(1000).nullable(),
    cost: p.decimal('number').precision(14).scale(2).nullable(),
    legalBasis: p.string().length(1000).nullable(),
    /**
     * Law articles cited by reference (法规条文引用: a version + an article key, contracts `lawCitationRef`), at most
     * 10; null on hazards filed before the law library. Mirrored in `law_citations` for the reverse look-up.
     */
    citations: p.json<Array<{ versionId: string; articleKey: string }>>().nullable(),
    majorChecklistItems: p.json<string[]>().onCreate(() => []),
    reportedBy: p.string().length(36).nullable(),
    reportedByName: p.string().length(64).nullable(),
    reportedAt: p.datetime(3),
    confirmedAt: p.datetime(3).nullable(),
    closedAt: p.datetime(3).nullable(),
    dismissReason: p.string().length(500).nullable(),
    governancePlan: p.json<Record<string, string>>().nullable(),
    supervisionListedAt: p.datetime(3).nullable(),
    supervisionListedBy: p.string().length(64).nullable(),
    supervisionLedgerNo: p.string().length(40).nullable(),
    supervisionCancelledAt: p.datetime(3).nullable(),
    reportedToAuthorityAt: p.datetime(3).nullable(),
    acceptanceRequestedAt: p.datetime(3).nullable(),
    acceptedAt: p.datetime(3).nullable(),
    /** When the next escalation stage of this hazard falls due (its alarm); null when none is pending. */
    nextEscalationAt: p.datetime(3).nullable(),
    /** The key of that stage in the zone's escalation policy. */
    nextEscalationStage: p.string().length(32).nullable(),
    version: p.integer().version(),
  },
});
export class Hazard extends HazardSchema.class {}
HazardSchema.setClass(Hazard);

/** The timeline: every transition with who, when, where, photos and comment. */
export const HazardEventSchema = defineEntity({
  name: 'HazardEvent',
  tableName: 'hazard_events',
  indexes: [{ properties: ['tenantId', 'hazardId'] }],
  properties: {
    ...tenantProperties,
    hazardId: p.string().length(36),
    action: p.string().length(30),
    fromStatus: p.string().length(20).nullable(),
    toStatus: p.string().length(20).nullable(),
    actorId: p.string().length(36).nullable(),
    actorName: p.string().length(64).nullable(),
    role: p.string().length(32).nullable(),
    comment: p.string().length(1000).nullable(),
    photoIds: p.json<string[]>().onCreate(() => []),
    lat: p.double().$type<number>().nullable(),
    lng: p.double().$type<number>().nullable(),
    at: p.datetime(3),
  },
});
export class HazardEvent extends HazardEventSchema.class {}
HazardEventSchema.setClass(HazardEvent);

export const HazardExtensionSchema = defineEntity({
  name: 'HazardExtension',
  tableName: 'hazard_extensions',
  indexes: [{ properties: ['tenantId', 'hazardId'] }, { properties: ['tenantId', 'status'] }],
  properties: {
    ...tenantProperties,
    hazardId: p.string().length(36),
    requestedBy: p.string().length(36),
    requestedByName: p.string().length(64),
    currentDeadline: p.datetime(3).nullable(),
    requestedDeadline: p.string().length(10),
    reason: p.string().length(500),
    status: p.enum(['pending', 'approved', 'rejected'] as const).default('pending'),
    decidedBy: p.string().length(36).nullable(),
    decidedAt: p.datetime(3).nullable(),
    comment: p.string().length(500).nullable(),
  },
});
export class HazardExtension extends HazardExtensionSchema.class {}
HazardExtensionSchema.setClass(HazardExtension);

/** A per-zone, per-day counter for readable hazard numbers (YH-20261124-0007). */
export const HazardCounterSchema = defineEntity({
  name: 'HazardCounter',
  tableName: 'hazard_counters',
  uniques: [{ properties: ['tenantId', 'day'] }],
  properties: {
    ...tenantProperties,
    day: p.string().length(8),
    value: p.integer(),
  },
});
export class HazardCounter extends HazardCounterSchema.class {}
HazardCounterSchema.setClass(HazardCounter);
