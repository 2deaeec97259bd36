import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { EQUIPMENT_CONDITION_LABELS, type EquipmentLoan } from '@yuanan/contracts';
import { dateTimeText, dueText, loanState } from '../services/equipment-ui';
import './cards.scss';

/**
 * One loan: the unit (model, asset tag), the borrower when `showBorrower`, out and due times, its state (借用中 /
 * 逾期 N 天 / 已申报归还 / 已归还) and the page's buttons (`children`).
 */
export function LoanCard({
  l,
  showBorrower,
  onOpen,
  children,
}: {
  l: EquipmentLoan;
  showBorrower?: boolean;
  onOpen?: () => void;
  children?: ReactNode;
}) {
  const st = loanState(l);
  return (
    <View
      className={`eq-card ${st.key === 'overdue' ? 'eq-card--overdue' : ''}`}
      data-testid="loan"
      data-id={l.id}
      data-unit={l.unitId}
      data-state={st.key}
      onClick={onOpen}
    >
      <View className="eq-card__head">
        <Text className="eq-card__name">{l.modelName}</Text>
        <Text className={`tag tag--${st.tone}`} data-testid="loan-state">
          {st.text}
        </Text>
      </View>
      <View className="eq-card__sub">资产编号 {l.assetTag}</View>
      {showBorrower ? (
        <View className="eq-card__line">
          <Text className="eq-card__k">借用人</Text>
          <Text>
            {l.enterpriseName ? `${l.enterpriseName} · ` : ''}
            {l.borrowerName}
            {l.borrowerPhone ? ` · ${l.borrowerPhone}` : ''}
          </Text>
        </View>
      ) : null}
      <View className="eq-card__line">
        <Text className="eq-card__k">借出</Text>
        <Text>
          {dateTimeText(l.checkedOutAt)}（{EQUIPMENT_CONDITION_LABELS[l.outCondition].zh}）
        </Text>
      </View>
      <View className="eq-card__line">
        <Text className="eq-card__k">应还</Text>
        <Text className={st.key === 'overdue' ? 'eq-card__danger' : ''} data-testid="loan-due">
          {dueText(l.dueAt)}
        </Text>
      </View>
      {l.returnedAt ? (
        <View className="eq-card__line">
          <Text className="eq-card__k">归还</Text>
          <Text>
            {dateTimeText(l.returnedAt)}
            {l.returnCondition ? `（${EQUIPMENT_CONDITION_LABELS[l.returnCondition].zh}）` : ''}
          </Text>
        </View>
      ) : l.returnDeclaredAt ? (
        <View className="eq-card__line">
          <Text className="eq-card__k">申报归还</Text>
          <Text>{dateTimeText(l.returnDeclaredAt)}</Text>
        </View>
      ) : null}
      {l.recalledAt ? <View className="eq-card__note">紧急召回：{l.recallReason ?? ''}</View> : null}
      {l.damageNote ? <View className="eq-card__note">损坏情况：{l.damageNote}</View> : null}
      {children ? <View className="eq-card__actions">{children}</View> : null}
    </View>
  );
}
