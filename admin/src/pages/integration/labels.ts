import type { FeatureT } from '../../i18n/feature.ts';
import type { IntegrationKey } from './messages.ts';

/** The scopes an API key may hold (city design §3), in the order the form lists them. */
export const SCOPES = [
  'enterprises.read',
  'hazards.read',
  'inspections.read',
  'iot.read',
  'iot.readings.write',
  'incidents.read',
  'exports.read',
] as const;

/** The public webhook events (city design §4) a subscription may choose; `ping` is the test button's own. */
export const EVENTS = [
  'hazard.created',
  'hazard.graded',
  'hazard.closed',
  'hazard.overdue',
  'alarm.raised',
  'alarm.cleared',
  'incident.opened',
  'incident.closed',
  'enterprise.colour_changed',
] as const;

/** A scope's name in the current language; an unknown scope shows as itself. */
export function scopeLabel(t: FeatureT<IntegrationKey>, scope: string): string {
  const k = `scope.${scope}` as IntegrationKey;
  const text = t(k);
  return text === k ? scope : text;
}

/** An event type's name in the current language; an unknown type shows as itself. */
export function eventLabel(t: FeatureT<IntegrationKey>, type: string): string {
  const k = `event.${type}` as IntegrationKey;
  const text = t(k);
  return text === k ? type : text;
}

/** A byte count as B / KB / MB. */
export function fmtBytes(n: number | null | undefined): string {
  if (n == null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
