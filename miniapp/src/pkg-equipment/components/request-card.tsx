import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { EQUIPMENT_REQUEST_STATUS_LABELS, type EquipmentRequest } from '@yuanan/contracts';
import { formatTime } from '../../services/format';
import { REQUEST_TONES, rangeText } from '../services/equipment-ui';
import './cards.scss';

/** One 借用申请: what and how many, the dates, purpose, status, the units assigned; the page's buttons (`children`). */
export function RequestCard({
  r,
  showRequester,
  onUnit,
  children,
}: {
  r: EquipmentRequest;
  showRequester?: boolean;
  /** A tap on an assigned unit (the keeper: open it to check it out). */
  onUnit?: (unitId: string) => void;
  children?: ReactNode;
}) {
  return (
    <View className="eq-card" data-testid="request" data-id={r.id} data-status={r.status}>
      <View className="eq-card__head">
        <Text className="eq-card__name">{r.items.map((i) => `${i.modelName} × ${i.quantity}`).join('、')}</Text>
        <Text className={`tag tag--${REQUEST_TONES[r.status]}`} data-testid="request-status">
          {EQUIPMENT_REQUEST_STATUS_LABELS[r.status].zh}
        </Text>
      </View>
      {showRequester ? (
        <View className="eq-card__line">
          <Text className="eq-card__k">申请人</Text>
          <Text>
            {r.enterpriseName ? `${r.enterpriseName} · ` : ''}
            {r.contactName}
            {r.contactPhone ? ` · ${r.contactPhone}` : ''}
          </Text>
        </View>
      ) : null}
      <View className="eq-card__line">
        <Text className="eq-card__k">借用时间</Text>
        <Text>{rangeText(r.startsAt, r.endsAt)}</Text>
      </View>
      <View className="eq-card__line">
        <Text className="eq-card__k">用途</Text>
        <Text className="eq-card__v">{r.purpose}</Text>
      </View>
      {r.reservations.length ? (
        <View className="eq-card__line">
          <Text className="eq-card__k">分配器材</Text>
          <View className="eq-card__units">
            {r.reservations.map((x) => (
              <Text
                key={x.id}
                className={`eq-card__unit ${onUnit ? 'wx-link' : ''}`}
                data-unit={x.unitId}
                onClick={(e) => {
                  if (!onUnit) return;
                  e.stopPropagation();
                  onUnit(x.unitId);
                }}
              >
                {x.assetTag}
                {x.status === 'fulfilled' ? '（已领用）' : ''}
              </Text>
            ))}
          </View>
        </View>
      ) : null}
      {r.rejectReason ? <View className="eq-card__note">驳回原因：{r.rejectReason}</View> : null}
      <View className="eq-card__meta">提交于 {formatTime(r.createdAt)}</View>
      {children ? <View className="eq-card__actions">{children}</View> : null}
    </View>
  );
}
