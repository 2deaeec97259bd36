import { useEffect, useState } from 'react';
import { Tag, Tooltip } from 'antd';
import {
  ACCIDENT_GRADE_LABELS,
  DISPATCH_STATUS_LABELS,
  EQUIPMENT_CONDITION_LABELS,
  INCIDENT_EVENT_KIND_LABELS,
  INCIDENT_SOURCE_LABELS,
  INCIDENT_STATUS_LABELS,
  INCIDENT_TYPE_LABELS,
  INCIDENT_TYPES,
  SENSITIVE_TARGET_KIND_LABELS,
  SENSITIVE_TARGET_KINDS,
  WARNING_LEVEL_LABELS,
  WARNING_LEVELS,
} from '@yuanan/contracts';
import type { FeatureT } from '../../i18n/feature.ts';
import type { Lang } from '../../i18n/i18n.tsx';
import type { IncidentMessageKey } from './messages.ts';

type Local = { zh: string; en: string };
const pick = (l: Local | undefined, lang: Lang, fallback: string) => (l ? (lang === 'en' ? l.en : l.zh) : fallback);
const from = (labels: object, key: string | null | undefined) =>
  key ? (labels as Record<string, Local | undefined>)[key] : undefined;

export const typeText = (v: string, lang: Lang) => pick(from(INCIDENT_TYPE_LABELS, v), lang, v);
export const sourceText = (v: string, lang: Lang) => pick(from(INCIDENT_SOURCE_LABELS, v), lang, v);
export const statusText = (v: string, lang: Lang) => pick(from(INCIDENT_STATUS_LABELS, v), lang, v);
export const gradeText = (v: string, lang: Lang) => pick(from(ACCIDENT_GRADE_LABELS, v), lang, v);
export const dispatchStatusText = (v: string, lang: Lang) => pick(from(DISPATCH_STATUS_LABELS, v), lang, v);
export const eventKindText = (v: string, lang: Lang) => pick(from(INCIDENT_EVENT_KIND_LABELS, v), lang, v);
export const targetKindText = (v: string, lang: Lang) => pick(from(SENSITIVE_TARGET_KIND_LABELS, v), lang, v);
export const levelText = (v: string, lang: Lang) => pick(from(WARNING_LEVEL_LABELS, v), lang, v);
export const conditionText = (v: string, lang: Lang) => pick(from(EQUIPMENT_CONDITION_LABELS, v), lang, v);

export const typeOptions = (lang: Lang) => INCIDENT_TYPES.map((v) => ({ value: v, label: typeText(v, lang) }));
export const levelOptions = (lang: Lang) => WARNING_LEVELS.map((v) => ({ value: v, label: levelText(v, lang) }));
export const targetKindOptions = (lang: Lang) =>
  SENSITIVE_TARGET_KINDS.map((v) => ({ value: v, label: targetKindText(v, lang) }));

/** 突发事件应对法 warning colours: 一级 red … 四级 blue. */
export const LEVEL_HEX: Record<string, string> = { I: '#cf1322', II: '#fa8c16', III: '#fadb14', IV: '#1677ff' };
const LEVEL_TAG: Record<string, string> = { I: 'red', II: 'orange', III: 'gold', IV: 'blue' };
const STATUS_TAG: Record<string, string> = {
  reported: 'red',
  responding: 'volcano',
  controlled: 'blue',
  closed: 'green',
  cancelled: 'default',
};
const GRADE_TAG: Record<string, string> = { especially_major: 'magenta', major: 'red', larger: 'orange', general: 'gold' };
export const DISPATCH_TAG: Record<string, string> = {
  pending_ack: 'orange',
  acknowledged: 'blue',
  en_route: 'cyan',
  on_scene: 'geekblue',
  done: 'green',
  escalated: 'red',
  stood_down: 'default',
};

export function LevelTag({ level, lang }: { level: string; lang: Lang }) {
  return (
    <Tag color={LEVEL_TAG[level] ?? 'default'} data-testid="inc-level" data-level={level}>
      {levelText(level, lang)}
    </Tag>
  );
}

export function StatusTag({ status, lang }: { status: string; lang: Lang }) {
  return (
    <Tag color={STATUS_TAG[status] ?? 'default'} data-testid="inc-status" data-status={status}>
      {statusText(status, lang)}
    </Tag>
  );
}

export function GradeTag({ grade, lang, none }: { grade: string | null; lang: Lang; none: string }) {
  if (!grade) return <Tag data-testid="inc-grade">{none}</Tag>;
  return (
    <Tag color={GRADE_TAG[grade] ?? 'default'} data-testid="inc-grade" data-grade={grade}>
      {gradeText(grade, lang)}
    </Tag>
  );
}

export function DrillTag({ t }: { t: FeatureT<IncidentMessageKey> }) {
  return (
    <Tag color="purple" data-testid="inc-drill">
      {t('drill')}
    </Tag>
  );
}

export function DispatchTag({ status, lang }: { status: string; lang: Lang }) {
  return (
    <Tag color={DISPATCH_TAG[status] ?? 'default'} data-testid="inc-dispatch-status" data-status={status}>
      {dispatchStatusText(status, lang)}
    </Tag>
  );
}

/** mm:ss, or h:mm:ss past an hour (a duration in ms, sign ignored). */
export function mmss(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Now, re-read every `ms` (countdowns). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** The incident's reporting clock as the api computed it (`clock`), counted down live in the browser. */
export interface ClockLike {
  authorityDueAt: string | null;
  state: 'pending' | 'overdue' | 'done' | 'not_required';
}

/**
 * 上报时限 badge: 1 hour from learnedAt to the authority report (条例 Art. 9) — green when reported, orange counting
 * down, red when past due; drills are never reported ("演练不上报").
 */
export function ClockBadge({
  clock,
  isDrill,
  t,
  large,
}: {
  clock: ClockLike | null | undefined;
  isDrill: boolean;
  t: FeatureT<IncidentMessageKey>;
  large?: boolean;
}) {
  const now = useNow();
  const style = large ? { fontSize: 15, padding: '3px 10px' } : undefined;
  if (isDrill || clock?.state === 'not_required')
    return (
      <Tag data-testid="inc-clock" data-state="drill" style={style}>
        {isDrill ? t('clockDrill') : t('clockNotRequired')}
      </Tag>
    );
  if (!clock?.authorityDueAt) return null;
  if (clock.state === 'done')
    return (
      <Tag color="green" data-testid="inc-clock" data-state="done" style={style}>
        {t('clockDone')}
      </Tag>
    );
  const left = Date.parse(clock.authorityDueAt) - now;
  const over = left <= 0;
  return (
    <Tooltip title={t('clockHint')}>
      <Tag
        color={over ? 'red' : left < 20 * 60_000 ? 'volcano' : 'orange'}
        data-testid="inc-clock"
        data-state={over ? 'overdue' : 'pending'}
        className={over ? 'inc-clock-over' : undefined}
        style={style}
      >
        {over ? t('clockOverdue', { t: mmss(left) }) : t('clockPending', { t: mmss(left) })}
      </Tag>
    </Tooltip>
  );
}
