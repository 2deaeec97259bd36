import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import type { IotAlarmDetail } from '@yuanan/contracts';
import { ApiError, newIdempotencyKey } from '@yuanan/sdk';
import { RecordPending } from '../../../components/record-detail';
import { Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { useDraft } from '../../../services/draft';
import { reportError, toast, queuedNotice } from '../../../services/feedback';
import { submitToOutbox } from '../../../services/offline';
import { IOT_PAGES } from '../../../services/routes';
import { meState } from '../../../services/session';
import { useCachedRecord } from '../../../services/use-cached-record';
import { useSignedInMe } from '../../../services/use-session';
import { PhotoPicker } from '../../../pkg-hazard/components/photos';
import { changedMeanwhile } from '../../services/conflict';
import {
  CAUSE_OPTIONS,
  EMPTY_HANDLE,
  alarmTitle,
  closeItem,
  formatValue,
  handleProblems,
  type HandleForm,
} from '../../services/iot-ui';
import './index.scss';

/**
 * 报警处置 (the handling record that closes an alarm): the cause (ALARM_CAUSES; 设备设施缺陷 and 管理缺陷 open a hazard
 * to rectify), the measures taken, a note and site photos. Sent with the version the user saw (stale → 409: the
 * form is kept and the user goes back to the fresh alarm). Through the outbox: without a network it is kept on the
 * phone with its photos and sent once later. The form is a draft until it is sent.
 */
export default function IotHandlePage() {
  const me = useSignedInMe();
  const params = useRouter().params;
  const id = params.id ?? '';
  const forceClear = params.force === '1';
  const draftKey = `iot-handle:${meState.get()?.id ?? ''}:${id}`;
  const [form, setForm, clearForm] = useDraft<HandleForm>(draftKey, EMPTY_HANDLE);
  const { data: a, error, load } = useCachedRecord<IotAlarmDetail>(`iot:alarm:${id}`, () => client.iot.alarms.get(id));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useLoad(() => void load());

  const done = (msg: string) => {
    clearForm(true);
    void Taro.showToast({ title: msg, icon: 'success' });
    setTimeout(() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: `${IOT_PAGES.alarm}?id=${id}` })), 600);
  };

  const submit = async () => {
    if (!a || !me || busy) return;
    const p = handleProblems(form);
    setFieldErrors(p);
    if (Object.keys(p).length) {
      toast(Object.values(p)[0]!);
      return;
    }
    setBusy(true);
    try {
      const item = closeItem(a, form, {
        key: newIdempotencyKey(),
        forceClear,
        draftKey,
        editUrl: `${IOT_PAGES.handle}?id=${id}${forceClear ? '&force=1' : ''}`,
      });
      clearForm(true);
      const r = await submitToOutbox(item);
      if (r.status === 'sent') done('处置完成');
      else if (r.status === 'queued') {
        await queuedNotice('当前网络不可用。处置记录和照片已保存在本机，联网后自动提交。');
        void Taro.navigateBack();
      } else {
        setForm(form);
        if (r.error instanceof ApiError && r.error.status === 409) {
          await changedMeanwhile(load, { back: true });
          return;
        }
        if (r.error instanceof ApiError) setFieldErrors(r.error.fieldErrors);
        void reportError(r.error, { what: '报警处置' });
      }
    } catch (e) {
      setForm(form);
      void reportError(e, { what: '报警处置', retry: submit });
    } finally {
      setBusy(false);
    }
  };

  if (!me || !a) return <RecordPending failed={me && error ? `报警加载失败：${error}` : null} onRetry={() => void load()} />;

  const err = (...keys: string[]) => {
    const k = keys.find((x) => fieldErrors[x]);
    return k ? <View className="wx-field-error">{fieldErrors[k]}</View> : null;
  };
  const chosen = CAUSE_OPTIONS.find((o) => o.cause === form.cause);

  return (
    <Screen className="iot-handle">
      <View className="wx-card iot-handle__subject">
        <View className="iot-handle__title">{alarmTitle(a)}</View>
        <View className="iot-handle__device">
          {a.deviceName}
          {a.location ? ` · ${a.location}` : ''}
        </View>
        {a.peakValue !== null ? <View className="iot-handle__hint">峰值 {formatValue(a.peakValue, a.quantity)}</View> : null}
        {forceClear ? <View className="iot-handle__warn">报警仍在持续：提交后将同时手动解除该报警。</View> : null}
      </View>

      <View className="wx-card">
        <View className="wx-label">报警原因 *</View>
        <View className="chips iot-handle__causes">
          {CAUSE_OPTIONS.map((o) => (
            <Text
              key={o.cause}
              className={`chip ${form.cause === o.cause ? 'chip--active' : ''}`}
              data-cause={o.cause}
              onClick={() => setForm({ cause: o.cause })}
            >
              {o.label}
            </Text>
          ))}
        </View>
        {chosen?.opensHazard ? (
          <View className="iot-handle__tip">该原因将自动生成一条隐患（来源：物联网报警），须整改并复核后闭环。</View>
        ) : null}
        {err('cause', 'handling.cause')}
      </View>

      <View className="wx-card">
        <View className="wx-label">处置措施 *</View>
        <Textarea
          className="wx-textarea iot-handle__measures"
          value={form.measures}
          maxlength={2000}
          autoHeight
          placeholder="例：关闭储罐根部阀，现场通风，更换法兰垫片后复测正常"
          onInput={(e) => setForm({ measures: e.detail.value })}
        />
        {err('measures', 'handling.measures')}
      </View>

      <View className="wx-card">
        <View className="wx-label">现场照片</View>
        <PhotoPicker
          photos={form.photos}
          max={12}
          hint="处置现场照片"
          onAdd={(added) => setForm((f) => ({ photos: [...f.photos, ...added] }))}
          onRemove={(p) => setForm((f) => ({ photos: f.photos.filter((x) => x.path !== p.path) }))}
        />
        {err('photoIds', 'handling.photoIds')}
      </View>

      <View className="wx-card">
        <View className="wx-label">备注</View>
        <Textarea
          className="wx-textarea iot-handle__note"
          value={form.note}
          maxlength={1000}
          autoHeight
          placeholder="选填"
          onInput={(e) => setForm({ note: e.detail.value })}
        />
        {err('note', 'handling.note')}
      </View>

      <View className="wx-tips">提交后报警关闭（已处置）。没有网络时先保存在本机，联网后自动提交。</View>

      <View className="action-bar-space" />
      <View className="action-bar">
        <View
          className={`wx-btn wx-btn--primary iot-handle__submit ${busy ? 'wx-btn--disabled' : ''}`}
          onClick={() => void submit()}
        >
          {busy ? '正在提交…' : '提交处置记录'}
        </View>
      </View>
    </Screen>
  );
}
