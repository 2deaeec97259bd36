import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Flex, Form, Input, List, Modal, Select, Space, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, DownloadOutlined, ReloadOutlined, SearchOutlined, StopOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router';
import { HAZARD_GRADES, HAZARD_SOURCES, HAZARD_STATUSES, problemMessage } from '@yuanan/contracts';
import { downloadFile } from '../../api/download.ts';
import { errorText } from '../../api/errors.ts';
import { useBulkHazards, useHazards } from '../../api/hazard-queries.ts';
import { useRealtimeEvent } from '../../api/socket.ts';
import type { Hazard } from '../../api/types.ts';
import { useCatalog } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useApi, useSession } from '../../auth/session.tsx';
import { EnterprisePicker } from '../../components/enterprise-picker.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useZoneLists } from '../enterprises/catalog.ts';
import { HazardTable } from './hazard-table.tsx';
import { gradeLabel, OPEN_STATUSES, sourceLabel, statusLabel } from './labels.ts';
import { hzMessages } from './messages.ts';

const KEYS = ['q', 'status', 'grade', 'categoryCode', 'source', 'enterpriseId', 'gridId', 'overdue', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof KEYS)[number], string>>;
interface FormValues {
  q?: string;
  status?: string[];
  grade?: string;
  categoryCode?: string;
  source?: string;
  enterpriseId?: string | null;
  gridId?: string;
  overdue?: boolean;
  range?: [Dayjs, Dayjs] | null;
}

function filtersOf(sp: URLSearchParams): Filters {
  const out: Filters = {};
  for (const k of KEYS) {
    const v = sp.get(k);
    if (v) out[k] = v;
  }
  return out;
}

type BulkAction = 'confirm' | 'dismiss' | 'approve';

/** 隐患台账: the zone's hazards, filtered (in the address), acted on in bulk, exported to Excel. */
export function HazardsPage() {
  const t = useMessages(hzMessages);
  const tc = useT();
  const { lang } = useI18n();
  const { message, modal } = App.useApp();
  const api = useApi();
  const { effective } = useSession();
  const [sp, setSp] = useSearchParams();
  const filters = filtersOf(sp);
  const page = Number(sp.get('page') ?? 1) || 1;
  const pageSize = Number(sp.get('pageSize') ?? 20) || 20;
  const [form] = Form.useForm<FormValues>();
  const lists = useZoneLists();
  const categories = useCatalog('hazard_category', hasPermission(effective, 'catalog.read'));
  const list = useHazards({ ...filters, page, pageSize, sort: sp.get('sort') ?? undefined });
  const bulk = useBulkHazards();
  const [selected, setSelected] = useState<Hazard[]>([]);
  const [bulkAction, setBulkAction] = useState<BulkAction | null>(null);
  const [bulkForm] = Form.useForm<{ deadline?: Dayjs; reason?: string }>();
  const [exporting, setExporting] = useState(false);
  const canManage = hasPermission(effective, 'hazards.manage');
  const canExport = hasPermission(effective, 'hazards.export');

  // Someone else moved a hazard: the list follows.
  useRealtimeEvent('hazard.changed', () => void list.refetch());

  const formKey = JSON.stringify(filters);
  const initial: FormValues = useMemo(
    () => ({
      q: filters.q,
      status: filters.status?.split(','),
      grade: filters.grade,
      categoryCode: filters.categoryCode,
      source: filters.source,
      enterpriseId: filters.enterpriseId,
      gridId: filters.gridId,
      overdue: filters.overdue === 'true',
      range: filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null,
    }),
    [formKey],
  );

  // The form follows the address (back/forward, reset, links from other pages).
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(initial);
  }, [initial, form]);

  const apply = (v: FormValues) => {
    const next = new URLSearchParams();
    const set = (k: string, x: string | undefined | null) => x && next.set(k, x);
    set('q', v.q?.trim());
    set('status', v.status?.length ? v.status.join(',') : undefined);
    set('grade', v.grade);
    set('categoryCode', v.categoryCode);
    set('source', v.source);
    set('enterpriseId', v.enterpriseId);
    set('gridId', v.gridId);
    if (v.overdue) next.set('overdue', 'true');
    if (v.range) {
      next.set('from', v.range[0].format('YYYY-MM-DD'));
      next.set('to', v.range[1].format('YYYY-MM-DD'));
    }
    setSp(next);
    setSelected([]);
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      const name = await downloadFile(api, api.hazards.exportUrl(filters), '隐患台账.xlsx');
      message.success(t('exported', { name }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  const runBulk = async () => {
    if (!bulkAction) return;
    const v = await bulkForm.validateFields();
    try {
      const r = await bulk.mutateAsync({
        ids: eligibleRows(bulkAction).map((h) => h.id),
        action: bulkAction,
        grade: bulkAction === 'confirm' ? 'general' : undefined,
        deadline: bulkAction === 'confirm' && v.deadline ? v.deadline.format('YYYY-MM-DD') : undefined,
        reason: bulkAction === 'dismiss' ? v.reason?.trim() : undefined,
      });
      const failed = r.results.filter((x) => !x.ok);
      const ok = r.results.length - failed.length;
      setBulkAction(null);
      bulkForm.resetFields();
      setSelected([]);
      if (!failed.length) message.success(t('bulkDone', { ok }));
      else {
        const byId = new Map(selected.map((h) => [h.id, h]));
        modal.warning({
          title: t('bulkPartial', { ok, failed: failed.length }),
          width: 560,
          content: (
            <List
              size="small"
              header={t('bulkFailedList')}
              dataSource={failed}
              renderItem={(f) => (
                <List.Item>
                  <Typography.Text className="mono">{byId.get(f.id)?.code ?? f.id}</Typography.Text>
                  <Typography.Text type="secondary">{problemMessage(f.code ?? 'internal_error', lang)}</Typography.Text>
                </List.Item>
              )}
            />
          ),
        });
      }
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const eligibleRows = (a: BulkAction) =>
    selected.filter((h) =>
      a === 'confirm'
        ? h.status === 'reported' && !h.majorChecklistItems.length
        : a === 'dismiss'
          ? h.status === 'reported' || h.status === 'confirmed'
          : h.status === 'pending_review' && h.grade !== 'major',
    );
  const eligible = (a: BulkAction) => eligibleRows(a).length;

  return (
    <PageContainer
      title={t('title')}
      description={t('desc')}
      extra={
        canExport && (
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()} data-testid="hz-export">
            {t('export')}
          </Button>
        )
      }
    >
      <Card size="small">
        <Form form={form} layout="inline" className="filter-bar filter-wrap" onFinish={apply}>
          <Form.Item name="q" label={t('keyword')}>
            <Input allowClear placeholder={t('keywordPh')} style={{ width: 180 }} data-testid="hz-q" />
          </Form.Item>
          <Form.Item name="status" label={t('status')}>
            <Select
              mode="multiple"
              allowClear
              maxTagCount="responsive"
              placeholder={t('allStatuses')}
              style={{ width: 220 }}
              options={HAZARD_STATUSES.map((s) => ({ value: s, label: statusLabel(s, lang) }))}
              data-testid="hz-status-filter"
            />
          </Form.Item>
          <Form.Item name="grade" label={t('grade')}>
            <Select
              allowClear
              placeholder={t('selectPh')}
              style={{ width: 110 }}
              options={HAZARD_GRADES.map((g) => ({ value: g, label: gradeLabel(g, lang) }))}
            />
          </Form.Item>
          <Form.Item name="categoryCode" label={t('category')}>
            <Select
              allowClear
              placeholder={t('selectPh')}
              style={{ width: 120 }}
              options={(categories.data ?? []).filter((c) => c.enabled).map((c) => ({ value: c.code, label: c.name }))}
            />
          </Form.Item>
          <Form.Item name="source" label={t('source')}>
            <Select
              allowClear
              placeholder={t('selectPh')}
              style={{ width: 130 }}
              options={HAZARD_SOURCES.map((s) => ({ value: s, label: sourceLabel(s, lang) }))}
            />
          </Form.Item>
          <Form.Item name="enterpriseId" label={t('enterprise')}>
            <EnterprisePicker allowClear placeholder={t('selectPh')} style={{ width: 220 }} testId="hz-enterprise-filter" />
          </Form.Item>
          <Form.Item name="gridId" label={t('grid')}>
            <Select allowClear placeholder={t('selectPh')} style={{ width: 170 }} options={lists.gridOptions} />
          </Form.Item>
          <Form.Item name="range" label={t('reportedRange')}>
            <DatePicker.RangePicker style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="overdue" valuePropName="checked">
            <Checkbox data-testid="hz-overdue-filter">{t('overdueOnly')}</Checkbox>
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="hz-search">
              {tc('common.search')}
            </Button>
            <Button onClick={() => apply({})}>{tc('common.reset')}</Button>
            <Button
              onClick={() => apply({ status: [...OPEN_STATUSES] })}
              type={filters.status === OPEN_STATUSES.join(',') ? 'primary' : 'default'}
              ghost={filters.status === OPEN_STATUSES.join(',')}
            >
              {t('openOnly')}
            </Button>
          </Space>
        </Form>
      </Card>
      <Card
        title={t('list')}
        extra={
          <Button type="text" icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={tc('common.refresh')} />
        }
      >
        {canManage && selected.length > 0 && (
          <Flex align="center" gap={8} className="bulk-bar" wrap data-testid="hz-bulk">
            <Typography.Text strong>{t('selected', { n: selected.length })}</Typography.Text>
            <Button
              size="small"
              icon={<CheckOutlined />}
              disabled={!eligible('confirm')}
              onClick={() => setBulkAction('confirm')}
              data-testid="hz-bulk-confirm"
            >
              {t('bulkConfirm')}（{eligible('confirm')}）
            </Button>
            <Button
              size="small"
              icon={<StopOutlined />}
              disabled={!eligible('dismiss')}
              onClick={() => setBulkAction('dismiss')}
              data-testid="hz-bulk-dismiss"
            >
              {t('bulkDismiss')}（{eligible('dismiss')}）
            </Button>
            <Button
              size="small"
              icon={<CheckOutlined />}
              disabled={!eligible('approve')}
              onClick={() => setBulkAction('approve')}
              data-testid="hz-bulk-approve"
            >
              {t('bulkApprove')}（{eligible('approve')}）
            </Button>
            <Button size="small" type="text" icon={<CloseOutlined />} onClick={() => setSelected([])}>
              {t('bulkClear')}
            </Button>
          </Flex>
        )}
        {list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <HazardTable
            items={list.data?.items ?? []}
            total={list.data?.total ?? 0}
            loading={list.isFetching}
            page={page}
            pageSize={pageSize}
            onPage={(p, ps) => {
              const next = new URLSearchParams(sp);
              if (p > 1) next.set('page', String(p));
              else next.delete('page');
              if (ps !== 20) next.set('pageSize', String(ps));
              else next.delete('pageSize');
              setSp(next);
            }}
            rowSelection={
              canManage
                ? {
                    selectedRowKeys: selected.map((h) => h.id),
                    onChange: (_keys, rows) => setSelected(rows),
                    preserveSelectedRowKeys: true,
                  }
                : undefined
            }
          />
        )}
      </Card>
      <Modal
        open={!!bulkAction}
        title={
          bulkAction === 'confirm'
            ? t('bulkConfirmTitle', { n: eligible('confirm') })
            : bulkAction === 'dismiss'
              ? t('bulkDismissTitle', { n: eligible('dismiss') })
              : t('bulkApproveTitle', { n: eligible('approve') })
        }
        okText={tc('common.ok')}
        cancelText={tc('common.cancel')}
        okButtonProps={{ danger: bulkAction === 'dismiss', 'data-testid': 'hz-bulk-ok' }}
        confirmLoading={bulk.isPending}
        onOk={() => void runBulk()}
        onCancel={() => setBulkAction(null)}
        forceRender
      >
        <Form form={bulkForm} layout="vertical">
          {bulkAction === 'confirm' && (
            <>
              <Typography.Paragraph type="secondary">{t('bulkConfirmDesc')}</Typography.Paragraph>
              <Form.Item name="deadline" label={t('deadline')}>
                <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: 200 }} />
              </Form.Item>
            </>
          )}
          {bulkAction === 'dismiss' && (
            <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea maxLength={500} rows={3} placeholder={t('reasonPh')} />
            </Form.Item>
          )}
          {bulkAction === 'approve' && <Typography.Paragraph type="secondary">{t('bulkApproveDesc')}</Typography.Paragraph>}
        </Form>
      </Modal>
    </PageContainer>
  );
}
