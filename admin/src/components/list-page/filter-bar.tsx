import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { App, Button, Checkbox, DatePicker, Flex, Form, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { CloseOutlined, SaveOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useSavedViewMutations, useSavedViews } from '../../api/enterprise-queries.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../api/errors.ts';
import type { SavedView } from '../../api/types.ts';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { listMessages } from './messages.ts';
import { filterKeys, type FilterSpec, type FilterValues, type ListQuery } from './use-list-query.ts';
import { validated } from '../validated.ts';

type FormValue = string | string[] | boolean | [Dayjs | null, Dayjs | null] | null | undefined;

/** Address values → form values, per the spec. */
function toForm(spec: FilterSpec[], f: FilterValues): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  for (const s of spec) {
    if (s.kind === 'multi') out[s.key] = f[s.key]?.split(',') ?? [];
    else if (s.kind === 'check') out[s.key] = f[s.key] === 'true';
    else if (s.kind === 'dateRange') {
      const [a, b] = filterKeys(s);
      out[s.key] = f[a!] || f[b!] ? [f[a!] ? dayjs(f[a!]) : null, f[b!] ? dayjs(f[b!]) : null] : null;
    } else out[s.key] = f[s.key];
  }
  return out;
}

/** Form values → address values, per the spec (tabs and address-only filters are kept as they are). */
function fromForm(spec: FilterSpec[], v: Record<string, FormValue>, current: FilterValues): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const s of spec) {
    const x = v[s.key];
    if (s.kind === 'segmented' || s.kind === 'hidden' || s.show === false) {
      for (const k of filterKeys(s)) out[k] = current[k];
    } else if (s.kind === 'multi') out[s.key] = Array.isArray(x) && x.length ? x.join(',') : undefined;
    else if (s.kind === 'check') out[s.key] = x ? 'true' : undefined;
    else if (s.kind === 'dateRange') {
      const [a, b] = filterKeys(s);
      const r = (x ?? null) as [Dayjs | null, Dayjs | null] | null;
      const fmt = (d: Dayjs | null | undefined) => (d ? (s.time ? d.toISOString() : d.format('YYYY-MM-DD')) : undefined);
      out[a!] = fmt(r?.[0]);
      out[b!] = fmt(r?.[1]);
    } else if (typeof x === 'string') {
      const t = x.trim();
      out[s.key] = t ? (s.normalize ? s.normalize(t) : t) : undefined;
    } else out[s.key] = undefined;
  }
  return out;
}

/** A named filter set of the page, as one-click chips, per user (kept by the api's saved views). */
function SavedViews({ lq, page, allLabel, testId }: { lq: ListQuery; page: string; allLabel?: ReactNode; testId: string }) {
  const t = useMessages(listMessages);
  const pn = usePunct();
  const { message } = App.useApp();
  const views = useSavedViews(page);
  const ops = useSavedViewMutations(page);
  // A city supervisor inside a zone reads only: the zone's saved views are offered, never saved or removed.
  const readOnly = !!useSession().acting?.supervising;
  const [naming, setNaming] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const current = lq.urlFilters;
  const same = (q: Record<string, string>) => {
    const a = Object.keys(q);
    return a.length === Object.keys(current).length && a.every((k) => q[k] === current[k]);
  };
  const active = (views.data ?? []).find((v) => same(v.query)) ?? null;
  const none = Object.keys(current).length === 0;

  const save = async () => {
    // A refused name shows on its field; the refusal is not an error of the page (no unhandled rejection).
    const v = await validated(form);
    if (!v) return;
    const { name } = v;
    try {
      await ops.create.mutateAsync({ name: name.trim(), query: current });
      message.success(t('viewSaved', { name: name.trim() }));
      setNaming(false);
      form.resetFields();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const remove = async (v: SavedView) => {
    try {
      await ops.remove.mutateAsync(v.id);
      message.success(t('viewRemoved', { name: v.name }));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const restore = (q: Record<string, string>) => {
    const next: Record<string, string | undefined> = { sort: q.sort };
    for (const s of lq.spec) for (const k of filterKeys(s)) next[k] = q[k];
    lq.setFilters(next);
  };

  return (
    <Flex align="center" gap={8} wrap data-testid={`${testId}-views`}>
      <Typography.Text type="secondary">
        {t('views')}
        {pn.colon}
      </Typography.Text>
      <Tag.CheckableTag checked={none} onChange={() => restore({})}>
        {allLabel ?? t('allRows')}
      </Tag.CheckableTag>
      {(views.data ?? []).map((v) => (
        <span key={v.id} className="view-chip">
          <Tag.CheckableTag checked={active?.id === v.id} onChange={() => restore(v.query)}>
            {v.name}
          </Tag.CheckableTag>
          {!readOnly && (
            <Popconfirm title={t('viewRemoveConfirm', { name: v.name })} onConfirm={() => remove(v)}>
              <CloseOutlined className="view-chip-x" aria-label={t('remove')} />
            </Popconfirm>
          )}
        </span>
      ))}
      {!readOnly && (
        <Button
          size="small"
          type="dashed"
          icon={<SaveOutlined />}
          disabled={none || !!active}
          onClick={() => setNaming(true)}
          data-testid={`${testId}-save-view`}
        >
          {t('saveView')}
        </Button>
      )}
      <Modal
        open={naming}
        title={t('saveView')}
        onCancel={() => setNaming(false)}
        onOk={() => void save()}
        confirmLoading={ops.create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="name" label={t('viewName')} rules={[{ required: true, whitespace: true, max: 40 }]}>
            <Input placeholder={t('viewNamePh')} maxLength={40} autoFocus data-testid={`${testId}-view-name`} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

/** A quick filter next to Search (e.g. 未闭环): sets these address values, highlighted while they are set. */
export interface FilterPreset {
  key: string;
  label: ReactNode;
  values: Record<string, string>;
}

/**
 * The filter bar of a list page, drawn from the spec: the form follows the address (back/forward, saved views,
 * links from other pages) and Search writes it back; saved views above it when `views` names the page.
 */
export function FilterBar({
  lq,
  views,
  allViewLabel,
  presets = [],
  testId,
}: {
  lq: ListQuery;
  views?: string;
  allViewLabel?: ReactNode;
  presets?: FilterPreset[];
  testId: string;
}) {
  const t = useMessages(listMessages);
  const inZone = useSession().me?.tenant.kind === 'zone';
  const [form] = Form.useForm<Record<string, FormValue>>();
  const fields = lq.spec.filter((s) => s.kind !== 'segmented' && s.kind !== 'hidden' && s.show !== false);
  const key = JSON.stringify(lq.filters);
  // Recomputed when the filters' contents change (lq.filters is a new object on every render).
  const initial = useMemo(() => toForm(lq.spec, JSON.parse(key) as FilterValues), [key]);

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(initial);
  }, [initial, form]);

  const reset = () => {
    const next: Record<string, string | undefined> = {};
    for (const s of lq.spec) if (s.kind === 'segmented') next[s.key] = lq.urlFilters[s.key];
    lq.setFilters(next);
  };
  const presetOn = (p: FilterPreset) =>
    Object.entries(p.values).every(([k, v]) => lq.urlFilters[k] === v) &&
    Object.keys(lq.urlFilters).filter((k) => k !== 'sort').length === Object.keys(p.values).length;

  // Saved views are a zone's: the platform's and a bureau's own pages (their trails) have none.
  const withViews = views && inZone ? views : undefined;
  if (!fields.length && !withViews) return null;
  return (
    <Flex vertical gap={12}>
      {withViews && <SavedViews lq={lq} page={withViews} allLabel={allViewLabel} testId={testId} />}
      {fields.length > 0 && (
        <Form
          form={form}
          layout="inline"
          className="filter-bar filter-wrap"
          onFinish={(v) => lq.setFilters({ ...fromForm(lq.spec, v, lq.urlFilters), sort: lq.sort })}
        >
          {fields.map((s) => (
            <Form.Item
              key={s.key}
              name={s.key}
              label={s.kind === 'check' ? undefined : s.label}
              valuePropName={s.kind === 'check' ? 'checked' : 'value'}
            >
              {control(s, t('selectPh'), t('all'))}
            </Form.Item>
          ))}
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid={`${testId}-search`}>
              {t('search')}
            </Button>
            <Button onClick={reset} data-testid={`${testId}-reset`}>
              {t('reset')}
            </Button>
            {presets.map((p) => (
              <Button
                key={p.key}
                type={presetOn(p) ? 'primary' : 'default'}
                ghost={presetOn(p)}
                onClick={() => lq.setFilters({ ...p.values, sort: lq.sort })}
                data-testid={`${testId}-preset-${p.key}`}
              >
                {p.label}
              </Button>
            ))}
          </Space>
        </Form>
      )}
    </Flex>
  );
}

function control(s: FilterSpec, selectPh: string, all: string): ReactNode {
  const style = s.width ? { width: s.width } : undefined;
  switch (s.kind) {
    case 'text':
      return <Input allowClear placeholder={s.placeholder} style={style ?? { width: 180 }} data-testid={s.testId} />;
    case 'select':
    case 'multi':
      return (
        <Select
          allowClear
          mode={s.kind === 'multi' ? 'multiple' : undefined}
          maxTagCount={s.kind === 'multi' ? 'responsive' : undefined}
          showSearch={(s.options?.length ?? 0) > 8 ? { optionFilterProp: 'label' } : undefined}
          placeholder={s.placeholder ?? (s.kind === 'multi' ? all : selectPh)}
          style={style ?? { width: 140 }}
          options={s.options}
          data-testid={s.testId}
        />
      );
    case 'dateRange':
      return s.time ? (
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          allowEmpty={[true, true]}
          style={style}
        />
      ) : (
        <DatePicker.RangePicker allowEmpty={[true, true]} style={style ?? { width: 240 }} />
      );
    case 'check':
      return <Checkbox data-testid={s.testId}>{s.label}</Checkbox>;
    case 'custom':
      return s.control ?? null;
    default:
      return null;
  }
}
