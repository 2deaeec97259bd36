import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Input, Picker, Text, View } from '@tarojs/components';
import {
  EQUIPMENT_CONDITIONS,
  EQUIPMENT_CONDITION_LABELS,
  EQUIPMENT_UNIT_STATUS_LABELS,
  type EquipmentCondition,
  type EquipmentRequest,
  type EquipmentUnitDetail,
} from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { PhotoPicker } from '../../../pkg-hazard/components/photos';
import { Failed, Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { confirm, errorMessage, reportError, toast } from '../../../services/feedback';
import { addDays, isoDay } from '../../../services/format';
import { dropPhoto, type LocalPhoto } from '../../../services/photos';
import { EQUIPMENT_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import { BorrowerSignature } from '../../components/signature';
import { dueText, rangeText, sendablePhone } from '../../services/equipment-ui';
import { uploadKept } from '../../services/upload';
import './index.scss';

/** A request this unit was assigned to (approved, its reservation of the unit still active). */
interface Match {
  request: EquipmentRequest;
  reservationId: string;
}

/** Direct loans (no request): to a person (a rescue member…) or for an incident; enterprises borrow by request. */
type DirectKind = 'person' | 'incident';

/**
 * 出借 (keeper, after scanning the unit): to the approved request the unit was assigned to (borrower, dates and due
 * time from it) — or, without one, to a person or an incident with a due date —, the condition it leaves in, photos
 * (at least one) and the borrower's signature on the phone. Sent with the unit's version: if another keeper lent it
 * a moment before, the api's 409 says so and nothing is saved.
 */
export default function CheckoutPage() {
  const me = useSignedInMe();
  const id = useRouter().params.id ?? '';
  const [unit, setUnit] = useState<EquipmentUnitDetail | null>(null);
  const [matches, setMatches] = useState<Match[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [pick, setPick] = useState<string>(''); // reservation id, or '' for a direct loan
  const [direct, setDirect] = useState<DirectKind>('person');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [incidentRef, setIncidentRef] = useState('');
  const [dueDay, setDueDay] = useState(addDays(isoDay(), 1));
  const [condition, setCondition] = useState<EquipmentCondition>('good');
  const [photos, setPhotos] = useState<LocalPhoto[]>([]);
  const [signature, setSignature] = useState<LocalPhoto | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const choose = (m: Match | null) => {
    setPick(m?.reservationId ?? '');
    setName(m ? m.request.contactName : '');
    setPhone(m ? (sendablePhone(m.request.contactPhone) ?? '') : '');
    setFieldErrors({});
  };

  const load = async () => {
    try {
      const [u, approved] = await Promise.all([
        client.equipment.units.get(id),
        client.equipment.requests.list({ status: 'approved', pageSize: 200 }),
      ]);
      const found: Match[] = [];
      for (const r of approved.items) {
        const x = r.reservations.find((res) => res.unitId === id && res.status === 'active');
        if (x) found.push({ request: r, reservationId: x.id });
      }
      found.sort((a, b) => Date.parse(a.request.startsAt) - Date.parse(b.request.startsAt));
      setUnit(u);
      setMatches(found);
      setError(null);
      if (!pick && found[0]) choose(found[0]);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  useLoad(() => {
    void load();
  });

  if (!me || (!unit && !error)) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  if (!unit) {
    return (
      <Screen>
        <Failed message={`器材加载失败：${error}`} onRetry={() => void load()} />
      </Screen>
    );
  }
  const u = unit;
  const chosen = matches.find((m) => m.reservationId === pick) ?? null;

  const submit = async () => {
    if (busy) return;
    const p: Record<string, string> = {};
    if (!name.trim()) p.borrowerName = '请填写领用人姓名';
    if (!chosen && direct === 'incident' && !incidentRef.trim()) p.incidentRef = '请填写救援事件';
    if (photos.length === 0) p.outPhotoFileIds = '请拍摄出借时的器材照片';
    if (!signature) p.signatureFileId = '请借用人签字确认';
    setFieldErrors(p);
    if (Object.keys(p).length) return toast(Object.values(p)[0]!);
    const ok = await confirm({
      title: '确认出借',
      content: `${u.modelName}（${u.assetTag}）出借给 ${chosen?.request.enterpriseName ?? name.trim()}？`,
      confirmText: '出借',
    });
    if (!ok) return;
    setBusy(true);
    try {
      const photoIds: string[] = [];
      for (const ph of photos) photoIds.push(await uploadKept(ph));
      const signatureFileId = await uploadKept(signature!);
      const dueAt = chosen ? chosen.request.endsAt : new Date(`${dueDay}T18:00:00`).toISOString();
      const borrower = chosen
        ? chosen.request.enterpriseId
          ? { borrowerKind: 'enterprise' as const, enterpriseId: chosen.request.enterpriseId }
          : { borrowerKind: 'person' as const, borrowerUserId: chosen.request.requestedBy }
        : direct === 'incident'
          ? { borrowerKind: 'incident' as const, incidentRef: incidentRef.trim() }
          : { borrowerKind: 'person' as const };
      await client.equipment.loans.checkOut({
        unitId: u.id,
        version: u.version,
        ...borrower,
        borrowerName: name.trim(),
        borrowerPhone: sendablePhone(phone),
        dueAt,
        reservationId: chosen?.reservationId,
        outCondition: condition,
        outPhotoFileIds: photoIds,
        signatureFileId,
      });
      for (const ph of photos) dropPhoto(ph.path);
      dropPhoto(signature!.path);
      void Taro.showToast({ title: '已出借', icon: 'success' });
      setTimeout(() => void Taro.redirectTo({ url: `${EQUIPMENT_PAGES.unit}?id=${u.id}` }), 600);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        await Taro.showModal({
          title: '器材状态已变化',
          content: `${e.message}。请重新扫码查看器材当前状态。`,
          showCancel: false,
          confirmText: '知道了',
          confirmColor: '#07C160',
        });
        void load();
        return;
      }
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors);
      void reportError(e, { what: '出借', retry: submit });
    } finally {
      setBusy(false);
    }
  };
  const err = (k: string) => (fieldErrors[k] ? <View className="wx-field-error">{fieldErrors[k]}</View> : null);
  const lendable = u.actions.includes('check_out') && !u.lendableBlockedReason;

  return (
    <Screen className="eq-out">
      <View className="wx-card eq-out__unit" data-testid="checkout-unit">
        <View className="eq-out__name">{u.modelName}</View>
        <View className="eq-out__sub">
          资产编号 {u.assetTag} · {EQUIPMENT_UNIT_STATUS_LABELS[u.status].zh}
        </View>
      </View>
      {!lendable ? (
        <View className="wx-error">
          该器材当前
          {u.lendableBlockedReason
            ? `暂停外借（${u.lendableBlockedReason}）`
            : `为「${EQUIPMENT_UNIT_STATUS_LABELS[u.status].zh}」`}
          ，不能出借。
        </View>
      ) : null}

      <View className="wx-section-title">出借给</View>
      <View className="wx-cells eq-out__who">
        {matches.map((m) => (
          <View
            key={m.reservationId}
            className={`wx-cell eq-out__match ${pick === m.reservationId ? 'eq-out__match--on' : ''}`}
            data-testid="checkout-request"
            data-request={m.request.id}
            onClick={() => choose(m)}
          >
            <View className="wx-cell__bd">
              <View>
                {m.request.enterpriseName ?? m.request.requestedByName} · {m.request.contactName}
              </View>
              <View className="wx-cell__desc">
                借用申请 · {rangeText(m.request.startsAt, m.request.endsAt)} · {m.request.purpose}
              </View>
            </View>
            {pick === m.reservationId ? <Text className="eq-out__check">✓</Text> : null}
          </View>
        ))}
        <View className={`wx-cell eq-out__match ${pick === '' ? 'eq-out__match--on' : ''}`} onClick={() => choose(null)}>
          <View className="wx-cell__bd">
            <View>不关联申请，直接出借</View>
            <View className="wx-cell__desc">借给个人（如救援队员）或救援事件；企业借用请先提交申请</View>
          </View>
          {pick === '' ? <Text className="eq-out__check">✓</Text> : null}
        </View>
      </View>
      {matches.length === 0 ? <View className="wx-tips">该器材没有已批准、待领用的申请。</View> : null}

      {!chosen ? (
        <View className="wx-card eq-out__direct">
          <View className="chips">
            {(['person', 'incident'] as const).map((k) => (
              <Text key={k} className={`chip ${direct === k ? 'chip--active' : ''}`} onClick={() => setDirect(k)}>
                {k === 'person' ? '借给个人' : '救援事件'}
              </Text>
            ))}
          </View>
          {direct === 'incident' ? (
            <>
              <Input
                className="wx-input eq-out__incident"
                value={incidentRef}
                maxlength={100}
                placeholder="救援事件编号或简述"
                onInput={(e) => setIncidentRef(e.detail.value)}
              />
              {err('incidentRef')}
            </>
          ) : null}
        </View>
      ) : null}

      <View className="wx-cells">
        <View className="wx-cell">
          <View className="wx-cell__hd">领用人 *</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input eq-out__name-input"
              value={name}
              maxlength={60}
              placeholder="到场领用人姓名"
              onInput={(e) => setName(e.detail.value)}
            />
          </View>
        </View>
        <View className="wx-cell">
          <View className="wx-cell__hd">联系电话</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input eq-out__phone"
              type="number"
              value={phone}
              maxlength={20}
              placeholder="选填"
              onInput={(e) => setPhone(e.detail.value)}
            />
          </View>
        </View>
        {chosen ? (
          <View className="wx-cell">
            <View className="wx-cell__hd">应还时间</View>
            <View className="wx-cell__bd eq-out__due">{dueText(chosen.request.endsAt)}</View>
          </View>
        ) : (
          <Picker mode="date" value={dueDay} start={isoDay()} onChange={(e) => setDueDay(e.detail.value)}>
            <View className="wx-cell wx-cell--link">
              <View className="wx-cell__hd">应还日期 *</View>
              <View className="wx-cell__bd eq-out__due">{dueDay} 18:00</View>
            </View>
          </Picker>
        )}
      </View>
      {err('borrowerName')}
      {err('borrowerPhone')}
      {err('dueAt')}

      <View className="wx-section-title">出借时状况 *</View>
      <View className="wx-card">
        <View className="chips">
          {EQUIPMENT_CONDITIONS.map((c) => (
            <Text
              key={c}
              className={`chip eq-out__cond eq-out__cond--${c} ${condition === c ? 'chip--active' : ''}`}
              onClick={() => setCondition(c)}
            >
              {EQUIPMENT_CONDITION_LABELS[c].zh}
            </Text>
          ))}
        </View>
        <View className="wx-label eq-out__photos-label">器材照片 *</View>
        <PhotoPicker
          photos={photos}
          max={6}
          hint="拍摄器材外观"
          onAdd={(added) => setPhotos((ps) => [...ps, ...added])}
          onRemove={(ph) => setPhotos((ps) => ps.filter((x) => x.path !== ph.path))}
        />
        {err('outPhotoFileIds')}
      </View>

      <View className="wx-section-title">借用人签字确认 *</View>
      <View className="wx-card" data-testid="signature">
        <View className="wx-tips eq-out__sign-tip">借用人确认器材状况良好、数量无误，按期归还。</View>
        <BorrowerSignature value={signature} onChange={setSignature} />
        {err('signatureFileId')}
      </View>

      <View className="action-bar-space" />
      <View className="action-bar">
        <View
          className={`wx-btn wx-btn--primary eq-out__submit ${busy || !lendable ? 'wx-btn--disabled' : ''}`}
          onClick={() => lendable && void submit()}
        >
          {busy ? '正在出借…' : '确认出借'}
        </View>
      </View>
    </Screen>
  );
}
