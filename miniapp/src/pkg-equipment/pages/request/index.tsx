import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { ApiError } from '@yuanan/sdk';
import { Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { useDraft } from '../../../services/draft';
import { reportError, toast } from '../../../services/feedback';
import { addDays, daysBetween, isoDay } from '../../../services/format';
import { EQUIPMENT_PAGES } from '../../../services/routes';
import { zoneState } from '../../../services/session';
import { useSignedInMe } from '../../../services/use-session';
import {
  EMPTY_REQUEST,
  dayRange,
  requestDraftKey,
  requestProblems,
  sendablePhone,
  type RequestDraft,
} from '../../services/equipment-ui';
import './index.scss';

/**
 * 借用申请: the models and quantities picked in 可借器材 (changeable here), the dates (whole days, from the first to
 * the last), the purpose and a contact (default: me). Kept as a draft until sent; the api's refusal (no free unit,
 * longer than the zone allows…) is shown on the field it names. Sent, it waits for the equipment keeper (我的借用).
 */
export default function RequestPage() {
  const me = useSignedInMe();
  const today = isoDay();
  const [draft, setDraft, clearDraft] = useDraft<RequestDraft>(requestDraftKey(zoneState.get()?.code, me?.id), {
    ...EMPTY_REQUEST,
    from: addDays(today, 1),
    to: addDays(today, 2),
  });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }

  const submit = async () => {
    if (busy) return;
    const p = requestProblems(draft, today);
    setFieldErrors(p);
    if (Object.keys(p).length) return toast(Object.values(p)[0]!);
    setBusy(true);
    try {
      await client.equipment.requests.create({
        items: draft.items.map((i) => ({ modelId: i.modelId, quantity: i.quantity })),
        ...dayRange(draft.from, draft.to),
        purpose: draft.purpose.trim(),
        contactName: draft.contactName.trim() || undefined,
        contactPhone: sendablePhone(draft.contactPhone),
      });
      clearDraft(true);
      void Taro.showToast({ title: '已提交，待器材室审批', icon: 'success' });
      setTimeout(() => void Taro.redirectTo({ url: `${EQUIPMENT_PAGES.mine}?tab=requests` }), 700);
    } catch (e) {
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors);
      void reportError(e, { what: '提交借用申请', retry: submit });
    } finally {
      setBusy(false);
    }
  };
  const err = (...keys: string[]) => {
    const k = Object.keys(fieldErrors).find((f) => keys.some((key) => f === key || f.startsWith(`${key}.`)));
    return k ? <View className="wx-field-error">{fieldErrors[k]}</View> : null;
  };
  const setQty = (modelId: string, q: number) =>
    setDraft((d) => ({
      items:
        q <= 0
          ? d.items.filter((i) => i.modelId !== modelId)
          : d.items.map((i) => (i.modelId === modelId ? { ...i, quantity: q } : i)),
    }));
  const days = draft.from && draft.to && draft.to >= draft.from ? daysBetween(draft.from, draft.to) + 1 : 0;

  return (
    <Screen className="eq-req">
      <View className="wx-section-title eq-req__title">
        <Text>借用器材 *</Text>
        <Text
          className="wx-link"
          onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: EQUIPMENT_PAGES.catalogue }))}
        >
          添加器材 ›
        </Text>
      </View>
      <View className="wx-cells">
        {draft.items.length === 0 ? (
          <View className="wx-cell">
            <View className="wx-cell__bd eq-req__none">尚未选择器材</View>
          </View>
        ) : null}
        {draft.items.map((i) => (
          <View key={i.modelId} className="wx-cell eq-req__item" data-testid="req-item" data-model={i.modelId}>
            <View className="wx-cell__bd">{i.name}</View>
            <View className="eq-req__step">
              <Text className="eq-req__btn" onClick={() => setQty(i.modelId, i.quantity - 1)}>
                −
              </Text>
              <Text className="eq-req__n">{i.quantity}</Text>
              <Text className="eq-req__btn" onClick={() => setQty(i.modelId, i.quantity + 1)}>
                ＋
              </Text>
            </View>
          </View>
        ))}
      </View>
      {err('items')}

      <View className="wx-section-title">借用时间 *</View>
      <View className="wx-cells">
        <Picker mode="date" value={draft.from || today} start={today} onChange={(e) => setDraft({ from: e.detail.value })}>
          <View className="wx-cell wx-cell--link">
            <View className="wx-cell__hd">开始日期</View>
            <View className="wx-cell__bd eq-req__from">{draft.from || '请选择'}</View>
          </View>
        </Picker>
        <Picker
          mode="date"
          value={draft.to || draft.from || today}
          start={draft.from || today}
          onChange={(e) => setDraft({ to: e.detail.value })}
        >
          <View className="wx-cell wx-cell--link">
            <View className="wx-cell__hd">归还日期</View>
            <View className="wx-cell__bd eq-req__to">
              {draft.to || '请选择'}
              {days ? <Text className="eq-req__days">（共 {days} 天）</Text> : null}
            </View>
          </View>
        </Picker>
      </View>
      {err('startsAt')}
      {err('endsAt')}

      <View className="wx-section-title">借用用途 *</View>
      <View className="wx-card">
        <Textarea
          className="wx-textarea eq-req__purpose"
          value={draft.purpose}
          maxlength={500}
          autoHeight
          placeholder="例：厂区储罐区应急演练，无人机航拍"
          onInput={(e) => setDraft({ purpose: e.detail.value })}
        />
        {err('purpose')}
      </View>

      <View className="wx-section-title">联系人</View>
      <View className="wx-cells">
        <View className="wx-cell">
          <View className="wx-cell__hd">姓名</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input eq-req__contact"
              value={draft.contactName}
              maxlength={60}
              placeholder={me.name}
              onInput={(e) => setDraft({ contactName: e.detail.value })}
            />
          </View>
        </View>
        <View className="wx-cell">
          <View className="wx-cell__hd">电话</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input eq-req__phone"
              type="number"
              value={draft.contactPhone}
              maxlength={20}
              placeholder="默认为本人电话"
              onInput={(e) => setDraft({ contactPhone: e.detail.value })}
            />
          </View>
        </View>
      </View>
      {err('contactName')}
      {err('contactPhone')}
      <View className="wx-tips">提交后由器材室审批并分配器材；批准后凭申请到器材室领用，领用时需拍照并签字确认。</View>

      <View className="action-bar-space" />
      <View className="action-bar">
        <View className={`wx-btn wx-btn--primary eq-req__submit ${busy ? 'wx-btn--disabled' : ''}`} onClick={() => void submit()}>
          {busy ? '正在提交…' : '提交借用申请'}
        </View>
      </View>
    </Screen>
  );
}
