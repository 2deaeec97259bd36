import {
  INCIDENT_STATUS_LABELS,
  INCIDENT_TYPE_LABELS,
  PROPOSED_PERSON_STATUS_LABELS,
  WARNING_LEVEL_LABELS,
  type IncidentStatus,
  type IncidentType,
  type ProposedPersonStatus,
  type WarningLevel,
} from '@yuanan/contracts';
import type { Lang } from '../../i18n/i18n.tsx';

type Local = { zh: string; en: string };
const pick = (l: Local | undefined, lang: Lang, fallback: string) => (l ? (lang === 'en' ? l.en : l.zh) : fallback);

/** An incident type's words (火灾, 泄漏/中毒 …); '' while unknown (a pushed incident before its snapshot). */
export const incidentTypeText = (type: string, lang: Lang) =>
  type ? pick(INCIDENT_TYPE_LABELS[type as IncidentType], lang, type) : '';
export const incidentStatusText = (s: string, lang: Lang) => pick(INCIDENT_STATUS_LABELS[s as IncidentStatus], lang, s);
export const personStatusText = (s: string, lang: Lang) =>
  pick(PROPOSED_PERSON_STATUS_LABELS[s as ProposedPersonStatus], lang, s);
/**
 * A warning level's short words for a chip already in its colour (一级 … 四级 / Level I …; 突发事件应对法 Art. 63):
 * the label without its colour in brackets.
 */
export const levelText = (l: string, lang: Lang) =>
  pick(WARNING_LEVEL_LABELS[l as WarningLevel], lang, l).replace(/\s*[（(][^）)]*[）)]\s*$/, '');
