/**
 * The notifications of IoT alarms, composed in Chinese (stored as written; the WeChat and SMS templates are the
 * Chinese ones) — notifications/notification-text.ts renders them in English for a reader of English, from the
 * templates of the same sentences. Device, enterprise and place names stay as entered.
 */
import { IOT_QUANTITY_SPECS, type AlarmKind, type AlarmSeverity, type IotQuantity } from '@yuanan/contracts';
import { localMinute } from '@yuanan/domain';
import { StoredText, template, type TextLang } from '../../core/i18n/stored-text.ts';
import { formatValue } from './alarm-hazard.ts';

/** The words of a severity in titles and bodies. */
export const ALARM_WHAT: Record<AlarmSeverity, string> = {
  critical: '二级报警',
  major: '一级报警',
  minor: '快速上升',
  warning: '设备离线',
};

/** What a notice needs of an alarm. */
export interface NoticeAlarm {
  kind: AlarmKind;
  severity: AlarmSeverity;
  quantity: string | null;
  lastValue: number | null;
  peakValue: number | null;
  lastAt: Date;
}
/** What a notice needs of the device and its enterprise. */
export interface NoticeWhere {
  enterpriseName: string | null;
  deviceName: string;
  location: string | null;
}

/** `{enterprise} {device}（{location}）` — the enterprise left out for a zone device. */
export function noticeWhere(w: NoticeWhere): string {
  return `${w.enterpriseName ? `${w.enterpriseName} ` : ''}${w.deviceName}（${w.location ?? '未注明位置'}）`;
}

/** The reading part: `可燃气体 55.0%LEL，二级报警`. */
function reading(a: NoticeAlarm): string {
  const q = a.quantity ? (IOT_QUANTITY_SPECS[a.quantity as IotQuantity]?.label ?? a.quantity) : '';
  const v = a.severity === 'critical' ? (a.peakValue ?? a.lastValue) : a.lastValue;
  return `${q} ${formatValue(a.quantity, v)}，${ALARM_WHAT[a.severity]}`;
}

/** The notice of a raised alarm (or of a rise to level 2: `rose`), and of an assignment (`assigned`). */
export function raiseNotice(
  a: NoticeAlarm,
  w: NoticeWhere,
  tz: string,
  how: 'raise' | 'rose' | 'assigned',
): { title: string; body: string } {
  const title =
    how === 'rose'
      ? `报警升级为二级：${w.deviceName}`
      : how === 'assigned'
        ? `报警待您处置：${w.deviceName}`
        : `${a.kind === 'rate_of_rise' || a.severity === 'minor' ? '快速上升报警' : ALARM_WHAT[a.severity]}：${w.deviceName}`;
  const body =
    a.kind === 'offline'
      ? `${noticeWhere(w)}：设备离线，最后上报 ${localMinute(a.lastAt, tz)}。请检查设备供电和通信。`
      : `${noticeWhere(w)}：${reading(a)}。请立即确认并处置。`;
  return { title, body };
}

/** The notice of an escalation stage: still unacknowledged after `minutes`. */
export function escalationNotice(a: NoticeAlarm, w: NoticeWhere, minutes: number): { title: string; body: string } {
  const title = `报警未确认，已升级：${w.deviceName}`;
  const body =
    a.kind === 'offline'
      ? `${noticeWhere(w)}：设备离线已 ${minutes} 分钟未确认。请检查设备供电和通信。`
      : `${noticeWhere(w)}：${reading(a)}，已 ${minutes} 分钟未确认。请立即确认并处置。`;
  return { title, body };
}

/** The notification severity of an alarm's notices: critical alarms bypass quiet hours (delivery.ts). */
export function noticeSeverity(s: AlarmSeverity): 'info' | 'warning' | 'critical' {
  return s === 'critical' ? 'critical' : s === 'major' ? 'warning' : 'info';
}

const LEVELS = '整改责任人=the enterprise|网格员=the grid worker|安监办=the safety office|园区管理员=the zone admin';
/** The system's sentences on an alarm's timeline (alarm.jobs.ts escalations, alarm.service.ts), for a reader of English. */
const TIMELINE = new StoredText(
  [
    template(
      `{skipped}无可通知人员，已通知{level|${LEVELS}}（{n:n} 人）`,
      'nobody to tell at {skipped}: told {level} ({n} people)',
    ),
    template(`已通知{level|${LEVELS}}（{n:n} 人）`, 'told {level} ({n} people)'),
    template('无可通知人员', 'nobody to tell'),
    template('处置时强制解除', 'force-cleared on closing'),
  ],
  { 整改责任人: 'the enterprise', 网格员: 'the grid worker', 安监办: 'the safety office', 园区管理员: 'the zone admin' },
);
/** A timeline comment for `lang` (people's own comments stay as written). */
export function timelineComment(text: string | null, lang: TextLang): string | null {
  return TIMELINE.render(text, lang);
}
/** A timeline actor's name for `lang` (the system is 物联网平台 / IoT platform; people's names as entered). */
export function timelineActor(name: string, lang: TextLang): string {
  return lang === 'en' && name === '物联网平台' ? 'IoT platform' : name;
}
