import { Tag } from 'antd';
import {
  BORROWER_KIND_LABELS,
  EQUIPMENT_CATEGORIES,
  EQUIPMENT_CATEGORY_LABELS,
  EQUIPMENT_CONDITION_LABELS,
  EQUIPMENT_REQUEST_STATUS_LABELS,
  EQUIPMENT_UNIT_STATUS_LABELS,
  EQUIPMENT_UNIT_STATUSES,
  EQUIPMENT_UNIT_TRANSITIONS,
  MAINTENANCE_SOURCE_LABELS,
  MAINTENANCE_STATUS_LABELS,
  RESERVATION_STATUS_LABELS,
  type EquipmentUnitAction,
  type EquipmentUnitStatus,
} from '@yuanan/contracts';
import { useI18n, type Lang } from '../../i18n/i18n.tsx';

type Pair = { zh: string; en: string };
const pick = (p: Pair | undefined, lang: Lang, fallback: string) => (p ? (lang === 'en' ? p.en : p.zh) : fallback);

/** Words of the equipment enums, from the one table in the contracts (zh/en). */
export const categoryLabel = (c: string, lang: Lang) => pick((EQUIPMENT_CATEGORY_LABELS as Record<string, Pair>)[c], lang, c);
export const unitStatusLabel = (s: string, lang: Lang) =>
  pick((EQUIPMENT_UNIT_STATUS_LABELS as Record<string, Pair>)[s], lang, s);
export const conditionLabel = (c: string | null | undefined, lang: Lang) =>
  c ? pick((EQUIPMENT_CONDITION_LABELS as Record<string, Pair>)[c], lang, c) : '—';
export const borrowerKindLabel = (k: string, lang: Lang) => pick((BORROWER_KIND_LABELS as Record<string, Pair>)[k], lang, k);
export const requestStatusLabel = (s: string, lang: Lang) =>
  pick((EQUIPMENT_REQUEST_STATUS_LABELS as Record<string, Pair>)[s], lang, s);
export const reservationStatusLabel = (s: string, lang: Lang) =>
  pick((RESERVATION_STATUS_LABELS as Record<string, Pair>)[s], lang, s);
export const maintenanceStatusLabel = (s: string, lang: Lang) =>
  pick((MAINTENANCE_STATUS_LABELS as Record<string, Pair>)[s], lang, s);
export const maintenanceSourceLabel = (s: string, lang: Lang) =>
  pick((MAINTENANCE_SOURCE_LABELS as Record<string, Pair>)[s], lang, s);
/** An action of the unit state machine as its button says it (预留, 出借, 报失…). */
export const actionLabel = (a: EquipmentUnitAction, lang: Lang) => pick(EQUIPMENT_UNIT_TRANSITIONS[a].label, lang, a);

export const STATUS_COLOURS: Record<EquipmentUnitStatus, string> = {
  available: 'green',
  reserved: 'gold',
  on_loan: 'blue',
  deployed: 'volcano',
  maintenance: 'purple',
  retired: 'default',
  lost: 'red',
};
export const REQUEST_COLOURS: Record<string, string> = {
  submitted: 'gold',
  approved: 'blue',
  rejected: 'red',
  cancelled: 'default',
  fulfilled: 'green',
};
export const MAINTENANCE_COLOURS: Record<string, string> = { due: 'gold', passed: 'green', failed: 'red' };
export const CONDITION_COLOURS: Record<string, string> = { good: 'green', fair: 'gold', damaged: 'red' };

export function categoryOptions(lang: Lang) {
  return EQUIPMENT_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c, lang) }));
}
export function statusOptions(lang: Lang) {
  return EQUIPMENT_UNIT_STATUSES.map((s) => ({ value: s, label: unitStatusLabel(s, lang) }));
}

/** A unit's state as a coloured tag (`data-status` for tests). */
export function UnitStatusTag({ status }: { status: EquipmentUnitStatus }) {
  const { lang } = useI18n();
  return (
    <Tag color={STATUS_COLOURS[status]} style={{ marginInlineEnd: 0 }} data-testid="eq-status" data-status={status}>
      {unitStatusLabel(status, lang)}
    </Tag>
  );
}

export function ConditionTag({ condition }: { condition: string | null | undefined }) {
  const { lang } = useI18n();
  if (!condition) return <>—</>;
  return (
    <Tag color={CONDITION_COLOURS[condition] ?? 'default'} style={{ marginInlineEnd: 0 }} data-condition={condition}>
      {conditionLabel(condition, lang)}
    </Tag>
  );
}

export function RequestStatusTag({ status }: { status: string }) {
  const { lang } = useI18n();
  return (
    <Tag
      color={REQUEST_COLOURS[status] ?? 'default'}
      style={{ marginInlineEnd: 0 }}
      data-testid="eq-req-status"
      data-status={status}
    >
      {requestStatusLabel(status, lang)}
    </Tag>
  );
}
