import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import {
  INCIDENT_EVENT_KIND_LABELS,
  WARNING_LEVEL_LABELS,
  type IncidentDetail,
  type IncidentDispatch,
  type MyDispatch,
  type MyDispatches,
} from '@yuanan/contracts';
import { ApiError, newIdempotencyKey } from '@yuanan/sdk';
import { DetailRow as Row, RecordNotices, RecordPending, Timeline } from '../../../components/record-detail';
import { Empty, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { confirm, queuedNotice, reportError, toast } from '../../../services/feedback';
import { formatDateTime, zonedHm } from '../../../services/format';
import { useObservable } from '../../../services/observable';
import { onOutboxSent, outboxItems, submitToOutbox } from '../../../services/offline';
import { useCachedRecord } from '../../../services/use-cached-record';
import { useSignedInMe } from '../../../services/use-session';
import { PhotoPicker } from '../../../pkg-hazard/components/photos';
import { locate } from '../../../pkg-hazard/services/location';
import { usePolling } from '../../../services/use-polling';
import { INCIDENT_PAGES } from '../../../services/workbench-links';
import {
  DISPATCH_STATUS_TONE,
  INCIDENT_POLL_MS,
  LEVEL_TONE,
  NEXT_TEXT,
  PHOTOS_KIND,
  ackCountdown,
  dispatchActions,
  dispatchStatusText,
  escalatedText,
  incidentStatusText,
  scenePhotosItem,
  teammates,
  typeText,
} from '../../services/incident-ui';
import './index.scss';

type Photos = Array<{ path: string; uploadKey: string }>;

/** HH:mm on the zone's clock. */
const hm = (iso: string) => zonedHm(new Date(iso));

/** Where the phone is, for a status report; never waits more than 3 s (the report matters more). */
async function here(): Promise<{ lat?: number; lng?: number }> {
  const r = await locate(3000);
  return r.ok ? { lat: r.lat, lng: r.lng } : {};
}

/** Opens the phone's map at the scene (WeChat's map with its route button; H5: Amap's marker page). */
function navigate(d: MyDispatch): void {
  const i = d.incident;
  if (i.lat === null || i.lng === null) return;
  const name = i.enterpriseName ?? i.no;
  const address = i.address ?? i.description.slice(0, 40);
  Taro.openLocation({ latitude: i.lat, longitude: i.lng, name, address, scale: 16 }).catch(() => {
    if (process.env.TARO_ENV === 'h5')
      window.open(
        `https://uri.amap.com/marker?position=${i.lng},${i.lat}&name=${encodeURIComponent(name)}&coordinate=gaode&callnative=1`,
        '_blank',
      );
    else toast('无法打开地图');
  });
}

function DispatchCard({ d, onOpen }: { d: MyDispatch; onOpen: () => void }) {
  return (
    <View className="wx-card dispatch-card" data-testid="dispatch-card" data-id={d.id} onClick={onOpen}>
      <View className="dispatch-card__top">
        <Text className="dispatch-card__no">
          {d.incident.isDrill ? '【演练】' : ''}
          {d.incident.no} · {typeText(d.incident.type)}
        </Text>
        <Text className={`tag tag--${DISPATCH_STATUS_TONE[d.status]}`}>{dispatchStatusText(d.status)}</Text>
      </View>
      <View className="dispatch-card__where">{d.incident.enterpriseName ?? d.incident.address ?? d.incident.description}</View>
      <View className="dispatch-card__time">调派 {formatDateTime(d.dispatchedAt)}</View>
    </View>
  );
}

/**
 * 出警任务 (a dispatched rescuer's view). Without an id: my active dispatches (one opens at once) and the recent ones.
 * With `?id=<dispatchId>` (or `?incident=<incidentId>`, from a notice): the incident (type, level, place, the reporter
 * to call), 确认出警 with the countdown to ackDueAt (the zone's ackMinutes; past it the desk's escalation gives the
 * task to the next person — a late 确认 is still recorded), 导航 (the phone's map), 已出发 → 已到场 → 处置完成 with the
 * phone's position, 我平安 for the roll call (人员清点) while on scene, scene photos through the outbox (sent once
 * whatever the network does), who else is on it, and the timeline. Reloaded every 10 s while shown.
 */
export default function DispatchPage() {
  const me = useSignedInMe();
  const params = useRouter().params;
  const {
    data: mine,
    error,
    offlineSince,
    load,
  } = useCachedRecord<MyDispatches>('incidents:my-dispatches', () => client.get<MyDispatches>('/incidents/my-dispatches'));
  const all = mine ? [...mine.active, ...mine.recent] : [];
  // Once a dispatch is shown it stays (done, it moves from active to recent: the page must not fall back to the list).
  const [shownId, setShownId] = useState<string | null>(params.id ?? null);
  const d =
    all.find((x) => x.id === (shownId ?? params.id)) ??
    (params.incident
      ? (all.find((x) => x.incidentId === params.incident && mine!.active.includes(x)) ??
        all.find((x) => x.incidentId === params.incident))
      : undefined) ??
    (!params.id && !params.incident && mine?.active.length === 1 ? mine.active[0] : undefined);
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [now, setNow] = useState(() => new Date());
  const [busy, setBusy] = useState(false);
  const [photos, setPhotos] = useState<Photos>([]);
  const [note, setNote] = useState('');
  const outbox = useObservable(outboxItems);
  const incidentId = d?.incidentId ?? '';
  useEffect(() => {
    if (d && d.id !== shownId) setShownId(d.id);
  }, [d?.id]);

  const loadDetail = async () => {
    if (!incidentId) return;
    try {
      setDetail(await client.get<IncidentDetail>(`/incidents/${incidentId}`));
    } catch {
      // the dispatch itself is enough to act; the detail (team, timeline) is shown when it comes
    }
  };
  const reload = async () => {
    await load();
    await loadDetail();
  };

  useDidShow(() => void reload());
  usePullDownRefresh(() => void reload());
  usePolling(() => reload(), { ms: INCIDENT_POLL_MS });
  useEffect(() => void loadDetail(), [incidentId]);
  useEffect(() => onOutboxSent((item) => item.meta?.incidentId === incidentId && void loadDetail()), [incidentId]);
  // the countdown ticks every second while an acknowledgement is due
  const ticking = d?.status === 'pending_ack' || d?.status === 'on_scene';
  useEffect(() => {
    if (!ticking) return;
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, [ticking]);

  if (!me || !mine)
    return <RecordPending failed={me && error ? `出警任务加载失败：${error}` : null} onRetry={() => void load()} />;

  if (!d) {
    const open = (x: MyDispatch) => void Taro.navigateTo({ url: `${INCIDENT_PAGES.dispatch}?id=${x.id}` });
    return (
      <Screen className="dispatch">
        <RecordNotices offlineSince={offlineSince} waiting={undefined} />
        <View className="wx-section-title">进行中的任务</View>
        {mine.active.length ? (
          mine.active.map((x) => <DispatchCard key={x.id} d={x} onOpen={() => open(x)} />)
        ) : (
          <Empty text="当前没有出警任务" desc="值班台调派后会通知您，并出现在这里" />
        )}
        {mine.recent.length ? <View className="wx-section-title">最近的任务</View> : null}
        {mine.recent.map((x) => (
          <DispatchCard key={x.id} d={x} onOpen={() => open(x)} />
        ))}
      </Screen>
    );
  }

  const i = d.incident;
  const actions = dispatchActions(d, now);
  const countdown = ackCountdown(d.ackDueAt, now);
  const waiting = outbox.find((x) => x.kind === PHOTOS_KIND && x.meta?.incidentId === i.id);
  // Never the member himself (an older dispatch of his that escalated is his, not a teammate's).
  const others: IncidentDispatch[] = teammates(detail?.dispatches ?? [], d.userId);
  const rollCallPending = actions.rollCall;

  const act = async (what: string, call: () => Promise<unknown>, success: string) => {
    if (busy) return;
    setBusy(true);
    try {
      await call();
      toast(success);
      await reload();
    } catch (e) {
      if (e instanceof ApiError && (e.status === 409 || e.status === 422)) {
        await Taro.showModal({ title: `${what}未成功`, content: e.message, showCancel: false, confirmText: '知道了' });
        await reload();
      } else void reportError(e, { what, retry: () => act(what, call, success) });
    } finally {
      setBusy(false);
    }
  };

  const ack = () =>
    act(
      actions.lateAck ? '补确认' : '确认出警',
      () => client.post(`/incidents/dispatches/${d.id}/ack`, {}),
      actions.lateAck ? '超时确认已记录' : '已确认出警',
    );
  const step = async (status: 'en_route' | 'on_scene' | 'done') => {
    if (status === 'done') {
      const ok = await confirm({ title: '处置完成？', content: '确认您在现场的任务已完成，将通知值班台。' });
      if (!ok) return;
    }
    await act(
      NEXT_TEXT[status],
      async () => client.post(`/incidents/dispatches/${d.id}/status`, { status, ...(await here()) }),
      NEXT_TEXT[status],
    );
  };
  const safe = () => act('报平安', async () => client.post(`/incidents/dispatches/${d.id}/roll-call`, await here()), '已报平安');

  const sendPhotos = async () => {
    if (!photos.length || busy) return;
    setBusy(true);
    try {
      const r = await submitToOutbox(scenePhotosItem(i, photos, note, newIdempotencyKey()));
      if (r.status === 'sent') {
        toast('现场照片已上传');
        void loadDetail();
      } else if (r.status === 'queued') await queuedNotice('当前网络不可用。现场照片已保存在本机，联网后自动上传。');
      else {
        void reportError(r.error, { what: '上传照片' });
        return;
      }
      setPhotos([]);
      setNote('');
    } finally {
      setBusy(false);
    }
  };

  const times: Array<[string, string | null]> = [
    ['确认', d.acknowledgedAt],
    ['出发', d.enRouteAt],
    ['到场', d.onSceneAt],
    ['完成', d.doneAt],
  ];
  const photosOk = d.status !== 'pending_ack' && d.status !== 'escalated' && d.status !== 'stood_down';

  return (
    <Screen className="dispatch">
      <RecordNotices offlineSince={offlineSince} waiting={waiting} />

      <View className={`wx-card dispatch-head dispatch-head--${d.status}`}>
        <View className="dispatch-head__tags">
          <Text className={`tag tag--${DISPATCH_STATUS_TONE[d.status]}`} data-testid="dispatch-status">
            {dispatchStatusText(d.status)}
          </Text>
          <Text className={`tag tag--${LEVEL_TONE[i.level] ?? 'grey'}`}>{WARNING_LEVEL_LABELS[i.level].zh}</Text>
          {i.isDrill ? <Text className="tag tag--purple">演练</Text> : null}
          <Text className="tag">{incidentStatusText(i.status)}</Text>
        </View>
        <View className="dispatch-head__title" data-testid="dispatch-title">
          {i.no} · {typeText(i.type)}
        </View>
        {i.enterpriseName ? <View className="dispatch-head__where">{i.enterpriseName}</View> : null}
        {i.address ? <View className="dispatch-head__where">{i.address}</View> : null}
        <View className="dispatch-head__desc">{i.description}</View>
      </View>

      {d.status === 'pending_ack' ? (
        <View
          className={`dispatch-banner ${countdown.overdue ? 'dispatch-banner--late' : 'dispatch-banner--due'}`}
          data-testid="ack-countdown"
        >
          {countdown.overdue
            ? `确认已${countdown.text.replace('已', '')}，请立即确认（任务可能已转给下一位队员）`
            : `请在 ${hm(d.ackDueAt)} 前确认出警（${countdown.text}）`}
        </View>
      ) : null}
      {d.status === 'escalated' ? (
        <View className="dispatch-banner dispatch-banner--grey" data-testid="dispatch-escalated">
          {escalatedText(d.replacedByName ?? null, d.acknowledgedAt ? hm(d.acknowledgedAt) : null)}
        </View>
      ) : null}
      {d.status === 'stood_down' ? (
        <View className="dispatch-banner dispatch-banner--grey">值班台已撤回本次调派，无需出警。</View>
      ) : null}
      {rollCallPending ? (
        <View className="dispatch-banner dispatch-banner--late" data-testid="roll-call">
          人员清点：请在 {d.rollCallDueAt ? hm(d.rollCallDueAt) : ''} 前报平安
        </View>
      ) : null}

      <View className="wx-card">
        <Row label="报警人">
          {detail?.reporterName ?? '—'}
          {detail?.reporterPhone ? (
            <Text
              className="wx-link dispatch__call"
              onClick={() => void Taro.makePhoneCall({ phoneNumber: detail.reporterPhone! }).catch(() => undefined)}
            >
              {' '}
              拨打 {detail.reporterPhone}
            </Text>
          ) : null}
        </Row>
        <Row label="接报时间">{formatDateTime(i.learnedAt)}</Row>
        <Row label="调派">
          {d.dispatchedByName} · {formatDateTime(d.dispatchedAt)}
        </Row>
        {times
          .filter(([, t]) => t)
          .map(([label, t]) => (
            <Row key={label} label={label}>
              {formatDateTime(t!)}
              {label === '确认' && d.lateAck ? '（超时确认）' : ''}
            </Row>
          ))}
        {i.lat !== null && i.lng !== null && actions.navigate ? (
          <View className="wx-btn wx-btn--plain dispatch__nav" data-testid="dispatch-navigate" onClick={() => navigate(d)}>
            导航到现场
          </View>
        ) : null}
      </View>

      {others.length ? (
        <View className="wx-card" data-testid="dispatch-team">
          <View className="wx-label">同一事件的队员</View>
          {others.map((o) => (
            <Row key={o.id} label={o.userName}>
              <Text className={`tag tag--${DISPATCH_STATUS_TONE[o.status]}`}>{dispatchStatusText(o.status)}</Text>
              {o.phone ? (
                <Text
                  className="wx-link dispatch__call"
                  onClick={() => void Taro.makePhoneCall({ phoneNumber: o.phone! }).catch(() => undefined)}
                >
                  {' '}
                  电话
                </Text>
              ) : null}
            </Row>
          ))}
        </View>
      ) : null}

      {photosOk ? (
        <View className="wx-card">
          <View className="wx-label">现场照片</View>
          <PhotoPicker
            photos={photos}
            max={9}
            hint="拍现场"
            onAdd={(added) => setPhotos((p) => [...p, ...added])}
            onRemove={(p) => setPhotos((list) => list.filter((x) => x.path !== p.path))}
          />
          {photos.length ? (
            <>
              <Input
                className="wx-input dispatch__note"
                value={note}
                maxlength={500}
                placeholder="说明（选填）"
                onInput={(e) => setNote(e.detail.value)}
              />
              <View
                className={`wx-btn wx-btn--primary wx-btn--mini dispatch__upload ${busy ? 'wx-btn--disabled' : ''}`}
                onClick={() => void sendPhotos()}
              >
                上传 {photos.length} 张照片
              </View>
            </>
          ) : null}
        </View>
      ) : null}

      {detail ? (
        <>
          <View className="wx-section-title">事件记录</View>
          <Timeline
            className="dispatch-timeline"
            events={detail.events.slice(-30).map((e) => ({
              id: e.id,
              action: e.kind,
              label: INCIDENT_EVENT_KIND_LABELS[e.kind]?.zh ?? e.kind,
              who: e.actorName,
              at: e.at,
              comment: e.text,
            }))}
          />
        </>
      ) : null}

      {actions.ack || actions.lateAck || actions.next || d.status === 'on_scene' ? (
        <>
          <View className="action-bar-space" />
          <View className="action-bar dispatch-actions">
            {actions.ack ? (
              <View
                className={`wx-btn wx-btn--warn dispatch-actions__ack ${busy ? 'wx-btn--disabled' : ''}`}
                onClick={() => void ack()}
              >
                确认出警（{countdown.overdue ? '已超时' : countdown.text.replace('剩余 ', '剩 ')}）
              </View>
            ) : null}
            {actions.lateAck ? (
              <View
                className={`wx-btn wx-btn--plain dispatch-actions__late ${busy ? 'wx-btn--disabled' : ''}`}
                onClick={() => void ack()}
              >
                补确认
              </View>
            ) : null}
            {d.status === 'on_scene' ? (
              <View
                className={`wx-btn ${rollCallPending ? 'wx-btn--warn' : 'wx-btn--plain'} dispatch-actions__safe ${busy ? 'wx-btn--disabled' : ''}`}
                onClick={() => void safe()}
              >
                我平安
              </View>
            ) : null}
            {actions.next ? (
              <View
                className={`wx-btn wx-btn--primary dispatch-actions__next ${busy ? 'wx-btn--disabled' : ''}`}
                data-next={actions.next}
                onClick={() => void step(actions.next!)}
              >
                {NEXT_TEXT[actions.next]}
              </View>
            ) : null}
          </View>
        </>
      ) : null}
    </Screen>
  );
}
