import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import {
  EQUIPMENT_CATEGORY_LABELS,
  EQUIPMENT_CONDITION_LABELS,
  EQUIPMENT_UNIT_STATUS_LABELS,
  can,
  type EquipmentUnitDetail,
} from '@yuanan/contracts';
import { Failed, Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { confirm, errorMessage, reportError } from '../../../services/feedback';
import { EQUIPMENT_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import { CONDITION_TONES, UNIT_TONES, dueText, rangeText } from '../../services/equipment-ui';
import './index.scss';

/**
 * 器材详情 (after a scan): the unit's state now, condition, place, who holds it and until when (names only for those
 * who may see them), the next reservation and maintenance, the model's specifications. The keeper gets 出借 (a unit
 * that is available or reserved) and 归还入库 (one on loan); a borrower holding it (their enterprise's loan, or
 * lent to them) gets 归还 (declare the return).
 */
export default function UnitPage() {
  const me = useSignedInMe();
  const id = useRouter().params.id ?? '';
  const [u, setU] = useState<EquipmentUnitDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    try {
      setU(await client.equipment.units.get(id));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  useDidShow(() => {
    void load();
  });

  if (!me || (!u && !error)) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  if (!u) {
    return (
      <Screen>
        <Failed message={`器材加载失败：${error}`} onRetry={() => void load()} />
      </Screen>
    );
  }
  const keeper = can(me.role, 'equipment.lend');
  const canLend = keeper && u.actions.includes('check_out') && !u.lendableBlockedReason;
  const loan = u.currentLoan;
  // My own loan of this unit (my enterprise's, or lent to me), not yet handed back: 归还 from here too.
  const mine = loan
    ? u.loans.find(
        (l) =>
          l.id === loan.id &&
          !l.returnedAt &&
          !l.returnDeclaredAt &&
          ((me.enterpriseId && l.enterpriseId === me.enterpriseId) || l.borrowerUserId === me.id),
      )
    : undefined;
  const declare = async () => {
    if (!mine || busy) return;
    const ok = await confirm({
      title: '归还器材',
      content: `确认已将「${u.modelName}（${u.assetTag}）」交还器材室？器材管理员清点入库后完成归还。`,
      confirmText: '确认归还',
    });
    if (!ok) return;
    setBusy(true);
    try {
      await client.equipment.loans.declareReturn(mine.id, {});
      void Taro.showToast({ title: '已申报归还', icon: 'success' });
      await load();
    } catch (e) {
      void reportError(e, { what: '归还' });
    } finally {
      setBusy(false);
    }
  };
  const row = (k: string, v: string | null | undefined, cls = '') =>
    v ? (
      <View className="wx-cell">
        <View className="wx-cell__hd">{k}</View>
        <View className={`wx-cell__bd ${cls}`}>{v}</View>
      </View>
    ) : null;

  return (
    <Screen className="eq-unit">
      <View className="wx-card eq-unit__head" data-testid="unit" data-status={u.status} data-id={u.id}>
        <View className="eq-unit__name">{u.modelName}</View>
        <View className="eq-unit__tag">资产编号 {u.assetTag}</View>
        <View className="eq-unit__states">
          <Text className={`tag tag--${UNIT_TONES[u.status]} eq-unit__status`} data-testid="unit-status">
            {EQUIPMENT_UNIT_STATUS_LABELS[u.status].zh}
          </Text>
          <Text className={`tag tag--${CONDITION_TONES[u.condition]}`}>{EQUIPMENT_CONDITION_LABELS[u.condition].zh}</Text>
          <Text className="tag tag--blue">{EQUIPMENT_CATEGORY_LABELS[u.category].zh}</Text>
        </View>
        {u.lendableBlockedReason ? <View className="eq-unit__blocked">暂停外借：{u.lendableBlockedReason}</View> : null}
      </View>

      {loan ? (
        <>
          <View className="wx-section-title">当前借用</View>
          <View className="wx-cells" data-testid="unit-loan">
            {row('借用人', loan.borrowerName ?? '（其他单位）')}
            {row('应还时间', dueText(loan.dueAt), loan.overdue ? 'eq-unit__danger' : '')}
            {loan.overdue ? row('状态', '已逾期', 'eq-unit__danger') : null}
          </View>
        </>
      ) : null}

      <View className="wx-section-title">器材信息</View>
      <View className="wx-cells">
        {row('型号', [u.model.model, u.model.manufacturer].filter(Boolean).join(' · ') || null)}
        {row('序列号', u.serial)}
        {row('存放位置', u.location)}
        {row('下次保养', u.nextMaintenanceOn)}
        {row('保修至', u.warrantyUntil)}
        {u.nextReservation ? row('下次预留', rangeText(u.nextReservation.startsAt, u.nextReservation.endsAt)) : null}
      </View>
      {u.model.specs.length ? (
        <>
          <View className="wx-section-title">规格参数</View>
          <View className="wx-cells">
            {u.model.specs.map((s) => (
              <View key={s.key}>{row(s.key, s.value)}</View>
            ))}
          </View>
        </>
      ) : null}
      {u.model.description ? <View className="wx-tips">{u.model.description}</View> : null}

      {keeper && (canLend || (u.status === 'on_loan' && loan)) ? (
        <>
          <View className="action-bar-space" />
          <View className="action-bar">
            {canLend ? (
              <View
                className="wx-btn wx-btn--primary eq-unit__checkout"
                onClick={() => void Taro.navigateTo({ url: `${EQUIPMENT_PAGES.checkout}?id=${u.id}` })}
              >
                出借
              </View>
            ) : null}
            {u.status === 'on_loan' && loan ? (
              <View
                className="wx-btn wx-btn--primary eq-unit__receive"
                onClick={() => void Taro.navigateTo({ url: `${EQUIPMENT_PAGES.receive}?loanId=${loan.id}` })}
              >
                归还入库
              </View>
            ) : null}
          </View>
        </>
      ) : null}
      {!keeper && mine ? (
        <>
          <View className="action-bar-space" />
          <View className="action-bar">
            <View
              className={`wx-btn wx-btn--primary eq-unit__return ${busy ? 'wx-btn--disabled' : ''}`}
              onClick={() => void declare()}
            >
              {busy ? '正在提交…' : '归还'}
            </View>
          </View>
        </>
      ) : null}
    </Screen>
  );
}
