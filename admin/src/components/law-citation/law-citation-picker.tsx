import { useEffect, useState } from 'react';
import { App, Button, Flex, Popover, Select, Tag, Tooltip, Typography } from 'antd';
import { LinkOutlined, ScanOutlined } from '@ant-design/icons';
import { Form } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { LAW_STATUS_LABELS, type LawCitationRef, type LawSearchHit, type ResolvedLawCitation } from '@yuanan/contracts';
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

/**
 * 引用法规条文: the articles a record cites (value = `lawCitationRef[]`, a Form.Item child), shown as chips with the
 * text on hover and a colour when amended/repealed/missing; an inline search of the library (GET /laws/search) adds
 * the picked article; 识别 links the free-text legal basis (`basisField` of the surrounding form, or `basisText`)
 * to the library (GET /laws/citations/resolve-text) and adds what it found.
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

  const statusText = (h: LawSearchHit) => (lang === 'en' ? LAW_STATUS_LABELS[h.status].en : LAW_STATUS_LABELS[h.status].zh);
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
                      <Tag color={h.status === 'repealed' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
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
