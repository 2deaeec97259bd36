import { useCallback, useEffect, useRef, useState } from 'react';
import { App, Button, Flex, Tooltip, Typography } from 'antd';
import { AlertFilled, CloseOutlined, MutedOutlined, SoundOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import type { REALTIME_EVENTS } from '@yuanan/contracts';
import { errorText } from '../api/errors.ts';
import { useRealtimeEvent } from '../api/socket.ts';
import { useApi, useSession } from '../auth/session.tsx';
import { useT } from '../i18n/i18n.tsx';
import { fmtTime } from './time.ts';
import './alarm-banner.css';

/** The realtime event name, checked against the contracts at compile time (type-only import). */
const IOT_ALARM_EVENT: (typeof REALTIME_EVENTS)['iotAlarm'] = 'iot.alarm';

/** The payload of `iot.alarm` (contracts `IotAlarmPush`), as far as the banner reads it. */
export interface AlarmPush {
  id: string;
  deviceId: string;
  deviceName: string;
  enterpriseId: string | null;
  enterpriseName: string | null;
  type: string;
  kind: string;
  severity: 'critical' | 'major' | 'minor' | 'warning';
  level: number | null;
  status: string;
  value: number | null;
  peak: number | null;
  at: string;
  action: 'raise' | 'update' | 'clear' | 'ack' | 'close' | 'assign' | 'escalate';
}

/** Roles that get the banner: the zone's office and the grid workers (enterprise users get pushes instead). */
const BANNER_ROLES = new Set(['zone_admin', 'safety_officer', 'platform_admin', 'grid_worker']);
const SEVERITY_RANK: Record<AlarmPush['severity'], number> = { warning: 0, minor: 1, major: 2, critical: 3 };
const MUTE_KEY = 'yuanan:admin:iot-mute';
/** Alarms dismissed in this browser session (a reload does not bring them back). */
const DISMISSED_KEY = 'yuanan:admin:iot-dismissed';

function dismissedIds(): Set<string> {
  try {
    return new Set(JSON.parse(globalThis.sessionStorage?.getItem(DISMISSED_KEY) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}
function rememberDismissed(id: string): void {
  const ids = [...dismissedIds(), id].slice(-200);
  globalThis.sessionStorage?.setItem(DISMISSED_KEY, JSON.stringify(ids));
}
/** The beep repeats this often while an alarm is shown and not acknowledged. */
export const BEEP_EVERY_MS = 10_000;

/** Units of the quantities (contracts IOT_QUANTITY_SPECS; kept here so the frame's first download has no zod). */
const UNITS: Record<string, string> = {
  gas_lel: '%LEL',
  nh3: 'ppm',
  h2s: 'ppm',
  co: 'ppm',
  cl2: 'ppm',
  smoke: '%obs/m',
  flame: '',
  temperature: '℃',
  wind_dir: '°',
  wind_speed: 'm/s',
};

let audio: AudioContext | null = null;

/** Two short tones (WebAudio, no file to fetch). A browser that has not seen a click yet may keep it silent. */
function beep(): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    audio ??= new Ctx();
    if (audio.state === 'suspended') void audio.resume();
    const now = audio.currentTime;
    for (const [i, freq] of [880, 660].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'square';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.15, now + i * 0.25 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.25 + 0.22);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.25);
      osc.stop(now + i * 0.25 + 0.24);
    }
  } catch {
    // No sound device: the banner still shows.
  }
}

/**
 * 全局报警横幅 (design §7): on every console page, for office roles and grid workers, a new or raised IoT alarm
 * (`iot.alarm` with action raise, or a severity rise) shows a red banner at the top — device, enterprise, value,
 * 查看 / 确认 — and beeps (WebAudio) every 10 s until that alarm is acknowledged (here or anywhere: the `ack`
 * push removes it) or dismissed. The mute toggle is remembered in localStorage. Several alarms: the most severe
 * (then newest) shows, with how many more wait.
 */
export function AlarmBanner() {
  const t = useT();
  const navigate = useNavigate();
  const api = useApi();
  const { message } = App.useApp();
  const { effective } = useSession();
  const enabled = !!effective && effective.tenant.kind === 'zone' && BANNER_ROLES.has(effective.role);
  const [alarms, setAlarms] = useState<AlarmPush[]>([]);
  const known = useRef(new Map<string, AlarmPush['severity']>());
  const [muted, setMuted] = useState(() => globalThis.localStorage?.getItem(MUTE_KEY) === '1');
  const [beeps, setBeeps] = useState(0);
  const [busy, setBusy] = useState(false);

  const onPush = useCallback((p: AlarmPush) => {
    const before = known.current.get(p.id);
    known.current.set(p.id, p.severity);
    if (p.action === 'ack' || p.action === 'close') {
      setAlarms((list) => list.filter((a) => a.id !== p.id));
      return;
    }
    const rose = p.action === 'raise' || (before != null && SEVERITY_RANK[p.severity] > SEVERITY_RANK[before]);
    setAlarms((list) => {
      const i = list.findIndex((a) => a.id === p.id);
      if (i >= 0) return list.map((a) => (a.id === p.id ? { ...a, ...p } : a));
      return rose ? [p, ...list].slice(0, 50) : list;
    });
  }, []);
  useRealtimeEvent<AlarmPush>(IOT_ALARM_EVENT, (p) => {
    if (enabled) onPush(p);
  });

  // After a reload (or sign-in) the alarms still active and unacknowledged (levels 1 and 2) show again, except
  // those dismissed in this session; pushes arriving meanwhile win.
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    void api.iot.alarms
      .list({ status: 'unack', pageSize: 50 })
      .then((page) => {
        if (cancelled) return;
        const dismissed = dismissedIds();
        const open: AlarmPush[] = page.items
          .filter((a) => a.status === 'active_unack' && (a.severity === 'critical' || a.severity === 'major'))
          .filter((a) => !dismissed.has(a.id))
          .map((a) => ({
            id: a.id,
            deviceId: a.deviceId,
            deviceName: a.deviceName,
            enterpriseId: a.enterpriseId,
            enterpriseName: a.enterpriseName,
            type: a.type,
            kind: a.kind,
            severity: a.severity,
            level: a.level,
            status: a.status,
            value: a.lastValue,
            peak: a.peakValue,
            at: a.lastAt,
            action: 'raise',
          }));
        for (const a of open) if (!known.current.has(a.id)) known.current.set(a.id, a.severity);
        setAlarms((list) => [...list, ...open.filter((a) => !list.some((x) => x.id === a.id))]);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [enabled, api]);

  const shown = [...alarms].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || Date.parse(b.at) - Date.parse(a.at),
  )[0];

  // The beep: at once when an alarm shows, then every 10 s while one is shown (not muted).
  const sounding = !!shown && !muted;
  useEffect(() => {
    if (!sounding) return;
    const ring = () => {
      beep();
      setBeeps((n) => n + 1);
    };
    ring();
    const timer = setInterval(ring, BEEP_EVERY_MS);
    return () => clearInterval(timer);
  }, [sounding, shown?.id]);

  if (!enabled || !shown) return null;

  const dismiss = (id: string) => {
    rememberDismissed(id);
    setAlarms((list) => list.filter((a) => a.id !== id));
  };
  const toggleMute = () => {
    globalThis.localStorage?.setItem(MUTE_KEY, muted ? '0' : '1');
    setMuted(!muted);
  };
  const ack = async () => {
    setBusy(true);
    try {
      const a = await api.iot.alarms.get(shown.id);
      await api.iot.alarms.ack(shown.id, { version: a.version });
      message.success(t('iotBanner.acked'));
      dismiss(shown.id);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const quantity = shown.type.split('.')[0] ?? '';
  const value = shown.peak ?? shown.value;
  const more = alarms.length - 1;

  return (
    <Flex
      className={`alarm-banner alarm-banner-${shown.severity}`}
      align="center"
      justify="space-between"
      gap={12}
      role="alert"
      wrap
      data-testid="alarm-banner"
      data-alarm={shown.id}
      data-severity={shown.severity}
      data-beeps={beeps}
    >
      <Flex align="center" gap={10} style={{ minWidth: 0, flex: 1 }} wrap>
        <AlertFilled className="alarm-banner-icon" />
        <Typography.Text strong style={{ color: 'inherit' }}>
          {t(`iotBanner.sev.${shown.severity}`)}
        </Typography.Text>
        <Typography.Text strong style={{ color: 'inherit' }} data-testid="alarm-banner-device" data-user-text>
          {shown.deviceName}
        </Typography.Text>
        {shown.enterpriseName && (
          <Typography.Text style={{ color: 'inherit' }} data-user-text>
            {shown.enterpriseName}
          </Typography.Text>
        )}
        {value != null && shown.kind !== 'offline' && (
          <Typography.Text strong style={{ color: 'inherit' }} data-testid="alarm-banner-value">
            {t('iotBanner.value', { value: Math.round(value * 100) / 100, unit: UNITS[quantity] ?? '' })}
          </Typography.Text>
        )}
        <Typography.Text style={{ color: 'inherit', opacity: 0.85 }}>{fmtTime(shown.at)}</Typography.Text>
        {shown.status.startsWith('cleared') && (
          <Typography.Text style={{ color: 'inherit', opacity: 0.85 }}>{t('iotBanner.cleared')}</Typography.Text>
        )}
        {more > 0 && (
          <Typography.Text style={{ color: 'inherit', opacity: 0.85 }} data-testid="alarm-banner-more">
            {t('iotBanner.more', { n: more })}
          </Typography.Text>
        )}
      </Flex>
      <Flex align="center" gap={8}>
        <Button size="small" onClick={() => navigate(`/iot/alarms/${shown.id}`)} data-testid="alarm-banner-view">
          {t('iotBanner.view')}
        </Button>
        <Button size="small" ghost loading={busy} onClick={() => void ack()} data-testid="alarm-banner-ack">
          {t('iotBanner.ack')}
        </Button>
        <Tooltip title={muted ? t('iotBanner.unmute') : t('iotBanner.mute')}>
          <Button
            size="small"
            type="text"
            className="alarm-banner-btn"
            icon={muted ? <MutedOutlined /> : <SoundOutlined />}
            onClick={toggleMute}
            aria-pressed={muted}
            aria-label={muted ? t('iotBanner.unmute') : t('iotBanner.mute')}
            data-testid="alarm-banner-mute"
          />
        </Tooltip>
        <Tooltip title={t('iotBanner.dismiss')}>
          <Button
            size="small"
            type="text"
            className="alarm-banner-btn"
            icon={<CloseOutlined />}
            onClick={() => dismiss(shown.id)}
            aria-label={t('iotBanner.dismiss')}
            data-testid="alarm-banner-dismiss"
          />
        </Tooltip>
      </Flex>
    </Flex>
  );
}
