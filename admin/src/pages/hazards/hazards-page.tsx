import { useState } from 'react';
import { App, Button, DatePicker, Flex, Form, Input, List, Modal, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, StopOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { HAZARD_GRADES, HAZARD_SOURCES, HAZARD_STATUSES, problemMessage } from '@yuanan/contracts';
import { errorText } from '../../api/errors.ts';
import { useBulkHazards, useHazards } from '../../api/hazard-queries.ts';
import { useRealtimeEvent } from '../../api/socket.ts';
import type { Hazard } from '../../api/types.ts';
import { useCatalog } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useApi, useSession } from '../../auth/session.tsx';
import { EnterprisePicker } from '../../components/enterprise-picker.tsx';
import { ListPage, useListQuery, type FilterSpec } from '../../components/list-page/index.ts';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { usePunct } from '../../i18n/punct.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useZoneLists } from '../enterprises/catalog.ts';
import { useHazardRowActions } from './hazard-row-actions.tsx';
import { useHazardColumns } from './hazard-table.tsx';
import { gradeLabel, OPEN_STATUSES, sourceLabel, statusLabel } from './labels.ts';
import { hzMessages } from './messages.ts';
import { RegisterHazardButton } from './register-hazard-drawer.tsx';
import { validated } from '../../components/validated.ts';

type BulkAction = 'confirm' | 'dismiss' | 'approve';

/** 隐患台账: the zone's hazards, filtered (in the address), acted on in bulk, exported to Excel. */
export function HazardsPage() {
  const t = useMessages(hzMessages);
  const tc = useT();
  const { lang } = useI18n();
  const pn = usePunct();
  const { message, modal } = App.useApp();
  const api = useApi();
  const { effective } = useSession();
  const lists = useZoneLists();
  const categories = useCatalog('hazard_category', hasPermission(effective, 'catalog.read'));
  const spec: FilterSpec[] = [
    { key: 'q', kind: 'text', label: t('keyword'), placeholder: t('keywordPh'), width: 180, testId: 'hz-q' },
    {
      key: 'status',
      kind: 'multi',
      label: t('status'),
      placeholder: t('allStatuses'),
      width: 220,
      testId: 'hz-status-filter',
      options: HAZARD_STATUSES.map((s) => ({ value: s, label: statusLabel(s, lang) })),
    },
    {
      key: 'grade',
      kind: 'select',
      label: t('grade'),
      width: 110,
      options: HAZARD_GRADES.map((g) => ({ value: g, label: gradeLabel(g, lang) })),
    },
    {
      key: 'categoryCode',
      kind: 'select',
      label: t('category'),
      width: 120,
      options: (categories.data ?? []).filter((c) => c.enabled).map((c) => ({ value: c.code, label: c.name })),
    },
    {
      key: 'source',
      kind: 'select',
      label: t('source'),
      width: 130,
      options: HAZARD_SOURCES.map((s) => ({ value: s, label: sourceLabel(s, lang) })),
    },
    {
      key: 'enterpriseId',
      kind: 'custom',
      label: t('enterprise'),
      control: <EnterprisePicker allowClear placeholder={t('selectPh')} style={{ width: 220 }} testId="hz-enterprise-filter" />,
    },
    { key: 'gridId', kind: 'select', label: t('grid'), width: 170, options: lists.gridOptions },
    { key: 'range', kind: 'dateRange', keys: ['from', 'to'], label: t('reportedRange'), width: 240 },
    { key: 'overdue', kind: 'check', label: t('overdueOnly'), testId: 'hz-overdue-filter' },
    // The workbench's 7 日内到期 opens the ledger with this on (the same window as its count).
    { key: 'dueSoon', kind: 'check', label: t('dueSoonOnly'), testId: 'hz-due-soon-filter' },
    {
      key: 'extension',
      kind: 'select',
      label: t('extensionFilter'),
      width: 150,
      options: [{ value: 'pending', label: t('extensionPending') }],
    },
  ];
  const lq = useListQuery({ filters: spec, cursor: true });
  const list = useHazards(lq.params);
  const columns = useHazardColumns();
  const row = useHazardRowActions();
  const bulk = useBulkHazards();
  const [selected, setSelected] = useState<Hazard[]>([]);
  const [bulkAction, setBulkAction] = useState<BulkAction | null>(null);
  const [bulkForm] = Form.useForm<{ deadline?: Dayjs; reason?: string }>();
  const canManage = hasPermission(effective, 'hazards.manage');
  const canExport = hasPermission(effective, 'hazards.export');

  // Someone else moved a hazard: the list follows.
  useRealtimeEvent('hazard.changed', () => void list.refetch());

  const runBulk = async () => {
    if (!bulkAction) return;
    // A refused field shows its message; the refusal is no unhandled rejection (the console's "Object").
    const v = await validated(bulkForm);
    if (!v) return;
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
    <ListPage<Hazard>
      title={t('title')}
      description={t('desc')}
      extra={canManage && <RegisterHazardButton />}
      lq={lq}
      list={list}
      testId="hz"
      views="hazards"
      sortable
      presets={[{ key: 'open', label: t('openOnly'), values: { status: OPEN_STATUSES.join(',') } }]}
      exports={
        canExport ? [{ key: 'xlsx', label: t('export'), href: (f) => api.hazards.exportUrl(f), fileName: '隐患台账.xlsx' }] : []
      }
      tableTitle={t('list')}
      emptyText={t('empty')}
      above={
        canManage &&
        selected.length > 0 && (
          <Flex align="center" gap={8} className="bulk-bar" wrap data-testid="hz-bulk">
            <Typography.Text strong>{t('selected', { n: selected.length })}</Typography.Text>
            <Button
              size="small"
              icon={<CheckOutlined />}
              disabled={!eligible('confirm')}
              onClick={() => setBulkAction('confirm')}
              data-testid="hz-bulk-confirm"
            >
              {t('bulkConfirm')}
              {pn.paren(String(eligible('confirm')))}
            </Button>
            <Button
              size="small"
              icon={<StopOutlined />}
              disabled={!eligible('dismiss')}
              onClick={() => setBulkAction('dismiss')}
              data-testid="hz-bulk-dismiss"
            >
              {t('bulkDismiss')}
              {pn.paren(String(eligible('dismiss')))}
            </Button>
            <Button
              size="small"
              icon={<CheckOutlined />}
              disabled={!eligible('approve')}
              onClick={() => setBulkAction('approve')}
              data-testid="hz-bulk-approve"
            >
              {t('bulkApprove')}
              {pn.paren(String(eligible('approve')))}
            </Button>
            <Button size="small" type="text" icon={<CloseOutlined />} onClick={() => setSelected([])}>
              {t('bulkClear')}
            </Button>
          </Flex>
        )
      }
      table={{
        rowKey: 'id',
        columns,
        actions: row.actions,
        testId: 'hz-table',
        rowClassName: (h) => (h.overdue ? 'row-danger' : ''),
        rowSelection: canManage
          ? {
              selectedRowKeys: selected.map((h) => h.id),
              onChange: (_keys, rows) => setSelected(rows),
              preserveSelectedRowKeys: true,
            }
          : undefined,
      }}
    >
      {row.dialog}
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
    </ListPage>
  );
}
