import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { View } from '@tarojs/components';
import { isEnterpriseRole, type EquipmentLoan, type EquipmentRequest } from '@yuanan/contracts';
import { ListTabs } from '../../../components/list-tabs';
import { RecordList, useRecordPages } from '../../../components/record-list';
import { Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { loadCached } from '../../../services/cache';
import { confirm, reportError } from '../../../services/feedback';
import { EQUIPMENT_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import { LoanCard } from '../../components/loan-card';
import { RequestCard } from '../../components/request-card';
import './index.scss';

type Tab = 'loans' | 'requests' | 'history';
const TABS: Array<{ key: Tab; label: string }> = [
  { key: 'loans', label: '借用中' },
  { key: 'requests', label: '借用申请' },
  { key: 'history', label: '已归还' },
];

type Row = { kind: 'loan'; id: string; loan: EquipmentLoan } | { kind: 'request'; id: string; request: EquipmentRequest };

/**
 * 我的借用: what I (an enterprise user: my enterprise) have on loan — due date, overdue in red, 归还 to declare I
 * handed it back (the keeper then receives it) —, my requests (待审批 / 已批准 with the units assigned / 已驳回 …,
 * 撤回 while not picked up) and what was returned.
 */
export default function MyLoansPage() {
  const me = useSignedInMe();
  const params = useRouter().params;
  const [tab, setTab] = useState<Tab>(TABS.some((t) => t.key === params.tab) ? (params.tab as Tab) : 'loans');
  const [busy, setBusy] = useState<string | null>(null);

  const list = useRecordPages<Row>(
    async () => {
      if (tab === 'requests') {
        const q = me && isEnterpriseRole(me.role) ? {} : { mine: 'true' as const };
        const r = await loadCached('equipment-my-requests', () => client.equipment.requests.list({ ...q, pageSize: 100 }));
        return {
          items: r.data.items.map((x) => ({ kind: 'request' as const, id: x.id, request: x })),
          offlineSince: r.offlineSince,
        };
      }
      const states = tab === 'loans' ? (['current', 'overdue'] as const) : (['history'] as const);
      const r = await loadCached(`equipment-my-loans:${tab}`, async () => {
        const pages = await Promise.all(
          states.map((state) => client.equipment.loans.list({ mine: 'true', state, pageSize: 100 })),
        );
        const byId = new Map<string, EquipmentLoan>();
        for (const p of pages) for (const l of p.items) byId.set(l.id, l);
        return [...byId.values()];
      });
      const items = r.data
        .filter((l) => (tab === 'loans' ? !l.returnedAt : !!l.returnedAt))
        .sort((a, b) =>
          tab === 'loans'
            ? Number(b.overdue) - Number(a.overdue) || Date.parse(a.dueAt) - Date.parse(b.dueAt)
            : Date.parse(b.returnedAt ?? b.checkedOutAt) - Date.parse(a.returnedAt ?? a.checkedOutAt),
        );
      return { items: items.map((l) => ({ kind: 'loan' as const, id: l.id, loan: l })), offlineSince: r.offlineSince };
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

  const declare = async (l: EquipmentLoan) => {
    if (busy) return;
    const ok = await confirm({
      title: '归还器材',
      content: `确认已将「${l.modelName}（${l.assetTag}）」交还器材室？器材管理员清点入库后完成归还。`,
      confirmText: '确认归还',
    });
    if (!ok) return;
    setBusy(l.id);
    try {
      await client.equipment.loans.declareReturn(l.id, {});
      void Taro.showToast({ title: '已申报归还', icon: 'success' });
      await list.reload();
    } catch (e) {
      void reportError(e, { what: '归还' });
    } finally {
      setBusy(null);
    }
  };

  const cancel = async (r: EquipmentRequest) => {
    if (busy) return;
    const ok = await confirm({
      title: '撤回申请',
      content: '确定撤回这条借用申请？已分配的器材将释放。',
      danger: true,
      confirmText: '撤回',
    });
    if (!ok) return;
    setBusy(r.id);
    try {
      await client.equipment.requests.cancel(r.id);
      void Taro.showToast({ title: '已撤回', icon: 'success' });
      await list.reload();
    } catch (e) {
      void reportError(e, { what: '撤回申请' });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Screen className="eq-mine">
      <ListTabs block="eq-mine" tabs={TABS} value={tab} onChange={setTab} />
      <RecordList<Row>
        source={list}
        errorText={tab === 'requests' ? '借用申请加载失败' : '借用记录加载失败'}
        emptyText={tab === 'loans' ? '当前没有借用中的器材' : tab === 'requests' ? '还没有借用申请' : '还没有归还记录'}
        emptyDesc={tab === 'history' ? undefined : '在「可借器材」中选择器材和日期后提交申请'}
        renderItem={(row) =>
          row.kind === 'loan' ? (
            <LoanCard l={row.loan}>
              {!row.loan.returnedAt && !row.loan.returnDeclaredAt && !row.loan.recalledAt ? (
                <View
                  className={`wx-btn wx-btn--primary eq-mine__return ${busy ? 'wx-btn--disabled' : ''}`}
                  onClick={() => void declare(row.loan)}
                >
                  {busy === row.loan.id ? '…' : '归还'}
                </View>
              ) : null}
            </LoanCard>
          ) : (
            <RequestCard r={row.request}>
              {row.request.status === 'submitted' || row.request.status === 'approved' ? (
                <View
                  className={`wx-btn wx-btn--plain wx-btn--warn eq-mine__cancel ${busy ? 'wx-btn--disabled' : ''}`}
                  onClick={() => void cancel(row.request)}
                >
                  {busy === row.request.id ? '…' : '撤回'}
                </View>
              ) : null}
            </RequestCard>
          )
        }
        add={{ label: '借用器材', url: EQUIPMENT_PAGES.catalogue, className: 'eq-mine__new' }}
      />
    </Screen>
  );
}
