import { useState } from 'react';
import { App, Button, Dropdown, Flex, Space, Tag, Typography } from 'antd';
import { MoreOutlined, PlusOutlined, WarningFilled } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import {
  useLoanMutations,
  useLoans,
  useReservations,
  type EquipmentLoan,
  type EquipmentReservation,
} from '../../api/equipment-queries.ts';
import { errorText } from '../../api/errors.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { fmtMinute, zoned } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePunct } from '../../i18n/punct.ts';
import { borrowerKindLabel, categoryLabel, ConditionTag } from './labels.tsx';
import { CheckOutDialog, RecallDialog, ReturnDialog } from './loan-dialogs.tsx';
import './equipment.css';
import { eqMessages, type EqKey } from './messages.ts';

type Tab = 'pickup' | 'current' | 'overdue' | 'history';
const TABS: Tab[] = ['pickup', 'current', 'overdue', 'history'];

/** Who borrows, in words: the enterprise (and the person), a person, or the incident. */
function Borrower({ r }: { r: Pick<EquipmentLoan, 'borrowerKind' | 'enterpriseName' | 'borrowerName' | 'incidentRef'> }) {
  const { lang } = useI18n();
  return (
    <Flex vertical gap={0}>
      <span data-user-text>{r.enterpriseName ?? r.incidentRef ?? r.borrowerName}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {borrowerKindLabel(r.borrowerKind, lang)}
        {r.enterpriseName || r.incidentRef ? (
          <>
            {' · '}
            <span data-user-text>{r.borrowerName}</span>
          </>
        ) : null}
      </Typography.Text>
    </Flex>
  );
}

/**
 * 借出与归还: 待出借 (active reservations to pick up today or tomorrow: hand them out), 借出中, 逾期未还 and 历史, each a
 * tab in the address. Check-out (from a reservation, or 出借登记 for a walk-in / incident), receive a return,
 * remind the borrower (催还) or recall a unit for an incident.
 */
export function LoansPage() {
  const t = useMessages(eqMessages);
  const { effective } = useSession();
  const canLend = hasPermission(effective, 'equipment.lend');
  const [sp] = useSearchParams();
  const pickup = (sp.get('state') ?? (canLend ? 'pickup' : 'current')) === 'pickup';
  const spec: FilterSpec[] = [
    // The reservations of 待出借 have no text search.
    {
      key: 'q',
      kind: 'text',
      label: t('keyword'),
      placeholder: t('assetTag'),
      width: 200,
      testId: 'eq-loans-q',
      show: !pickup,
    },
    {
      key: 'state',
      kind: 'segmented',
      defaultValue: canLend ? 'pickup' : 'current',
      options: TABS.filter((x) => canLend || x !== 'pickup').map((x) => ({ value: x, label: t(`tab_${x}` as EqKey) })),
      testId: 'eq-loan-tabs',
    },
  ];
  const lq = useListQuery({ filters: spec });
  const tab = (lq.filters.state ?? 'current') as Tab;
  const [checkingOut, setCheckingOut] = useState<{ reservation?: EquipmentReservation } | null>(null);
  const extra = canLend && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCheckingOut({})} data-testid="eq-checkout-new">
      {t('checkOutNew')}
    </Button>
  );
  const dialog = checkingOut && <CheckOutDialog reservation={checkingOut.reservation} onClose={() => setCheckingOut(null)} />;

  if (tab === 'pickup')
    return <PickupList lq={lq} extra={extra} onCheckOut={(r) => setCheckingOut({ reservation: r })} dialog={dialog} />;
  return <LoanList lq={lq} tab={tab} extra={extra} dialog={dialog} />;
}

/** Reservations to hand out: active, not ended, starting by the end of tomorrow on the zone's clock (= the workbench card). */
function PickupList({
  lq,
  extra,
  onCheckOut,
  dialog,
}: {
  lq: ReturnType<typeof useListQuery>;
  extra: React.ReactNode;
  onCheckOut: (r: EquipmentReservation) => void;
  dialog: React.ReactNode;
}) {
  const t = useMessages(eqMessages);
  // The same set as the workbench card 待出借: not ended yet, starting before the end of tomorrow (zone's clock).
  const [window] = useState(() => ({
    from: new Date().toISOString(),
    to: zoned().add(2, 'day').startOf('day').toISOString(),
  }));
  const list = useReservations({
    status: 'active',
    ...window,
    page: lq.params.page,
    pageSize: lq.params.pageSize,
  });
  const columns: ListColumn<EquipmentReservation>[] = [
    {
      key: 'assetTag',
      title: t('assetTag'),
      dataIndex: 'assetTag',
      width: 130,
      fixed: 'left',
      render: (v: string, r) => (
        <Link to={`/equipment/units/${r.unitId}`} className="mono" data-user-text>
          {v}
        </Link>
      ),
    },
    {
      key: 'model',
      title: t('modelName'),
      dataIndex: 'modelName',
      width: 160,
      grow: true,
      ellipsis: true,
      render: (v: string) => <span data-user-text>{v}</span>,
    },
    { key: 'borrower', title: t('borrower'), width: 200, render: (_: unknown, r) => <Borrower r={r} /> },
    {
      key: 'dates',
      title: t('dates'),
      width: 240,
      render: (_: unknown, r) => `${fmtMinute(r.startsAt)} – ${fmtMinute(r.endsAt)}`,
    },
  ];
  return (
    <ListPage<EquipmentReservation>
      title={t('loansTitle')}
      description={t('loansDesc')}
      extra={extra}
      lq={lq}
      list={list}
      testId="eq-loans"
      emptyText={t('loansEmpty')}
      table={{
        rowKey: 'id',
        columns,
        testId: 'eq-pickup-table',
        actions: {
          width: 90,
          render: (r) => (
            <Button type="link" size="small" onClick={() => onCheckOut(r)} data-testid="eq-row-checkout">
              {t('checkOut')}
            </Button>
          ),
        },
      }}
    >
      {dialog}
    </ListPage>
  );
}

/** Loans of one tab (借出中 / 逾期未还 / 历史) with their row actions. */
function LoanList({
  lq,
  tab,
  extra,
  dialog,
}: {
  lq: ReturnType<typeof useListQuery>;
  tab: Exclude<Tab, 'pickup'>;
  extra: React.ReactNode;
  dialog: React.ReactNode;
}) {
  const t = useMessages(eqMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const { message } = App.useApp();
  const { effective } = useSession();
  const canLend = hasPermission(effective, 'equipment.lend');
  const list = useLoans(lq.params);
  const { nudge } = useLoanMutations();
  // A workbench item links with the loan's id: its row is marked.
  const [sp] = useSearchParams();
  const focus = sp.get('id');
  const [receiving, setReceiving] = useState<EquipmentLoan | null>(null);
  const [recalling, setRecalling] = useState<EquipmentLoan | null>(null);

  const remind = async (l: EquipmentLoan) => {
    try {
      const r = await nudge.mutateAsync(l.id);
      // Once a day per loan: a second 催还 the same day sends nothing and says so.
      if (r.alreadySent) message.warning(t('nudgedToday'));
      else if (!r.sent) message.warning(t('nudgeNoOne'));
      else message.success(t('nudged'));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const columns: ListColumn<EquipmentLoan>[] = [
    {
      key: 'assetTag',
      title: t('assetTag'),
      dataIndex: 'assetTag',
      width: 130,
      fixed: 'left',
      render: (v: string, r) => (
        <Link to={`/equipment/units/${r.unitId}`} className="mono" data-testid="eq-loan-unit" data-user-text>
          {v}
        </Link>
      ),
    },
    {
      key: 'model',
      title: t('modelName'),
      width: 160,
      grow: true,
      ellipsis: true,
      render: (_: unknown, r) => (
        <span data-user-text>
          {r.modelName}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {pn.paren(categoryLabel(r.category, lang))}
          </Typography.Text>
        </span>
      ),
    },
    { key: 'borrower', title: t('borrower'), width: 200, render: (_: unknown, r) => <Borrower r={r} /> },
    {
      key: 'out',
      title: t('checkedOutAt'),
      dataIndex: 'checkedOutAt',
      width: 140,
      priority: 2,
      render: (v: string) => fmtMinute(v),
    },
    {
      key: 'due',
      title: t('dueAt'),
      width: 170,
      render: (_: unknown, r) => (
        <Flex vertical gap={2}>
          <span>{fmtMinute(r.dueAt)}</span>
          {r.overdue && (
            <Tag
              color="red"
              icon={<WarningFilled />}
              style={{ marginInlineEnd: 0, width: 'fit-content' }}
              data-testid="eq-overdue"
            >
              {t('overdueDays', { n: r.overdueDays })}
            </Tag>
          )}
        </Flex>
      ),
    },
    {
      key: 'state',
      title: tab === 'history' ? t('returnedAt') : t('status'),
      width: 170,
      render: (_: unknown, r) =>
        r.returnedAt ? (
          <Space size={4} wrap>
            <span>{fmtMinute(r.returnedAt)}</span>
            <ConditionTag condition={r.returnCondition} />
          </Space>
        ) : r.recalledAt ? (
          <Tag color="volcano" style={{ marginInlineEnd: 0 }}>
            {t('recall')}
          </Tag>
        ) : r.returnDeclaredAt ? (
          <Tag color="cyan" style={{ marginInlineEnd: 0 }} data-testid="eq-declared">
            {t('declared')}
          </Tag>
        ) : (
          <Tag color={r.overdue ? 'red' : 'blue'} style={{ marginInlineEnd: 0 }} data-testid="eq-loan-state">
            {r.overdue ? t('tab_overdue') : t('tab_current')}
          </Tag>
        ),
    },
  ];

  return (
    <ListPage<EquipmentLoan>
      title={t('loansTitle')}
      description={t('loansDesc')}
      extra={extra}
      lq={lq}
      list={list}
      testId="eq-loans"
      emptyText={t('loansEmpty')}
      table={{
        rowKey: 'id',
        columns,
        testId: 'eq-loan-table',
        rowClassName: (r) => (r.id === focus ? 'eq-row-focus' : r.overdue ? 'row-danger' : ''),
        actions:
          canLend && tab !== 'history'
            ? {
                width: 120,
                render: (r) =>
                  r.returnedAt || r.recalledAt ? null : (
                    <Space size={0} className="row-actions">
                      <Button type="link" size="small" onClick={() => setReceiving(r)} data-testid="eq-row-receive">
                        {t('receive')}
                      </Button>
                      <Dropdown
                        trigger={['click']}
                        menu={{
                          items: [
                            { key: 'nudge', label: t('nudge') },
                            { key: 'recall', label: t('recall'), danger: true },
                          ],
                          onClick: ({ key }) => (key === 'nudge' ? void remind(r) : setRecalling(r)),
                        }}
                      >
                        <Button
                          type="text"
                          size="small"
                          icon={<MoreOutlined />}
                          aria-label={t('more')}
                          data-testid="eq-row-more"
                        />
                      </Dropdown>
                    </Space>
                  ),
              }
            : null,
      }}
    >
      {dialog}
      {receiving && <ReturnDialog loan={receiving} onClose={() => setReceiving(null)} />}
      {recalling && <RecallDialog loan={recalling} onClose={() => setRecalling(null)} />}
    </ListPage>
  );
}
