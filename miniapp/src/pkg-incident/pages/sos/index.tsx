import Taro, { useDidShow, useLoad } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { Input, Switch, Text, View } from '@tarojs/components';
import type { CursorPage, Incident, SosResponse } from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { cachedCopy, loadCached } from '../../../services/cache';
import { useDraft } from '../../../services/draft';
import { confirm, errorMessage, reportError, toast } from '../../../services/feedback';
import { formatDateTime } from '../../../services/format';
import { useObservable } from '../../../services/observable';
import { flush, onOutboxSent, outboxItems, submitToOutbox } from '../../../services/offline';
import { meState, zoneState } from '../../../services/session';
import { useSignedInMe } from '../../../services/use-session';
import { PhotoPicker } from '../../../pkg-hazard/components/photos';
import { locate, type Located } from '../../../pkg-hazard/services/location';
import { VoiceNote, canRecordVoice } from '../../components/voice-note';
import {
  EMPTY_SOS,
  INCIDENT_STATUS_TONE,
  SOS_HOLD_MS,
  SOS_KIND,
  TYPE_OPTIONS,
  incidentStatusText,
  sosItem,
  typeText,
  uuid4,
  type SosForm,
  type SosPlace,
} from '../../services/incident-ui';
import './index.scss';

function draftKey(): string {
  return `incident-sos:${zoneState.get()?.code ?? ''}:${meState.get()?.id ?? 'anon'}`;
}

/** A press shorter than this is a tap (→ the confirm sheet); longer but short of SOS_HOLD_MS is told to hold on. */
const TAP_MS = 350;
/** How often a queued SOS is sent again while the page is open. */
const SOS_RETRY_MS = 5000;

type Sent = { no: string; id: string; status: Incident['status']; merged: boolean; isDrill: boolean };

/**
 * 一键求救 (SOS). One deliberate press: hold the button for 2 s, or tap it and confirm. The type chips, a sentence,
 * photos and (WeChat only) a voice note are optional (no type → 其他): nothing holds the call up. The press time
 * travels in the outbox entry (`pressedAt`), so an SOS sent late still says when it was pressed. Where the phone is comes from Taro.getLocation
 * (asked when the page opens; denied or slow → the server uses the enterprise's location for enterprise users). The
 * call goes through the outbox with a `clientKey` fixed at the press, also its Idempotency-Key: on a weak network
 * it waits on the phone (排队中，联网后自动发送) and is replayed until it lands — the server answers the same incident
 * every time, and a second SOS of the same person within a minute merges into the first. 我的求救 lists the
 * caller's incidents with their status.
 */
export default function SosPage() {
  const me = useSignedInMe();
  const [form, setForm] = useDraft<SosForm>(draftKey(), EMPTY_SOS);
  const [place, setPlace] = useState<SosPlace>(null);
  const [locating, setLocating] = useState<'busy' | 'done' | 'denied' | 'unavailable'>('busy');
  const locating$ = useRef<Promise<Located> | null>(null);
  const [holding, setHolding] = useState(false);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<Sent | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [more, setMore] = useState(form.description.length > 0 || form.photos.length > 0 || !!form.voice);
  const [mine, setMine] = useState<Incident[] | null>(() => cachedCopy<Incident[]>('incidents:mine')?.data ?? null);
  const outbox = useObservable(outboxItems);
  // an SOS that could not be sent yet (not the one in flight right now: attempts counts the failed tries)
  const waiting = outbox.find((i) => i.kind === SOS_KIND && (i.attempts > 0 || i.failed));

  const hold = useRef<{ at: number; timer: ReturnType<typeof setTimeout> | null; fired: boolean; ignoreClick: boolean }>({
    at: 0,
    timer: null,
    fired: false,
    ignoreClick: false,
  });

  const findPlace = () => {
    setLocating('busy');
    const p = locate();
    locating$.current = p;
    void p.then((r) => {
      if (r.ok) {
        setPlace({ lat: r.lat, lng: r.lng });
        setLocating('done');
      } else setLocating(r.reason);
    });
  };

  const loadMine = async () => {
    try {
      const r = await loadCached(
        'incidents:mine',
        async () => (await client.get<CursorPage<Incident>>('/incidents/mine', { pageSize: 5 })).items,
      );
      setMine(r.data);
    } catch {
      // the list is a courtesy: the SOS itself never depends on it
    }
  };

  useLoad(() => findPlace());
  useDidShow(() => void loadMine());
  useEffect(
    () =>
      onOutboxSent((item, result) => {
        if (item.kind !== SOS_KIND) return;
        const r = result as SosResponse;
        setSent({
          no: r.incident.no,
          id: r.incident.id,
          status: r.incident.status,
          merged: r.merged,
          isDrill: r.incident.isDrill,
        });
        void loadMine();
      }),
    [],
  );
  // An SOS waiting on the phone is retried every few seconds while this page is open: the network's "back" event
  // can come before requests get through again, and an SOS must not wait for the next thing the user does.
  const queued = waiting !== undefined && !waiting.failed;
  useEffect(() => {
    if (!queued) return;
    const t = setInterval(() => void flush(), SOS_RETRY_MS);
    return () => clearInterval(t);
  }, [queued]);

  const send = async () => {
    if (!me || sending) return;
    // The moment of the press, before anything waits (location, network): sent as pressedAt with every replay.
    const pressedAt = new Date();
    if (waiting && !waiting.failed) {
      toast('求救已在排队，联网后自动发出，请勿重复');
      return;
    }
    setSending(true);
    setRefused(null);
    try {
      // a location still on its way gets a moment (never more than 1.5 s: the call matters more)
      let where = place;
      if (!where && locating$.current) {
        const r = await Promise.race([locating$.current, new Promise<null>((resolve) => setTimeout(() => resolve(null), 1500))]);
        if (r?.ok) where = { lat: r.lat, lng: r.lng };
      }
      // The key is made now: every later attempt sends this one (never a second incident).
      const item = sosItem(form, where, uuid4(), pressedAt);
      const r = await submitToOutbox<SosResponse>(item);
      if (r.status === 'sent') {
        // the type stays chosen (a second press is most likely the same emergency: it merges into the first)
        setForm({ description: '', photos: [], voice: null });
        setMore(false);
        setSent({
          no: r.result.incident.no,
          id: r.result.incident.id,
          status: r.result.incident.status,
          merged: r.result.merged,
          isDrill: r.result.incident.isDrill,
        });
        void Taro.vibrateShort?.({ type: 'heavy' })?.catch(() => undefined);
        void loadMine();
      } else if (r.status === 'queued') {
        setForm({ description: '', photos: [], voice: null });
        setMore(false);
        setSent(null);
      } else {
        setRefused(errorMessage(r.error));
        if (!(r.error instanceof ApiError)) void reportError(r.error, { what: '求救' });
      }
    } catch (e) {
      setRefused(errorMessage(e));
    } finally {
      setSending(false);
    }
  };

  const askToSend = async () => {
    const type = typeText(form.type ?? 'other');
    const ok = await confirm({
      title: form.isDrill ? '确认发出演练求救？' : '确认发出求救？',
      content: `将向园区值班台发出「${type}」求救${place ? '并附上您的位置' : ''}。值班台会立即看到，并安排救援。`,
      confirmText: '发出求救',
      cancelText: '取消',
      danger: true,
    });
    if (ok) await send();
  };

  const pressStart = () => {
    const h = hold.current;
    if (h.timer) clearTimeout(h.timer);
    h.at = Date.now();
    h.fired = false;
    setHolding(true);
    h.timer = setTimeout(() => {
      h.timer = null;
      h.fired = true;
      setHolding(false);
      void send();
    }, SOS_HOLD_MS);
  };
  const pressEnd = () => {
    const h = hold.current;
    setHolding(false);
    if (h.timer) {
      clearTimeout(h.timer);
      h.timer = null;
    }
    const held = Date.now() - h.at;
    // the click that follows a hold (sent, or released too early) must not open the confirm sheet as well
    h.ignoreClick = h.fired || held >= TAP_MS;
    if (!h.fired && held >= TAP_MS) toast('请按住 2 秒，或轻点后确认');
  };
  const click = () => {
    const h = hold.current;
    if (h.ignoreClick) {
      h.ignoreClick = false;
      return;
    }
    void askToSend();
  };

  const enterpriseUser = me?.enterpriseId ? me.enterpriseName : null;
  const placeText =
    locating === 'done' && place
      ? `已定位（${place.lat.toFixed(5)}, ${place.lng.toFixed(5)}）`
      : locating === 'busy'
        ? '正在定位…'
        : `${locating === 'denied' ? '未授权定位' : '未获取定位'}${enterpriseUser ? `，将按「${enterpriseUser}」的位置上报` : '，请在说明中写明地点'}`;

  return (
    <Screen className="sos">
      <View className={`sos__head ${form.isDrill ? 'sos__head--drill' : ''}`}>
        <View className="sos__title">{form.isDrill ? '【演练】一键求救' : '一键求救'}</View>
        <View className="sos__sub">按住红色按钮 2 秒，或轻点后确认，即向园区值班台求救</View>
      </View>

      {waiting ? (
        <View
          className={`sos__state ${waiting.failed ? 'sos__state--failed' : 'sos__state--queued'}`}
          data-testid="sos-state"
          data-state={waiting.failed ? 'failed' : 'queued'}
        >
          {waiting.failed
            ? `求救未能发出：${waiting.lastError ?? ''}。请改用电话报警。`
            : '排队中，联网后自动发送（已保存在本机，不会重复发出）。情况紧急请直接拨打电话。'}
        </View>
      ) : sent ? (
        <View className="sos__state sos__state--sent" data-testid="sos-state" data-state="sent" data-no={sent.no}>
          <View className="sos__state-title">
            {sent.merged ? `已并入刚才的求救 ${sent.no}` : `已发出求救 ${sent.no}`}
            {sent.isDrill ? '（演练）' : ''}
          </View>
          <View className="sos__state-text">值班台已收到，正在安排救援。请保持电话畅通，在安全位置等候。</View>
        </View>
      ) : refused ? (
        <View className="sos__state sos__state--failed" data-testid="sos-state" data-state="refused">
          求救未能发出：{refused}
        </View>
      ) : null}

      <View className="sos__pad">
        <View
          className={`sos__button ${holding ? 'sos__button--holding' : ''} ${sending ? 'sos__button--sending' : ''}`}
          data-testid="sos-button"
          onTouchStart={pressStart}
          onTouchEnd={pressEnd}
          onTouchCancel={pressEnd}
          onClick={click}
        >
          <View className="sos__ring" />
          <View className="sos__label">{sending ? '正在发出…' : 'SOS'}</View>
          <View className="sos__hint">{holding ? '继续按住…' : '按住 2 秒'}</View>
        </View>
      </View>

      <View className="wx-card sos__block">
        <View className="wx-label">事故类型（选填，未选按“其他”上报）</View>
        <View className="chips sos__types">
          {TYPE_OPTIONS.map((o) => (
            <Text
              key={o.type}
              className={`chip ${form.type === o.type ? 'chip--active sos__chip--on' : ''}`}
              data-type={o.type}
              onClick={() => setForm({ type: form.type === o.type ? null : o.type })}
            >
              {o.label}
            </Text>
          ))}
        </View>
      </View>

      <View className="wx-cells sos__block">
        <View className="wx-cell sos__place">
          <View className="wx-cell__hd">位置</View>
          <View className="wx-cell__bd sos__place-text" data-testid="sos-place">
            {placeText}
          </View>
          {locating !== 'busy' ? (
            <Text className="wx-link" onClick={findPlace}>
              {place ? '重新定位' : '重试'}
            </Text>
          ) : null}
        </View>
        <View className="wx-cell">
          <View className="wx-cell__bd">
            演练
            <View className="wx-cell__desc">演练求救照常流转，但不对外通知、不上报</View>
          </View>
          <Switch
            className="sos__drill"
            checked={form.isDrill}
            color="#fa5151"
            onChange={(e) => setForm({ isDrill: e.detail.value })}
          />
        </View>
      </View>

      {more ? (
        <View className="wx-card sos__block">
          <View className="wx-label">情况说明</View>
          <Input
            className="wx-input sos__desc"
            value={form.description}
            maxlength={500}
            placeholder="如：3号车间储罐泄漏，有人员被困"
            onInput={(e) => setForm({ description: e.detail.value })}
          />
          <View className="wx-label sos__photos-label">现场照片</View>
          <PhotoPicker
            photos={form.photos}
            max={6}
            hint="拍照"
            onAdd={(added) => setForm((f) => ({ photos: [...f.photos, ...added] }))}
            onRemove={(p) => setForm((f) => ({ photos: f.photos.filter((x) => x.path !== p.path) }))}
          />
          {canRecordVoice() ? (
            <>
              <View className="wx-label sos__photos-label">语音说明</View>
              <VoiceNote voice={form.voice ?? null} onChange={(voice) => setForm({ voice })} />
            </>
          ) : null}
          <View className="sos__note">
            {canRecordVoice() ? '说明、照片和语音' : '说明和照片'}随求救一起发出（会让求救晚一点送达，紧急时可不拍不录）。
          </View>
        </View>
      ) : (
        <View className="sos__more wx-link" onClick={() => setMore(true)}>
          {canRecordVoice() ? '补充情况说明、照片和语音（选填）' : '补充情况说明和照片（选填）'}
        </View>
      )}

      <View className="sos__call">
        <Text className="sos__call-text">无法使用网络时请直接电话报警：</Text>
        <Text
          className="wx-link sos__phone"
          onClick={() => void Taro.makePhoneCall({ phoneNumber: '119' }).catch(() => undefined)}
        >
          火警 119
        </Text>
        <Text
          className="wx-link sos__phone"
          onClick={() => void Taro.makePhoneCall({ phoneNumber: '120' }).catch(() => undefined)}
        >
          急救 120
        </Text>
      </View>

      <View className="wx-section-title">我的求救</View>
      {mine && mine.length > 0 ? (
        <View className="wx-cells sos__mine">
          {mine.map((i) => (
            <View key={i.id} className="wx-cell sos__mine-item" data-testid="sos-mine" data-no={i.no}>
              <View className="wx-cell__bd">
                <View className="sos__mine-title">
                  {i.isDrill ? '【演练】' : ''}
                  {i.no} · {typeText(i.type)}
                </View>
                <View className="wx-cell__desc">{formatDateTime(i.learnedAt)}</View>
              </View>
              <Text className={`tag tag--${INCIDENT_STATUS_TONE[i.status]}`} data-testid="sos-mine-status">
                {incidentStatusText(i.status)}
              </Text>
            </View>
          ))}
        </View>
      ) : (
        <View className="wx-tips">{mine === null ? '加载中…' : '暂无求救记录'}</View>
      )}
      <View className="wx-footer">园安 · 应急联动</View>
    </Screen>
  );
}
