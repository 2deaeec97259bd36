import { useState } from 'react';
import { Card, Checkbox, Empty, Flex, Segmented, Tag, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { lawArticlePermalink } from '@yuanan/contracts';
import { QueryError } from '../../components/query-error.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { diffKindText } from './labels.tsx';
import { lawMessages } from './messages.ts';
import { useLawDiff, type LawDiffRow, type LawVersionDetail } from './queries.ts';

type Part = NonNullable<LawDiffRow['parts']>[number];

const KIND_COLOUR: Record<string, string> = {
  same: 'default',
  changed: 'orange',
  added: 'green',
  removed: 'red',
  moved: 'blue',
};

/** The text of one side of a changed article: the other side's pieces left out, this side's marked. */
function Side({ parts, side }: { parts: Part[]; side: 'a' | 'b' }) {
  return (
    <>
      {parts.map((p, i) => {
        if (side === 'a' && p.added) return null;
        if (side === 'b' && p.removed) return null;
        if (p.removed) return <del key={i}>{p.value}</del>;
        if (p.added) return <ins key={i}>{p.value}</ins>;
        return <span key={i}>{p.value}</span>;
      })}
    </>
  );
}

/** Both sides in one text: removed pieces struck through, added ones underlined. */
function Inline({ parts }: { parts: Part[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.removed ? <del key={i}>{p.value}</del> : p.added ? <ins key={i}>{p.value}</ins> : <span key={i}>{p.value}</span>,
      )}
    </>
  );
}

/**
 * 版本比较: the article-level diff between the version read and another version of the same document, the older
 * on the left. Changed articles show character marks (删 struck through red, 增 underlined green); added, removed
 * and renumbered (moved) articles are tagged; unchanged ones are hidden unless asked for.
 */
export function LawDiffView({ current, otherId }: { current: LawVersionDetail; otherId: string }) {
  const t = useMessages(lawMessages);
  const { lang } = useI18n();
  const other = current.versions.find((x) => x.id === otherId);
  // Older on the left: by effective date (the api aligns a → b).
  const currentFirst = !other || current.effectiveOn <= other.effectiveOn;
  const a = currentFirst ? current.id : otherId;
  const b = currentFirst ? otherId : current.id;
  const diff = useLawDiff(a, b);
  const [mode, setMode] = useState<'side' | 'inline'>('side');
  const [showSame, setShowSame] = useState(false);
  if (otherId === current.id) return <Empty description={t('diffPickOther')} />;
  if (diff.error) return <QueryError error={diff.error} onRetry={() => void diff.refetch()} />;
  if (!diff.data) return <Card loading />;
  const d = diff.data;
  const rows = d.rows.filter((r) => showSame || r.kind !== 'same');
  const changed = d.counts.changed + d.counts.added + d.counts.removed + d.counts.moved;
  const label = (r: LawDiffRow) => {
    if (r.kind === 'moved' || (r.aLabel && r.bLabel && r.aLabel !== r.bLabel))
      return (
        <span data-user-text>
          {r.aLabel} <ArrowRightOutlined /> {r.bLabel}
        </span>
      );
    const k = r.bKey ?? r.aKey;
    const vid = r.bKey ? b : a;
    return (
      <Link to={lawArticlePermalink(vid, k!)} data-user-text>
        {r.bLabel ?? r.aLabel}
      </Link>
    );
  };
  return (
    <Card
      className="law-diff"
      data-testid="law-diff"
      title={
        <Flex gap={8} align="center" wrap>
          <span>{t('diffTitle')}</span>
          <Tag data-user-text>{d.a.label}</Tag>
          <ArrowRightOutlined />
          <Tag color="blue" data-user-text>
            {d.b.label}
          </Tag>
        </Flex>
      }
      extra={
        <Flex gap={12} align="center">
          <Checkbox checked={showSame} onChange={(e) => setShowSame(e.target.checked)} data-testid="law-diff-show-same">
            {t('showSame')}
          </Checkbox>
          <Segmented
            value={mode}
            onChange={(v) => setMode(v as 'side' | 'inline')}
            options={[
              { value: 'side', label: t('sideBySide') },
              { value: 'inline', label: t('inline') },
            ]}
            data-testid="law-diff-mode"
          />
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary" data-testid="law-diff-summary">
        {t('diffSummary', d.counts)}
      </Typography.Paragraph>
      {changed === 0 && !showSame ? (
        <Empty description={t('diffNone')} />
      ) : (
        <div className={`law-diff-rows law-diff-${mode}`}>
          {mode === 'side' && (
            <div className="law-diff-row law-diff-headrow">
              <div />
              <div className="law-diff-col">
                {t('diffOld')} · <span data-user-text>{d.a.label}</span>
              </div>
              <div className="law-diff-col">
                {t('diffNew')} · <span data-user-text>{d.b.label}</span>
              </div>
            </div>
          )}
          {rows.map((r, i) => (
            <div
              key={`${r.aKey}:${r.bKey}:${i}`}
              className={`law-diff-row law-diff-${r.kind}`}
              data-testid="law-diff-row"
              data-kind={r.kind}
              data-a-key={r.aKey ?? ''}
              data-b-key={r.bKey ?? ''}
            >
              <div className="law-diff-label">
                <Tag color={KIND_COLOUR[r.kind]}>{diffKindText(r.kind, lang)}</Tag>
                <div>{label(r)}</div>
              </div>
              {mode === 'side' ? (
                <>
                  <div className="law-diff-col law-diff-a" data-user-text>
                    {r.parts ? <Side parts={r.parts} side="a" /> : r.kind === 'removed' ? <del>{r.aText}</del> : r.aText}
                  </div>
                  <div className="law-diff-col law-diff-b" data-user-text>
                    {r.parts ? <Side parts={r.parts} side="b" /> : r.kind === 'added' ? <ins>{r.bText}</ins> : r.bText}
                  </div>
                </>
              ) : (
                <div className="law-diff-col law-diff-inline" data-user-text>
                  {r.parts ? (
                    <Inline parts={r.parts} />
                  ) : r.kind === 'removed' ? (
                    <del>{r.aText}</del>
                  ) : r.kind === 'added' ? (
                    <ins>{r.bText}</ins>
                  ) : (
                    (r.bText ?? r.aText)
                  )}
                </div>
              )}
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
