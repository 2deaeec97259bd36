import {
  INCIDENT_PUSH_ROLES,
  INCIDENT_REALTIME_EVENTS,
  type IncidentChangedPush,
  type IncidentEventKind,
  type IncidentStatus,
} from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { IncidentEvent } from './incident.entity.ts';

/** The timeline's name for the platform itself (jobs, escalations, clocks). */
export const SYSTEM_ACTOR_NAME = '应急平台';

/** Who did it on the timeline: a person (platform operators acting in a zone are marked 代行), or the system (null). */
export function timelineActor(actor: Actor | null | undefined): { actorId: string | null; actorName: string } {
  if (!actor) return { actorId: null, actorName: SYSTEM_ACTOR_NAME };
  const name = actor.actingAs ? `${actor.actingAs.platformUserName}（代行）` : actor.name;
  return { actorId: actor.userId, actorName: name.slice(0, 60) };
}

/** One timeline entry to append. `text` is the zh line people read (≤ 2000 chars, cut); `data` the structured rest. */
export interface IncidentEventInput {
  incidentId: string;
  kind: IncidentEventKind;
  text: string;
  /** A person, or null/undefined for the system. */
  actor?: Actor | null;
  /** Instead of `actor`: a user id (a member answering through a job, a replaced dispatch); give `actorName` too. */
  actorId?: string | null;
  /** Overrides the actor's name (e.g. an SOS caller without an account, or a member acting through a job). */
  actorName?: string;
  data?: Record<string, unknown> | null;
  /** Defaults to now. */
  at?: Date;
}

/**
 * Appends a row to an incident's timeline (incident_events, append-only) in the caller's transaction `tx` (persisted,
 * flushed with the caller's unit of work). Every part of the module writes its events through here so the desk's
 * timeline has one shape. Returns the entity.
 */
export function recordEvent(tx: Em, input: IncidentEventInput): IncidentEvent {
  const who = input.actor ? timelineActor(input.actor) : { actorId: input.actorId ?? null, actorName: SYSTEM_ACTOR_NAME };
  const e = tx.create(IncidentEvent, {
    incidentId: input.incidentId,
    kind: input.kind,
    at: input.at ?? new Date(),
    actorId: who.actorId,
    actorName: (input.actorName ?? who.actorName).slice(0, 60),
    text: input.text.slice(0, 2000),
    data: input.data ?? null,
  } as never);
  tx.persist(e);
  return e;
}

/** What `incident.changed` carries: enough for the big screen to update before it re-fetches. */
export interface IncidentAnnouncement {
  id: string;
  no: string;
  status: IncidentStatus;
  isDrill: boolean;
  /** What changed: an event kind, or 'created'. */
  kind: string;
  /** Defaults to now (a Date or an ISO string). */
  at?: Date | string;
}

/**
 * Emits `incident.changed` to the zone's console roles (INCIDENT_PUSH_ROLES) straight away — not through the outbox,
 * so SOS → big screen stays under a second. Call it after the change is committed. Never throws (a realtime hiccup
 * must not fail the request that already saved its change).
 */
export function announceIncident(c: Pick<Container, 'realtime'>, tenantId: string, summary: IncidentAnnouncement): void {
  const payload: IncidentChangedPush = {
    id: summary.id,
    no: summary.no,
    status: summary.status,
    isDrill: summary.isDrill,
    kind: summary.kind,
    at: summary.at === undefined ? new Date().toISOString() : new Date(summary.at).toISOString(),
  };
  try {
    for (const role of INCIDENT_PUSH_ROLES) c.realtime.toRole(tenantId, role, INCIDENT_REALTIME_EVENTS.changed, payload);
  } catch {
    // realtime is best effort: the screen also re-fetches on reconnect and on its own timer
  }
}
