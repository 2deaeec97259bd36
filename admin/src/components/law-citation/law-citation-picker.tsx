import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Popover, Select, Tag, Tooltip, Typography } from 'antd';
import { LinkOutlined, ScanOutlined, SwapOutlined } from '@ant-design/icons';
import { Form } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { LAW_STATUS_LABELS, type LawCitationRef, type LawSearchHit, type ResolvedLawCitation } from '@yuanan/contracts';
import { articleLabel } from '@yuanan/domain';
import { errorText } from '../../api/errors.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { CitationCard, citationName, citationStateColour } from './law-citation-links.tsx';
import { lawCitationMessages } from './messages.ts';
import { refKey, useLawArticleSearch, useResolvedCitations, useResolveText } from './queries.ts';

/**
 * A search snippet as React nodes: the api sends HTML with the matched words in <mark>…</mark> and everything else
 * escaped; it is split on the marks and unescaped here instead of being injected as HTML (nothing of it can run).
 */
export function Snippet({ html }: { html: string }) {
  const unescape = (s: string) =>
    s.replace(/&(lt|gt|amp|quot|#39|#x27);/g, (_m, e: string) =>
      e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : "'",
    );
  const parts = html.split(/(<mark>[\s\S]*?<\/mark>)/g);
  return (
    <>
      {parts.map((p, i) =>
        p.startsWith('<mark>') ? <mark key={i}>{unescape(p.slice(6, -7))}</mark> : <span key={i}>{unescape(p)}</span>,
      )}
    </>
  );
}

/** Search-hit status tag colours: 已修订 orange, 已废止 red, 尚未施行 blue, anything else (e.g. 不在库中) grey. */
const HIT_STATUS_COLOUR: Record<string, string> = { amended: 'orange', repealed: 'red', not_yet_effective: 'blue' };

/** Citation states the picker warns about: the cited version is no longer the text in force. */
const STALE_STATES = new Set<string>(['amended', 'amended_unchanged', 'repealed']);

/**
 * '12' → '第十二条', '8-1' → '第八条之一' in Chinese; 'Article 12', 'Article 8-1' in English (the key itself when it
 * is not an article key).
 */
export function keyLabel(key: string, lang: 'zh' | 'en' = 'zh'): string {
  const m = /^(\d{1,4})(?:-(\d{1,2}))?$/.exec(key);
  if (!m) return key;
  return lang === 'en' ? `Article ${key}` : articleLabel(Number(m[1]), Number(m[2] ?? 0));
}

/**
 * The refs with `from` replaced by `to` in its place (a switch to the version in force); when `to` is cited already,
 * `from` is only removed.
 */
export function switchRef(refs: readonly LawCitationRef[], from: LawCitationRef, to: LawCitationRef): LawCitationRef[] {
  const dup = refs.some((r) => refKey(r) === refKey(to));
  return refs.flatMap((r) => (refKey(r) !== refKey(from) ? [r] : dup ? [] : [to]));
}

/**
 * 引用法规条文: the articles a record cites (value = `lawCitationRef[]`, a Form.Item child), shown as chips with the
 * text on hover and a colour when amended/repealed/missing; an inline search of the library (GET /laws/search) adds
 * the picked article; 识别 links the free-text legal basis (`basisField` of the surrounding form, or `basisText`)
 * to the library (GET /laws/citations/resolve-text) and adds what it found. A cited article whose version was
 * amended or repealed gets an inline warning with a one-click switch to the matching article in force (when the api
 * matched one).
 */
export function LawCitationPicker({
  value,
  onChange,
  max = 10,
  basisText,
  basisField,
  disabled,
  testId = 'law-citation-picker',
}: {
  value?: LawCitationRef[] | null;
  onChange?: (v: LawCitationRef[]) => void;
  /** The most articles one record may cite (hazards 10, checklist items 5). */
  max?: number;
  basisText?: string | null;
  /** The form field holding the free-text legal basis (read when 识别 is pressed). */
  basisField?: NamePath;
  disabled?: boolean;
  testId?: string;
}) {
  const m = useMessages(lawCitationMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const form = Form.useFormInstance();
  const refs = value ?? [];
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim().slice(0, 200)), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const search = useLawArticleSearch(q);
  const resolved = useResolvedCitations(refs);
  const byKey = new Map((resolved.data ?? []).map((c) => [refKey(c), c]));
  const recognise = useResolveText();

  const add = (more: LawCitationRef[]): number => {
    const have = new Set(refs.map(refKey));
    const fresh = more.filter((r) => !have.has(refKey(r)) && have.add(refKey(r)));
    const room = Math.max(0, max - refs.length);
    if (fresh.length > room) message.warning(m('tooMany', { n: max }));
    const taken = fresh.slice(0, room);
    if (taken.length) onChange?.([...refs, ...taken]);
    return taken.length;
  };

  const pick = (key: string) => {
    const hit = search.data?.hits.find((h) => refKey(h) === key);
    if (!hit) return;
    if (refs.some((r) => refKey(r) === key)) {
      message.info(m('already'));
      return;
    }
    add([{ versionId: hit.versionId, articleKey: hit.articleKey }]);
    setTyped('');
    setQ('');
  };

  const runRecognise = async () => {
    const text = (basisText ?? (basisField ? (form?.getFieldValue(basisField) as string | undefined) : undefined))?.trim();
    if (!text) {
      message.info(m('noBasisText'));
      return;
    }
    try {
      const r = await recognise.mutateAsync(text);
      const found = r.items.filter((c) => c.ref).map((c) => c.ref!);
      const unmatched = r.items.filter((c) => !c.ref).map((c) => `《${c.title}》${c.articleLabel}`);
      if (!r.items.length) message.info(m('recognisedNone'));
      else {
        const n = add(found);
        if (n || found.length) message.success(m('recognised', { n }));
        if (unmatched.length) message.warning(m('recognisedUnmatched', { list: unmatched.join('、') }));
      }
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const toCurrent = (c: ResolvedLawCitation) => {
    if (!c.currentVersionId || !c.currentArticleKey) return;
    onChange?.(switchRef(refs, c, { versionId: c.currentVersionId, articleKey: c.currentArticleKey }));
    message.success(m('switched', { label: keyLabel(c.currentArticleKey, lang === 'en' ? 'en' : 'zh') }));
  };
  const stale = refs.map((r) => byKey.get(refKey(r))).filter((c): c is ResolvedLawCitation => !!c && STALE_STATES.has(c.state));

  const statusText = (h: LawSearchHit) => {
    const l = (LAW_STATUS_LABELS as Record<string, { zh: string; en: string } | undefined>)[h.status];
    return l ? (lang === 'en' ? l.en : l.zh) : h.status;
  };
  const options = (search.data?.hits ?? []).map((h) => ({
    value: refKey(h),
    label: `《${h.documentTitle}》${h.articleLabel}`,
    hit: h,
  }));

  const chip = (r: LawCitationRef) => {
    const c: ResolvedLawCitation | undefined = byKey.get(refKey(r));
    const colour = c ? citationStateColour(c.state) : undefined;
    const tag = (
      <Tag
        key={refKey(r)}
        closable={!disabled}
        color={colour}
        onClose={(e) => {
          e.preventDefault();
          onChange?.(refs.filter((x) => refKey(x) !== refKey(r)));
        }}
        icon={<LinkOutlined />}
        data-testid="law-citation-chip"
        data-key={refKey(r)}
        data-state={c?.state}
        style={{ marginInlineEnd: 0 }}
      >
        {c ? citationName(c) : r.articleKey}
      </Tag>
    );
    return c ? (
      <Popover key={refKey(r)} content={<CitationCard c={c} />} mouseEnterDelay={0.25}>
        {tag}
      </Popover>
    ) : (
      tag
    );
  };

  return (
    <Flex vertical gap={6} data-testid={testId}>
      {refs.length > 0 && (
        <Flex gap={6} wrap>
          {refs.map(chip)}
        </Flex>
      )}
      {stale.map((c) => (
        <Alert
          key={refKey(c)}
          type="warning"
          showIcon
          data-testid="law-citation-warning"
          data-key={refKey(c)}
          data-state={c.state}
          style={{ padding: '4px 10px' }}
          title={
            <span>
              <span data-user-text>
                {citationName(c)}
                {c.versionLabel ? `（${c.versionLabel}）` : ''}
              </span>
              {lang === 'en' ? ': ' : '：'}
              {m(c.state === 'repealed' ? 'staleRepealed' : c.state === 'amended_unchanged' ? 'staleUnchanged' : 'staleAmended')}
            </span>
          }
          action={
            !disabled && c.currentVersionId && c.currentArticleKey ? (
              <Button
                size="small"
                icon={<SwapOutlined />}
                onClick={() => toCurrent(c)}
                data-testid="law-citation-switch"
                data-to={`${c.currentVersionId}#${c.currentArticleKey}`}
              >
                {m('switchToCurrent', { label: keyLabel(c.currentArticleKey, lang === 'en' ? 'en' : 'zh') })}
              </Button>
            ) : undefined
          }
        />
      ))}
      {!disabled && (
        <Flex gap={8}>
          <Select<string>
            value={null}
            showSearch={{ filterOption: false, onSearch: setTyped, searchValue: typed }}
            onSelect={(v) => pick(v)}
            placeholder={m('searchPh')}
            loading={search.isFetching}
            notFoundContent={q ? (search.isFetching ? m('searching') : m('noHits')) : null}
            options={options}
            optionRender={(o) => {
              const h = (o.data as { hit: LawSearchHit }).hit;
              return (
                <div data-testid="law-citation-option" style={{ whiteSpace: 'normal' }}>
                  <Flex gap={6} align="center" wrap>
                    <Typography.Text strong>{`《${h.documentTitle}》${h.articleLabel}`}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {h.versionLabel}
                    </Typography.Text>
                    {h.status !== 'in_force' && (
                      <Tag
                        color={HIT_STATUS_COLOUR[h.status] ?? 'default'}
                        style={{ marginInlineEnd: 0 }}
                        data-testid="law-citation-option-status"
                        data-status={h.status}
                      >
                        {statusText(h)}
                      </Tag>
                    )}
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <Snippet html={h.snippet} />
                  </Typography.Text>
                </div>
              );
            }}
            popupMatchSelectWidth={560}
            style={{ flex: 1, minWidth: 200 }}
            disabled={refs.length >= max}
            data-testid={`${testId}-search`}
          />
          {(basisField !== undefined || basisText !== undefined) && (
            <Tooltip title={m('recogniseHint')}>
              <Button
                icon={<ScanOutlined />}
                loading={recognise.isPending}
                onClick={() => void runRecognise()}
                data-testid={`${testId}-recognise`}
              >
                {m('recognise')}
              </Button>
            </Tooltip>
          )}
        </Flex>
      )}
    </Flex>
  );
}
