import {
  API_KEY_SCOPE_LABELS,
  API_KEY_SCOPES,
  WEBHOOK_DISABLED_REASON_LABELS,
  WEBHOOK_EVENT_LABELS,
  WEBHOOK_SUBSCRIBABLE_EVENTS,
} from '@yuanan/contracts';
import type { Lang } from '../../i18n/i18n.tsx';

/** The scopes an API key may hold (contracts API_KEY_SCOPES, city design §3), in the order the form lists them. */
export const SCOPES = API_KEY_SCOPES;

/** The public webhook events a subscription may choose (`ping` is the test button's own). */
export const EVENTS = WEBHOOK_SUBSCRIBABLE_EVENTS;

type Labels = Readonly<Record<string, { zh: string; en: string }>>;

function pick(labels: Labels, key: string, lang: Lang): string {
  const l = labels[key];
  return l ? (lang === 'en' ? l.en : l.zh) : key;
}

/** A scope's description in the language (the contracts' words); an unknown scope shows as itself. */
export function scopeLabel(lang: Lang, scope: string): string {
  return pick(API_KEY_SCOPE_LABELS, scope, lang);
}

/** A scope's short name for a tag: the description without its bracketed detail (读取企业档案（列表、…） → 读取企业档案). */
export function scopeShort(lang: Lang, scope: string): string {
  return scopeLabel(lang, scope).replace(/\s*[（(].*[)）]\s*$/, '');
}

/** An event type's name in the language; an unknown type shows as itself. */
export function eventLabel(lang: Lang, type: string): string {
  return pick(WEBHOOK_EVENT_LABELS, type, lang);
}

/** Why a subscription was disabled (manual / failures) in the language. */
export function disabledReasonLabel(lang: Lang, reason: string | null): string {
  return reason ? pick(WEBHOOK_DISABLED_REASON_LABELS, reason, lang) : '—';
}

/** A byte count as B / KB / MB. */
export function fmtBytes(n: number | null | undefined): string {
  if (n == null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
