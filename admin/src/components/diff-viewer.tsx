import { Empty, Table, Typography } from 'antd';
import { fmtTime } from './time.ts';
import { useI18n, type Lang } from '../i18n/i18n.tsx';
import { punct } from '../i18n/punct.ts';
import { fieldLabel as auditFieldLabel, isRole, roleLabel } from '../i18n/labels.ts';

type Op = 'create' | 'update' | 'delete' | 'event';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function show(v: unknown, field: string, lang: Lang, names: Record<string, string>, pairs = false): string {
  // An event's [before, after] of a field (a grant's new end, as the api notes a change): read as a change, each
  // side in words. Only in events: elsewhere a two-item array is a list (two subscribed events).
  if (pairs && Array.isArray(v) && v.length === 2 && v.every((x) => x === null || typeof x !== 'object'))
    return `${show(v[0], field, lang, names)} → ${show(v[1], field, lang, names)}`;
  // Role codes read as role names, the code kept beside them.
  if (field === 'role' && typeof v === 'string' && isRole(v)) return `${roleLabel(v, lang)}${punct(lang).paren(v)}`;
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') {
    if (v === '[secret]') return '••••••';
    // Ids of things the reader knows (this zone, its people) read as their names.
    if (names[v]) return `${names[v]}${punct(lang).paren(v.slice(-8))}`;
    // Times are stored in UTC; people read them in local time.
    if (ISO.test(v)) return fmtTime(v);
    // Another id nobody reads whole: its tail tells two apart.
    if (UUID.test(v)) return `…${v.slice(-8)}`;
    return v;
  }
  if (typeof v === 'boolean') return lang === 'en' ? (v ? 'yes' : 'no') : v ? '是' : '否';
  if (typeof v === 'number') return String(v);
  // A list of words or codes (a subscription's events, a key's scopes) reads as a list, not as JSON.
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
    return v.length ? punct(lang).list(v.map((x) => show(x, field, lang, names))) : '—';
  return JSON.stringify(v, null, 2);
}

interface Row {
  field: string;
  before?: unknown;
  after?: unknown;
  value?: unknown;
}

/**
 * An audit entry's changes: updates as before → after per field, creates / deletes / events as field → value.
 * Secrets are never stored (the api writes `[secret]`); they show as dots.
 */
export function DiffViewer({
  op,
  diff,
  names = {},
  fieldName,
  hide = [],
}: {
  op: Op;
  diff: Record<string, unknown>;
  names?: Record<string, string>;
  /** Field names of the page's own domain (enterprise fields); the audit's general names otherwise. */
  fieldName?: (field: string, lang: Lang) => string;
  /** Fields not worth showing (ids, bookkeeping). */
  hide?: string[];
}) {
  const { t, lang } = useI18n();
  const fieldLabel = (f: string, l: Lang) => (fieldName ? fieldName(f, l) : auditFieldLabel(f, l));
  const entries = Object.entries(diff).filter(([f]) => !hide.includes(f));
  if (!entries.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.noDiff')} />;
  const isPair = (v: unknown): v is [unknown, unknown] => Array.isArray(v) && v.length === 2;
  const label = (f: string) => (
    <span>
      {fieldLabel(f, lang)}
      {fieldLabel(f, lang) !== f && (
        <Typography.Text type="secondary" className="mono" style={{ fontSize: 11, marginLeft: 6 }}>
          {f}
        </Typography.Text>
      )}
    </span>
  );
  const value = (field: string, v: unknown, tone?: 'del' | 'add') => (
    <span
      className="diff-value"
      style={tone === 'del' ? { color: '#a8071a' } : tone === 'add' ? { color: '#237804' } : undefined}
    >
      {show(v, field, lang, names, op === 'event')}
    </span>
  );
  if (op === 'update' && entries.every(([, v]) => isPair(v))) {
    const rows: Row[] = entries.map(([field, v]) => ({
      field,
      before: (v as [unknown, unknown])[0],
      after: (v as [unknown, unknown])[1],
    }));
    return (
      <Table<Row>
        className="diff-table"
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('audit.field'), dataIndex: 'field', width: 220, render: (f: string) => label(f) },
          { title: t('audit.before'), dataIndex: 'before', render: (v: unknown, r) => value(r.field, v, 'del') },
          { title: t('audit.after'), dataIndex: 'after', render: (v: unknown, r) => value(r.field, v, 'add') },
        ]}
      />
    );
  }
  const rows: Row[] = entries.map(([field, v]) => ({ field, value: v }));
  return (
    <Table<Row>
      className="diff-table"
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t('audit.field'), dataIndex: 'field', width: 220, render: (f: string) => label(f) },
        {
          title: t('audit.value'),
          dataIndex: 'value',
          render: (v: unknown, r) => value(r.field, v, op === 'delete' ? 'del' : op === 'create' ? 'add' : undefined),
        },
      ]}
    />
  );
}
