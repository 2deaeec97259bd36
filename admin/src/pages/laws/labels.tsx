import { Tag } from 'antd';
import {
  LAW_CITATION_SOURCE_LABELS,
  LAW_CITATION_STATE_LABELS,
  LAW_DIFF_KIND_LABELS,
  LAW_DOC_TYPE_LABELS,
  LAW_DOC_TYPES,
  LAW_SCOPE_LABELS,
  LAW_STATUS_LABELS,
  LAW_STATUSES,
  type LawCitationState,
  type LawDiffKind,
  type LawDocType,
  type LawScope,
  type LawStatus,
} from '@yuanan/contracts';
import type { Lang } from '../../i18n/i18n.tsx';

type Local = { zh: string; en: string };
const pick = (l: Local | undefined, lang: Lang, fallback: string) => (l ? (lang === 'en' ? l.en : l.zh) : fallback);

export const docTypeText = (v: string, lang: Lang) => pick(LAW_DOC_TYPE_LABELS[v as LawDocType], lang, v);
export const statusText = (v: string, lang: Lang) => pick(LAW_STATUS_LABELS[v as LawStatus], lang, v);
export const scopeText = (v: string, lang: Lang) => pick(LAW_SCOPE_LABELS[v as LawScope], lang, v);
export const citationStateText = (v: string, lang: Lang) => pick(LAW_CITATION_STATE_LABELS[v as LawCitationState], lang, v);
export const diffKindText = (v: string, lang: Lang) => pick(LAW_DIFF_KIND_LABELS[v as LawDiffKind], lang, v);
export const sourceTypeText = (v: string, lang: Lang) => pick((LAW_CITATION_SOURCE_LABELS as Record<string, Local>)[v], lang, v);

export const docTypeOptions = (lang: Lang) => LAW_DOC_TYPES.map((v) => ({ value: v, label: docTypeText(v, lang) }));
export const statusOptions = (lang: Lang) => LAW_STATUSES.map((v) => ({ value: v, label: statusText(v, lang) }));

/** 现行有效 green, 已修订 orange, 已废止 red, 尚未施行 blue: the colours the reader's banners use too. */
export const STATUS_COLOUR: Record<string, string> = {
  in_force: 'green',
  amended: 'orange',
  repealed: 'red',
  not_yet_effective: 'blue',
};

export function StatusTag({ status, lang }: { status: string; lang: Lang }) {
  return (
    <Tag color={STATUS_COLOUR[status] ?? 'default'} data-testid="law-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {statusText(status, lang)}
    </Tag>
  );
}

const CITATION_COLOUR: Record<string, string> = {
  in_force: 'green',
  amended: 'orange',
  amended_unchanged: 'gold',
  repealed: 'red',
  not_yet_effective: 'blue',
  missing: 'red',
};

export function CitationStateTag({ state, lang }: { state: string; lang: Lang }) {
  return (
    <Tag color={CITATION_COLOUR[state] ?? 'default'} data-testid="law-citation-state" data-state={state}>
      {citationStateText(state, lang)}
    </Tag>
  );
}

export function ScopeTag({ scope, lang }: { scope: string; lang: Lang }) {
  return <Tag color={scope === 'platform' ? 'purple' : 'cyan'}>{scopeText(scope, lang)}</Tag>;
}

/** Where a citing record opens in the console. */
export function sourceHref(sourceType: string, sourceId: string): string | null {
  if (sourceType === 'hazard') return `/hazards/${sourceId}`;
  if (sourceType === 'checklist_item') return `/inspections/templates?open=${encodeURIComponent(sourceId.split(':')[0]!)}`;
  return null;
}

/** A snippet from the search api: only `<mark>` survives, every other `<` is escaped (the api escapes already). */
export function safeSnippet(html: string): string {
  return html.replace(/<(?!\/?mark>)/g, '&lt;');
}
