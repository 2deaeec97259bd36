import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { View } from '@tarojs/components';
import type { EquipmentLoan, EquipmentRequest } from '@yuanan/contracts';
import { ListTabs } from '../../../components/list-tabs';
import { RecordList, useRecordPages } from '../../../components/record-list';
import { Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { EQUIPMENT_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import { LoanCard } from '../../components/loan-card';
import { RequestCard } from '../../components/request-card';
import './index.scss';

type Tab = 'declared' | 'current' | 'overdue' | 'pickup';
const TABS: Array<{ key: Tab; label: string }> = [
  { key: 'declared', label: '待确认归还' },
  { key: 'current', label: '借出中' },
  { key: 'overdue', label: '逾期' },
  { key: 'pickup', label: '待领用' },
];

type Row = { kind: 'loan'; id: string; loan: EquipmentLoan } | { kind: 'request'; id: string; request: EquipmentRequest };

/**
 * 借出与归还 (keeper): loans the borrower says are back (待确认归还), everything on loan, the overdue ones, and the
 * approved requests waiting to be picked up (their assigned units open to 出借). A loan opens 归还入库.
 */
export default function KeeperLoansPage() {
  const me = useSignedInMe();
  const params = useRouter().params;
  const [tab, setTab] = useState<Tab>(TABS.some((t) => t.key === params.tab) ? (params.tab as Tab) : 'declared');
  const list = useRecordPages<Row>(
    async (page) => {
      if (tab === 'pickup') {
        const r = await client.equipment.requests.list({ status: 'approved', page, pageSize: 30 });
        return { items: r.items.map((x) => ({ kind: 'request' as const, id: x.id, request: x })), total: r.total };
      }
      const r = await client.equipment.loans.list({ state: tab === 'overdue' ? 'overdue' : 'current', page, pageSize: 100 });
      const items = tab === 'declared' ? r.items.filter((l) => l.returnDeclaredAt && !l.returnedAt) : r.items;
      return {
        items: items.map((l) => ({ kind: 'loan' as const, id: l.id, loan: l })),
        total: tab === 'declared' ? undefined : r.total,
      };
    },
    { key: tab, enabled: !!me },
  );
  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  const open = (url: string) => void Taro.navigateTo({ url });
  return (
    <Screen className="eq-loans">
      <ListTabs block="eq-loans" tabs={TABS} value={tab} onChange={setTab} />
      <RecordList<Row>
        source={list}
        errorText="加载失败"
        emptyText={
          tab === 'declared'
            ? '没有待确认的归还'
            : tab === 'pickup'
              ? '没有待领用的申请'
              : tab === 'overdue'
                ? '没有逾期未还的器材'
                : '没有借出中的器材'
        }
        renderItem={(row) =>
          row.kind === 'loan' ? (
            <LoanCard l={row.loan} showBorrower onOpen={() => open(`${EQUIPMENT_PAGES.receive}?loanId=${row.loan.id}`)}>
              <View className="wx-btn wx-btn--primary eq-loans__receive">归还入库</View>
            </LoanCard>
          ) : (
            <RequestCard r={row.request} showRequester onUnit={(unitId) => open(`${EQUIPMENT_PAGES.unit}?id=${unitId}`)} />
          )
        }
        add={{ label: '扫码出借/归还', url: EQUIPMENT_PAGES.scan, className: 'eq-loans__scan' }}
      />
    </Screen>
  );
}
