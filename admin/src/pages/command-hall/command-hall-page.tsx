import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '@yuanan/sdk';
import { useNavigate } from 'react-router';
import { errorText } from '../../api/errors.ts';
import { useScope } from '../../api/keys.ts';
import { useRealtime, useRealtimeEvent, type RealtimeState } from '../../api/socket.ts';
import { pageAccess } from '../../auth/access.ts';
import { useApi, useSession } from '../../auth/session.tsx';
import { zoned } from '../../components/time.ts';
import { useThrottled } from '../../components/use-throttled.ts';
import { useMessages, type FeatureT } from '../../i18n/feature.ts';
import { useI18n, type Lang } from '../../i18n/i18n.tsx';
import { alarmTypeText } from '../iot/labels.tsx';
import { ALARM_COLOURS, HallMap, LEVEL_COLOURS } from './hall-map.tsx';
import { incidentStatusText, incidentTypeText, levelText, personStatusText } from './labels.ts';
import { hallMessages, type HallMessageKey } from './messages.ts';
import type { CommandHallSnapshot, HallIncident } from './types.ts';
import './command-hall.css';

type T = FeatureT<HallMessageKey>;

/** The realtime events the hall follows (contracts REALTIME_EVENTS; the incident one is sent straight from the request). */
const INCIDENT_EVENT = 'incident.changed';
const ALARM_EVENT = 'iot.alarm';
const HAZARD_EVENT = 'hazard.changed';
/** A burst of events fetches the snapshot once, this long after the first (design: 300 ms). */
const DEBOUNCE_MS = 300;
/**
 * The heartbeat: without any event the snapshot is fetched again this often (today's figures, the duty hand-over,
 * clocks) — and a hung api (socket still connected, no answers) shows as stale data within STALE_MS.
 */
const POLL_MS = 10_000;
/** After a failed fetch the next try comes sooner, so the screen recovers within seconds. */
const RETRY_MS = 5_000;
/** A snapshot fetch that has not answered by then has failed (a hung api never answers). */
const FETCH_TIMEOUT_MS = 8_000;
/** Without a successful snapshot for this long the data on screen is stale: "数据已 N 秒未更新". */
const STALE_MS = 20_000;
const STAGE_W = 1920;
const STAGE_H = 1080;
/** Rows each list shows before it ends with "+N" (the screen never scrolls). */
const MAX_INCIDENTS = 4;
const MAX_ALARMS = 8;
const MAX_TEAMS = 3;

/** The payload of `incident.changed` (contracts `IncidentChangedPush`). */
interface IncidentPush {
  id: string;
  no: string;
  status: string;
  isDrill: boolean;
  at: string;
  kind: string;
}

const FINAL = new Set(['closed', 'cancelled']);

/** The stage's scale: 1 at 1920×1080, smaller (or larger) to fit another window whole, never scrolled. */
function useStageScale(): number {
  const get = () => Math.min(window.innerWidth / STAGE_W, window.innerHeight / STAGE_H);
  const [scale, setScale] = useState(get);
  useEffect(() => {
    const on = () => setScale(get());
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return scale;
}

/** A tick every second (the clock, the reporting countdowns). */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** 1:05:09 / 42:13 from milliseconds (absolute value). */
function hms(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  return h ? `${h}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}` : `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}

/**
 * 应急指挥大厅 — the command hall's wall screen (1920×1080, outside the console frame): the zone map (site plan or
 * latitude/longitude) with enterprises in their colours, active IoT alarms pulsing and open incidents with their
 * downwind sector; the open incidents with dispatch state and the 1-hour reporting clock (生产安全事故报告和调查处理
 * 条例 Art. 9); who is on duty; equipment availability; today's hazards and inspections. Drills are marked 演练.
 * Live: `incident.changed` is applied at once and the snapshot (GET /command-hall) fetched again 300 ms after a
 * burst; alarms and hazards refetch too; every 10 s without events (the heartbeat, 8 s timeout). A lost socket shows
 * "连接中断，正在重连" with the time of the data shown, and the snapshot is fetched again as soon as it is back; a hung
 * api (the socket still up, no answers: a fetch timed out or failed, or no snapshot for 20 s) shows "数据已 N 秒未更新"
 * the same way and clears on the next successful snapshot.
 */
export function CommandHallPage() {
  const t = useMessages(hallMessages);
  const { lang } = useI18n();
  const navigate = useNavigate();
  const { me, effective } = useSession();
  const access = pageAccess(me, effective, 'zone', 'command_hall.view');
  const allowed = access === 'ok';

  useLayoutEffect(() => {
    document.documentElement.classList.add('hall-mode');
    return () => document.documentElement.classList.remove('hall-mode');
  }, []);
  useEffect(() => {
    const before = document.title;
    document.title = `${t('title')} · ${effective?.tenant.name ?? ''}`;
    return () => void (document.title = before);
  }, [t, effective?.tenant.name]);

  if (!allowed) {
    return (
      <div className="hall-center-msg" data-testid="hall-forbidden">
        <div>{t('forbidden')}</div>
        <div style={{ fontSize: 22, color: '#8fa8c8' }}>{t('forbiddenDesc')}</div>
        <button type="button" className="hall-btn" onClick={() => navigate('/')}>
          {t('back')}
        </button>
      </div>
    );
  }
  return <Hall t={t} lang={lang} />;
}

function Hall({ t, lang }: { t: T; lang: Lang }) {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  const key = useMemo(() => [scope, 'command-hall'], [scope]);
  const scale = useStageScale();
  const now = useNow();
  // The server's clock minus this browser's (the countdowns run on the server's time).
  const skew = useRef(0);
  // When the last snapshot came from the api (pushes applied to the screen do not count: they are summaries).
  const [okAt, setOkAt] = useState<number | null>(null);
  const snapshot = useQuery({
    queryKey: key,
    queryFn: async () => {
      const sent = Date.now();
      // api.commandHall.get() with a short timeout: the heartbeat must fail fast when the api hangs.
      const d = await api.request<CommandHallSnapshot>('GET', '/command-hall', { timeoutMs: FETCH_TIMEOUT_MS });
      skew.current = Date.parse(d.at) - (sent + Date.now()) / 2;
      setOkAt(Date.now());
      return d;
    },
    refetchInterval: (q) => (q.state.status === 'error' ? RETRY_MS : POLL_MS),
    refetchIntervalInBackground: true,
    staleTime: 0,
    retry: false,
  });
  const refetch = useThrottled(() => void qc.invalidateQueries({ queryKey: key }), DEBOUNCE_MS);

  const state = useRealtime(true, () => undefined);
  // Back online after a drop: fetch at once (what happened meanwhile came without events).
  const wasOffline = useRef(false);
  useEffect(() => {
    if (state === 'offline') wasOffline.current = true;
    if (state === 'online' && wasOffline.current) {
      wasOffline.current = false;
      void qc.invalidateQueries({ queryKey: key });
    }
  }, [state, qc, key]);

  useRealtimeEvent<IncidentPush>(INCIDENT_EVENT, (p) => {
    // The event's summary at once (a new SOS shows before the snapshot comes back), then the snapshot.
    qc.setQueryData<CommandHallSnapshot>(key, (d) => (d ? applyPush(d, p) : d));
    refetch();
  });
  useRealtimeEvent(ALARM_EVENT, refetch);
  useRealtimeEvent(HAZARD_EVENT, refetch);

  const d = snapshot.data;
  const updatedAt = okAt ? zoned(okAt).format('HH:mm:ss') : null;
  // Stale: data on screen but the api has not answered for STALE_MS, or the last fetch failed (timed out).
  const staleS = okAt && (now - okAt > STALE_MS || snapshot.isError) ? Math.floor((now - okAt) / 1000) : null;
  const shown: RealtimeState | 'stale' = state === 'offline' ? 'offline' : staleS !== null ? 'stale' : state;
  const serverNow = now + skew.current;
  const incidentLabel = useCallback((no: string, drill: boolean) => (drill ? `【${t('drill')}】${no}` : no), [t]);
  const mapLabels = useMemo(() => ({ incident: incidentLabel, more: (n: number) => t('moreItems', { n }) }), [incidentLabel, t]);

  return (
    <div className="hall-viewport">
      <div
        className={`hall${shown === 'offline' || shown === 'stale' ? ' stale' : ''}`}
        style={{ transform: `scale(${scale})` }}
        data-testid="hall"
        data-state={shown}
        data-updated={okAt ? new Date(okAt).toISOString() : ''}
      >
        <header className="hall-head">
          <div className="hall-title">
            {d?.zone.name ?? ''}
            <small>{t('title')}</small>
          </div>
          <div className="hall-clock" data-testid="hall-clock">
            {zoned(serverNow).format('HH:mm:ss')}
            <small>{zoned(serverNow).format(lang === 'en' ? 'ddd, D MMM YYYY' : 'YYYY年M月D日 dddd')}</small>
          </div>
          <div className="hall-status">
            <span data-testid="hall-connection">
              <i className={`hall-dot ${shown}`} />
              {shown === 'online'
                ? t('online')
                : shown === 'offline'
                  ? t('offline')
                  : shown === 'stale'
                    ? t('stale')
                    : t('connecting')}
            </span>
            <span data-testid="hall-last-update">{updatedAt ? t('lastUpdate', { time: updatedAt }) : t('neverUpdated')}</span>
            <FullscreenButton t={t} />
          </div>
        </header>
        {(shown === 'offline' || shown === 'stale') && (
          <div className="hall-offline" role="alert" data-testid="hall-offline" data-reason={shown}>
            {shown === 'offline'
              ? t('offline')
              : staleS! < 120
                ? t('staleFor', { n: staleS! })
                : t('staleForMin', { n: Math.floor(staleS! / 60) })}
            <small>{t('offlineHint', { time: updatedAt ?? '—' })}</small>
          </div>
        )}
        {/* Why the data stopped — unless the banner already says it all (no answer from the network). */}
        {snapshot.error && (!d || !(snapshot.error instanceof ApiError && snapshot.error.code === 'network_error')) && (
          <div className="hall-error" role="status" data-testid="hall-error">
            {t('loadFailed', { error: errorText(snapshot.error) })}
          </div>
        )}
        {d ? (
          <main className="hall-body">
            <section className="hall-col">
              <Incidents d={d} t={t} lang={lang} serverNow={serverNow} />
            </section>
            <section className="hall-col">
              <div className="hall-panel hall-map-panel">
                <div className="hall-panel-title">{t('map')}</div>
                <HallMap data={d} labels={mapLabels} />
                {!d.zone.sitePlan && !d.zone.mapCenter && !d.enterprises.some((e) => e.lat != null) && (
                  <div className="hall-empty" style={{ position: 'absolute', top: 60, left: 16 }}>
                    {t('noMap')}
                  </div>
                )}
                <div className="hall-legend">
                  <span>
                    <i style={{ background: LEVEL_COLOURS.I }} />
                    {t('legendIncident')}
                  </span>
                  <span>
                    <i style={{ background: ALARM_COLOURS.critical }} />
                    {t('legendAlarm')}
                  </span>
                  <span>
                    <i style={{ background: 'rgba(255,122,0,0.5)', borderRadius: 2 }} />
                    {t('legendSector')}
                  </span>
                  <span>{t('enterprisesCount', { n: d.enterprises.length })}</span>
                </div>
              </div>
              <Today d={d} t={t} />
            </section>
            <section className="hall-col">
              <Duty d={d} t={t} lang={lang} />
              <Equipment d={d} t={t} />
              <Alarms d={d} t={t} lang={lang} />
            </section>
          </main>
        ) : (
          !snapshot.error && <div className="hall-empty">{t('connecting')}</div>
        )}
      </div>
    </div>
  );
}

/** The event's summary applied to the shown snapshot: a new incident appears, a final one goes, a status moves. */
function applyPush(d: CommandHallSnapshot, p: IncidentPush): CommandHallSnapshot {
  const known = d.incidents.find((i) => i.id === p.id);
  if (FINAL.has(p.status)) return known ? { ...d, incidents: d.incidents.filter((i) => i.id !== p.id) } : d;
  if (known)
    return {
      ...d,
      incidents: d.incidents.map((i) => (i.id === p.id ? { ...i, status: p.status as HallIncident['status'] } : i)),
    };
  // The type, level and place come with the snapshot a moment later: until then the card shows the number.
  const fresh: HallIncident = {
    id: p.id,
    no: p.no,
    type: '' as HallIncident['type'],
    status: p.status as HallIncident['status'],
    level: 'I',
    severity: 4,
    isDrill: p.isDrill,
    enterpriseName: null,
    address: null,
    description: '',
    lat: null,
    lng: null,
    learnedAt: p.at,
    planX: null,
    planY: null,
    grade: null,
    deaths: 0,
    missing: 0,
    seriousInjuries: 0,
    clock: {
      state: p.isDrill ? 'not_required' : 'pending',
      learnedAt: p.at,
      authorityDueAt: null,
      remainingMs: null,
      authorityReportedAt: null,
      casualtyFollowUpUntil: null,
    },
    dispatchCounts: {},
    sector: null,
  };
  return { ...d, incidents: [fresh, ...d.incidents] };
}

function FullscreenButton({ t }: { t: T }) {
  const [full, setFull] = useState(() => !!document.fullscreenElement);
  useEffect(() => {
    const on = () => setFull(!!document.fullscreenElement);
    document.addEventListener('fullscreenchange', on);
    return () => document.removeEventListener('fullscreenchange', on);
  }, []);
  if (!document.fullscreenEnabled) return null;
  return (
    <button
      type="button"
      className="hall-btn"
      onClick={() =>
        void (full ? document.exitFullscreen() : document.documentElement.requestFullscreen()).catch(() => undefined)
      }
    >
      {full ? t('exitFullscreen') : t('fullscreen')}
    </button>
  );
}

function Incidents({ d, t, lang, serverNow }: { d: CommandHallSnapshot; t: T; lang: Lang; serverNow: number }) {
  // Real incidents before drills, then the most severe, then the newest.
  const list = [...d.incidents].sort(
    (a, b) =>
      Number(a.isDrill) - Number(b.isDrill) || b.severity - a.severity || Date.parse(b.learnedAt) - Date.parse(a.learnedAt),
  );
  // Four cards fill the column; with more, three and the "+N" line.
  const shown = list.length <= MAX_INCIDENTS ? list : list.slice(0, MAX_INCIDENTS - 1);
  const rest = list.length - shown.length;
  return (
    <div className="hall-panel hall-incidents" data-testid="hall-incidents">
      <div className="hall-panel-title">
        {t('incidents')}
        <span className="count" data-testid="hall-incident-count">
          {list.length}
        </span>
      </div>
      {!list.length && <div className="hall-empty">{t('noIncidents')}</div>}
      {shown.map((i) => (
        <IncidentCard key={i.id} i={i} t={t} lang={lang} serverNow={serverNow} />
      ))}
      {rest > 0 && (
        <div className="hall-more" data-testid="hall-incident-more">
          {t('moreItems', { n: rest })}
        </div>
      )}
    </div>
  );
}

function IncidentCard({ i, t, lang, serverNow }: { i: HallIncident; t: T; lang: Lang; serverNow: number }) {
  const n = (k: keyof HallIncident['dispatchCounts']) => i.dispatchCounts[k] ?? 0;
  const dispatched = Object.values(i.dispatchCounts).reduce((a, b) => a + (b ?? 0), 0);
  // The countdown runs here on the server's clock; the state follows it (pending turns overdue at 60:00).
  const due = i.clock.authorityDueAt ? Date.parse(i.clock.authorityDueAt) : null;
  const remaining = due !== null ? due - serverNow : 0;
  const clockState =
    i.isDrill || i.clock.state === 'not_required'
      ? 'drill'
      : i.clock.state === 'done'
        ? 'done'
        : due === null
          ? null
          : remaining <= 0
            ? 'overdue'
            : 'pending';
  const where = [i.enterpriseName, i.address].filter(Boolean).join(' · ');
  return (
    <article
      className={`hall-incident${i.isDrill ? ' drill' : ''}`}
      style={{ ['--lvl' as string]: LEVEL_COLOURS[i.level] }}
      data-testid="hall-incident"
      data-id={i.id}
      data-no={i.no}
      data-status={i.status}
      data-drill={String(i.isDrill)}
    >
      <div className="hall-incident-head">
        {i.isDrill && <span className="hall-chip drill">{t('drill')}</span>}
        <span className="name">{incidentTypeText(i.type, lang) || i.no}</span>
        <span className="hall-chip" style={{ ['--chip' as string]: LEVEL_COLOURS[i.level] }}>
          {levelText(i.level, lang)}
        </span>
      </div>
      <div className="hall-incident-no">
        <span className="no">{i.no}</span>
        <span>{incidentStatusText(i.status, lang)}</span>
        <span>{t('learnedAt', { time: zoned(i.learnedAt).format('HH:mm') })}</span>
      </div>
      {where && (
        <div className="hall-incident-sub" data-user-text="">
          {where}
        </div>
      )}
      {dispatched ? (
        <div className="hall-dispatch" data-testid="hall-dispatch">
          <span className={n('pending_ack') ? 'warn' : ''} data-status="pending_ack">
            <b>{n('pending_ack')}</b>
            {t('dispatchPending')}
          </span>
          <span data-status="acknowledged">
            <b>{n('acknowledged')}</b>
            {t('dispatchAck')}
          </span>
          <span data-status="en_route">
            <b>{n('en_route')}</b>
            {t('dispatchEnRoute')}
          </span>
          <span data-status="on_scene">
            <b>{n('on_scene')}</b>
            {t('dispatchOnScene')}
          </span>
          {n('escalated') > 0 && (
            <span className="warn" data-status="escalated">
              <b>{n('escalated')}</b>
              {t('dispatchEscalated')}
            </span>
          )}
        </div>
      ) : (
        <div className="hall-incident-sub">{t('noDispatch')}</div>
      )}
      {clockState && (
        <div className={`hall-clockline ${clockState}`} data-testid="hall-clock-line" data-state={clockState}>
          <span>
            {clockState === 'drill'
              ? t('clockDrill')
              : clockState === 'done'
                ? t('clockDone')
                : clockState === 'overdue'
                  ? t('clockOverdue')
                  : t('clockPending')}
          </span>
          {(clockState === 'pending' || clockState === 'overdue') && <span className="t">{hms(remaining)}</span>}
          {i.deaths + i.missing + i.seriousInjuries > 0 && (
            <span style={{ color: '#ff4d4f' }}>
              {t('casualties', { deaths: i.deaths, missing: i.missing, serious: i.seriousInjuries })}
            </span>
          )}
        </div>
      )}
    </article>
  );
}

function Today({ d, t }: { d: CommandHallSnapshot; t: T }) {
  const x = d.today;
  const kpi = (k: HallMessageKey, v: number, id: string, bad = false, of?: number) => (
    <div className={`hall-kpi${bad && v > 0 ? ' bad' : ''}`} data-testid={`hall-today-${id}`}>
      <div className="v">
        {v}
        {of !== undefined && <small> / {of}</small>}
      </div>
      <div className="k">{t(k)}</div>
    </div>
  );
  return (
    <div className="hall-today">
      {kpi('hazardsReported', x.hazardsReported, 'reported')}
      {kpi('hazardsOpen', x.hazardsOpen, 'open')}
      {kpi('hazardsOverdue', x.hazardsOverdue, 'overdue', true)}
      {kpi('inspectionsDone', x.inspectionsDone, 'inspections', false, x.inspectionsPlanned)}
      {kpi('alarmsActive', d.alarmsTotal, 'alarms', true)}
    </div>
  );
}

function Duty({ d, t, lang }: { d: CommandHallSnapshot; t: T; lang: Lang }) {
  const teams = d.onDuty.slice(0, MAX_TEAMS);
  const rest = d.onDuty.length - teams.length;
  return (
    <div className="hall-panel hall-duty" data-testid="hall-duty">
      <div className="hall-panel-title">
        {t('onDuty')}
        <span className="count">{d.onDuty.reduce((a, x) => a + x.people.length, 0)}</span>
      </div>
      {!teams.length && <div className="hall-empty">{t('noDuty')}</div>}
      {teams.map((team) => (
        <div className="hall-team" key={team.teamName} data-testid="hall-duty-team">
          <div className="hall-team-name">
            <span data-user-text="">{team.teamName}</span>
            {team.gap && <span style={{ color: '#ff9c2b' }}>{t('gap')}</span>}
          </div>
          <div className="hall-people">
            {team.people.map((p) => (
              <span
                key={p.name}
                className={`hall-person ${p.status}`}
                title={personStatusText(p.status, lang)}
                data-testid="hall-person"
                data-status={p.status}
                data-user-text=""
              >
                {p.name}
              </span>
            ))}
          </div>
        </div>
      ))}
      <div className="hall-duty-legend">
        {rest > 0 && <span>{t('moreItems', { n: rest })}</span>}
        <span>
          <i className="hall-person" />
          {t('legendReady')}
        </span>
        <span>
          <i className="hall-person committed" />
          {t('legendCommitted')}
        </span>
      </div>
    </div>
  );
}

const EQ_PARTS: Array<{ status: string; key: HallMessageKey; colour: string }> = [
  { status: 'available', key: 'eqAvailable', colour: '#52c41a' },
  { status: 'deployed', key: 'eqDeployed', colour: '#ff4d4f' },
  { status: 'on_loan', key: 'eqOnLoan', colour: '#3a8dff' },
  { status: 'reserved', key: 'eqReserved', colour: '#13c2c2' },
  { status: 'maintenance', key: 'eqMaintenance', colour: '#ff9c2b' },
];

function Equipment({ d, t }: { d: CommandHallSnapshot; t: T }) {
  const by: Record<string, number> = Object.fromEntries(d.equipment.byStatus.map((s) => [s.status, s.count]));
  const total = Math.max(
    1,
    EQ_PARTS.reduce((a, p) => a + (by[p.status] ?? 0), 0),
  );
  return (
    <div className="hall-panel hall-equipment" data-testid="hall-equipment">
      <div className="hall-panel-title">{t('equipment')}</div>
      <div className="hall-eq-big">
        <b data-testid="hall-deployable">{d.equipment.deployable}</b>
        <span>
          {t('deployable')} / {d.equipment.total}
        </span>
      </div>
      <div className="hall-eq-bar">
        {EQ_PARTS.map((p) => (
          <i key={p.status} style={{ width: `${((by[p.status] ?? 0) / total) * 100}%`, background: p.colour }} />
        ))}
      </div>
      <div className="hall-eq-legend">
        {EQ_PARTS.map((p) => (
          <span key={p.status} data-testid={`hall-eq-${p.status}`}>
            <i style={{ background: p.colour }} />
            {t(p.key)} <b>{by[p.status] ?? 0}</b>
          </span>
        ))}
      </div>
    </div>
  );
}

function Alarms({ d, t, lang }: { d: CommandHallSnapshot; t: T; lang: Lang }) {
  const shown = d.alarms.slice(0, MAX_ALARMS);
  const rest = d.alarmsTotal - shown.length;
  return (
    <div className="hall-panel hall-alarms" data-testid="hall-alarms">
      <div className="hall-panel-title">
        {t('alarms')}
        <span className="count" style={{ color: d.alarmsTotal ? '#ff4d4f' : undefined }}>
          {d.alarmsTotal}
        </span>
      </div>
      {!shown.length && <div className="hall-empty">{t('noAlarms')}</div>}
      {shown.map((a) => (
        <div className="hall-alarm" key={a.id} data-testid="hall-alarm" data-id={a.id} data-severity={a.severity}>
          <i className="dot" style={{ ['--c' as string]: ALARM_COLOURS[a.severity] }} />
          <span className="n" data-user-text="">
            {a.deviceName}
            <small>{[a.enterpriseName, alarmTypeText(a.type, lang)].filter(Boolean).join(' · ')}</small>
          </span>
          <span className="v">
            {a.value ?? ''}
            <small>{a.acknowledged ? t('alarmAcked') : zoned(a.startedAt).format('HH:mm')}</small>
          </span>
        </div>
      ))}
      {rest > 0 && (
        <div className="hall-more" data-testid="hall-alarm-more">
          {t('more', { n: rest })}
        </div>
      )}
    </div>
  );
}
