import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import { EQUIPMENT_CONDITIONS, EQUIPMENT_CONDITION_LABELS, type EquipmentCondition, type EquipmentLoan } from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { PhotoPicker } from '../../../pkg-hazard/components/photos';
import { Failed, Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { errorMessage, reportError, toast } from '../../../services/feedback';
import { dropPhoto, type LocalPhoto } from '../../../services/photos';
import { EQUIPMENT_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import { LoanCard } from '../../components/loan-card';
import { uploadKept } from '../../services/upload';
import './index.scss';

/**
 * 归还入库 (keeper): the loan being closed (who, since when, due, whether the borrower declared it returned), the
 * condition it comes back in, photos, and — when damaged — what is wrong: the api then sends the unit to
 * maintenance with a job. A loan already received (by another keeper) answers 409, shown as such.
 */
export default function ReceivePage() {
  const me = useSignedInMe();
  const loanId = useRouter().params.loanId ?? '';
  const [loan, setLoan] = useState<EquipmentLoan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [condition, setCondition] = useState<EquipmentCondition>('good');
  const [damageNote, setDamageNote] = useState('');
  const [photos, setPhotos] = useState<LocalPhoto[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      setLoan(await client.equipment.loans.get(loanId));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  useLoad(() => {
    void load();
  });

  if (!me || (!loan && !error)) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  if (!loan) {
    return (
      <Screen>
        <Failed message={`借用记录加载失败：${error}`} onRetry={() => void load()} />
      </Screen>
    );
  }
  const l = loan;

  const submit = async () => {
    if (busy) return;
    const p: Record<string, string> = {};
    if (condition === 'damaged' && !damageNote.trim()) p.damageNote = '请说明损坏情况';
    setFieldErrors(p);
    if (Object.keys(p).length) return toast(Object.values(p)[0]!);
    setBusy(true);
    try {
      const photoFileIds: string[] = [];
      for (const ph of photos) photoFileIds.push(await uploadKept(ph));
      await client.equipment.loans.return(l.id, {
        condition,
        photoFileIds,
        damageNote: damageNote.trim() || undefined,
      });
      for (const ph of photos) dropPhoto(ph.path);
      void Taro.showToast({ title: condition === 'damaged' ? '已入库，转入保养' : '已归还入库', icon: 'success' });
      setTimeout(() => void Taro.redirectTo({ url: `${EQUIPMENT_PAGES.unit}?id=${l.unitId}` }), 600);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        await Taro.showModal({
          title: '状态已变化',
          content: `${e.message}。`,
          showCancel: false,
          confirmText: '知道了',
          confirmColor: '#07C160',
        });
        void load();
        return;
      }
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors);
      void reportError(e, { what: '归还入库', retry: submit });
    } finally {
      setBusy(false);
    }
  };
  const err = (k: string) => (fieldErrors[k] ? <View className="wx-field-error">{fieldErrors[k]}</View> : null);
  const done = !!l.returnedAt;

  return (
    <Screen className="eq-in">
      <View className="eq-in__loan">
        <LoanCard l={l} showBorrower />
      </View>
      {done ? (
        <View className="wx-tips">该器材已归还入库。</View>
      ) : (
        <>
          <View className="wx-section-title">归还时状况 *</View>
          <View className="wx-card">
            <View className="chips">
              {EQUIPMENT_CONDITIONS.map((c) => (
                <Text
                  key={c}
                  className={`chip eq-in__cond eq-in__cond--${c} ${condition === c ? 'chip--active' : ''}`}
                  onClick={() => setCondition(c)}
                >
                  {EQUIPMENT_CONDITION_LABELS[c].zh}
                </Text>
              ))}
            </View>
            {condition === 'damaged' ? (
              <>
                <View className="wx-label eq-in__label">损坏情况 *</View>
                <Textarea
                  className="wx-textarea eq-in__damage"
                  value={damageNote}
                  maxlength={1000}
                  autoHeight
                  placeholder="例：气瓶阀门漏气，面罩镜片划伤"
                  onInput={(e) => setDamageNote(e.detail.value)}
                />
                {err('damageNote')}
                <View className="wx-tips eq-in__tip">损坏的器材入库后自动转入保养，保养合格前不能外借。</View>
              </>
            ) : null}
            <View className="wx-label eq-in__label">归还照片</View>
            <PhotoPicker
              photos={photos}
              max={6}
              hint="拍摄归还时的器材"
              onAdd={(added) => setPhotos((ps) => [...ps, ...added])}
              onRemove={(ph) => setPhotos((ps) => ps.filter((x) => x.path !== ph.path))}
            />
            {err('photoFileIds')}
          </View>
          <View className="action-bar-space" />
          <View className="action-bar">
            <View
              className={`wx-btn wx-btn--primary eq-in__submit ${busy ? 'wx-btn--disabled' : ''}`}
              onClick={() => void submit()}
            >
              {busy ? '正在提交…' : '确认归还入库'}
            </View>
          </View>
        </>
      )}
    </Screen>
  );
}
