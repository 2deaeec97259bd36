import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { DUTY_SWAP_ACTION_LABELS, DUTY_SWAP_STATUS_LABELS, can, type DutySwap, type DutySwapAction } from '@yuanan/contracts';
import { RecordList, useRecordPages } from '../../../components/record-list';
import { Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { confirm, reportError } from '../../../services/feedback';
import { formatTime } from '../../../services/format';
import { usePageTitle } from '../../../services/page-title';
import { useSignedInMe } from '../../../services/use-session';
import { NEGATIVE_SWAP_ACTIONS, SWAP_TONES, shiftRange, swapHeadline, swapTabs, type SwapTab } from '../../services/duty-ui';
import './index.scss';

const TAB_LABELS: Record<SwapTab, string> = { incoming: '待我回应', outgoing: '我发起的', approve: '待审批' };
const ORDER: DutySwapAction[] = ['accept', 'approve', 'decline', 'reject', 'cancel'];

/**
 * 换班请求: swaps asked of me (同意换班 / 拒绝), the ones I asked (撤回 before approval) and, for a leader (or the
 * office), the accepted ones waiting for approval (批准 / 不批准). The buttons are the api's `actions` for the caller.
 */
export default function SwapsPage() {
  const me = useSignedInMe();
  const params = useRouter().params;
  const leader = me ? can(me.role, 'duty.manage') : false;
  const tabs: SwapTab[] = leader ? ['incoming', 'outgoing', 'approve'] : ['incoming', 'outgoing'];
  const initial = tabs.includes(params.tab as SwapTab) ? (params.tab as SwapTab) : leader ? 'approve' : 'incoming';
  const [tab, setTab] = useState<SwapTab>(initial);
  const [busy, setBusy] = useState<string | null>(null);
  /** Swaps decided here this visit, with the tabs they were on: they stay there showing the new status. */
  const [decided, setDecided] = useState<Map<string, { swap: DutySwap; tabs: SwapTab[] }>>(new Map());
  usePageTitle('换班请求');

  const list = useRecordPages<DutySwap>(
    async () => {
      const [mine, queue] = await Promise.all([
        client.duty.swaps.list({ mine: 'true', pageSize: 100 }),
        leader ? client.duty.swaps.list({ status: 'accepted', pageSize: 100 }) : Promise.resolve(null),
      ]);
      const all = new Map<string, DutySwap>();
      for (const s of [...mine.items, ...(queue?.items ?? [])]) all.set(s.id, s);
      const items = [...all.values()].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      return { items };
    },
    { enabled: !!me, key: leader ? 'leader' : 'member' },
  );

  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }

  const act = async (s: DutySwap, action: DutySwapAction) => {
    if (busy) return;
    const label = DUTY_SWAP_ACTION_LABELS[action].zh;
    if (NEGATIVE_SWAP_ACTIONS.includes(action)) {
      const ok = await confirm({ title: label, content: `确定${label}这次换班？`, danger: true, confirmText: label });
      if (!ok) return;
    }
    setBusy(`${s.id}:${action}`);
    try {
      const after = await client.duty.swaps.act(s.id, action);
      const tabs = swapTabs(s, me.id);
      setDecided((m) => new Map(m).set(after.id, { swap: after, tabs }));
      void Taro.showToast({ title: `已${label}`, icon: 'success' });
      await list.reload();
    } catch (e) {
      void reportError(e, { what: label });
      void list.reload();
    } finally {
      setBusy(null);
    }
  };

  const listed = list.items.map((s) => decided.get(s.id)?.swap ?? s);
  const gone = [...decided.values()].filter((d) => !list.items.some((s) => s.id === d.swap.id)).map((d) => d.swap);
  const onTab = (s: DutySwap) => (decided.get(s.id)?.tabs ?? swapTabs(s, me.id)).includes(tab);
  const shown = [...listed, ...gone].filter(onTab);
  const counts = Object.fromEntries(
    tabs.map((t) => [
      t,
      list.items.filter(
        (s) =>
          swapTabs(s, me.id).includes(t) && s.actions.some((a) => a !== 'cancel') && ['requested', 'accepted'].includes(s.status),
      ).length,
    ]),
  ) as Record<SwapTab, number>;

  return (
    <Screen className="swaps">
      <View className="swaps__bar">
        <View className="swaps__tabs">
          {tabs.map((t) => (
            <Text key={t} className={`swaps__tab ${t === tab ? 'swaps__tab--on' : ''}`} data-tab={t} onClick={() => setTab(t)}>
              {TAB_LABELS[t]}
              {t !== 'outgoing' && counts[t] ? <Text className="swaps__badge">{counts[t]}</Text> : null}
            </Text>
          ))}
        </View>
      </View>
      <RecordList<DutySwap>
        source={{ ...list, items: shown }}
        errorText="换班请求加载失败"
        emptyText={tab === 'incoming' ? '没有需要您回应的换班' : tab === 'outgoing' ? '您还没有发起换班' : '没有待审批的换班'}
        emptyDesc={tab === 'outgoing' ? '在「我的班次」中选择班次申请换班' : undefined}
        renderItem={(s) => (
          <View className="swap-card" data-testid="swap" data-id={s.id} data-status={s.status}>
            <View className="swap-card__head">
              <Text className="swap-card__title">{swapHeadline(s, me.id)}</Text>
              <Text className={`tag tag--${SWAP_TONES[s.status]}`} data-testid="swap-status">
                {DUTY_SWAP_STATUS_LABELS[s.status].zh}
              </Text>
            </View>
            <View className="swap-card__line">
              <Text className="swap-card__k">{s.requesterName} 的班</Text>
              <Text>{shiftRange(s.requesterSlotStart, s.requesterSlotEnd)}</Text>
            </View>
            {s.counterpartSlotStart && s.counterpartSlotEnd ? (
              <View className="swap-card__line">
                <Text className="swap-card__k">换回 {s.counterpartName} 的班</Text>
                <Text>{shiftRange(s.counterpartSlotStart, s.counterpartSlotEnd)}</Text>
              </View>
            ) : (
              <View className="swap-card__line">
                <Text className="swap-card__k">方式</Text>
                <Text>{s.counterpartName} 代班，不换回</Text>
              </View>
            )}
            {s.reason ? <View className="swap-card__reason">原因：{s.reason}</View> : null}
            {s.decisionNote ? <View className="swap-card__reason">意见：{s.decisionNote}</View> : null}
            <View className="swap-card__meta">
              {s.teamName} · {formatTime(s.createdAt)}
            </View>
            {s.actions.length ? (
              <View className="swap-card__actions">
                {ORDER.filter((a) => s.actions.includes(a)).map((a) => (
                  <View
                    key={a}
                    className={`wx-btn wx-btn--mini ${NEGATIVE_SWAP_ACTIONS.includes(a) ? 'wx-btn--plain wx-btn--warn' : 'wx-btn--primary'} swap-card__btn swap-card__btn--${a} ${busy ? 'wx-btn--disabled' : ''}`}
                    data-action={a}
                    onClick={() => void act(s, a)}
                  >
                    {busy === `${s.id}:${a}` ? '…' : DUTY_SWAP_ACTION_LABELS[a].zh}
                  </View>
                ))}
              </View>
            ) : null}
          </View>
        )}
      />
    </Screen>
  );
}
