import { HAZARD_SOURCE_LABELS } from '@yuanan/contracts';
import { ESCALATION_LEVEL_LABELS } from '@yuanan/domain';
import { StoredText, template, type TextLang } from '../../core/i18n/stored-text.ts';

/**
 * The hazard timeline's notes are stored in Chinese (the record as written, hash-chained in the audit trail);
 * the sentences the api composes are declared here with their English and rendered on read for a reader of
 * English (core/i18n/stored-text.ts says why). What people typed — a reason, a comment, a name — stays as typed.
 */
const SOURCES_EN: Record<string, string> = {
  self_check: 'self-check',
  grid_patrol: 'grid patrol',
  third_party: 'third-party inspection',
  safety_inspection: 'safety office inspection',
  iot_alarm: 'IoT alarm',
  report: 'public report',
  analogy: 'accident analogy',
  holiday: 'pre-holiday check',
  phone_complaint: 'phone complaint',
  authority_assigned: 'assigned by the authority',
};
const SOURCE_WORDS = Object.entries(HAZARD_SOURCE_LABELS)
  .map(([code, zh]) => `${zh}=${SOURCES_EN[code] ?? code.replace(/_/g, ' ')}`)
  .join('|');
const GRADE = '重大隐患=a major hazard|一般隐患=a general hazard';
const TREATMENT = '立即整改=to be fixed at once|限期整改=to be fixed by the deadline';
const LEVELS_EN: Record<string, string> = {
  responsible: 'the person responsible',
  grid_worker: 'the grid worker',
  safety_office: 'the safety office',
  zone_admin: 'the zone administrator',
};

const NOTES = new StoredText(
  [
    template(
      `来源：{source|${SOURCE_WORDS}}。定为{grade|${GRADE}}，{treatment|${TREATMENT}}，期限 {deadline}，责任人 {responsible}`,
      'Source: {source}. Graded {grade}, {treatment}, deadline {deadline}, responsible: {responsible}',
    ),
    template(
      `定为{grade|${GRADE}}，{treatment|${TREATMENT}}，期限 {deadline}，责任人 {responsible}。{comment}`,
      'Graded {grade}, {treatment}, deadline {deadline}, responsible: {responsible}. {comment}',
    ),
    template(
      `定为{grade|${GRADE}}，{treatment|${TREATMENT}}，期限 {deadline}，责任人 {responsible}`,
      'Graded {grade}, {treatment}, deadline {deadline}, responsible: {responsible}',
    ),
    template('申请延期至 {date}：{reason}', 'Extension requested to {date}: {reason}'),
    template('期限延至 {date}', 'Deadline extended to {date}'),
    template('提交重大隐患治理方案：{comment}', 'Governance plan submitted: {comment}'),
    template('提交重大隐患治理方案', 'Governance plan submitted'),
    template('挂牌督办（{no}）：{comment}', 'Placed under supervision ({no}): {comment}'),
    template('挂牌督办（{no}）', 'Placed under supervision ({no})'),
    template('已报告负有安全生产监督管理职责的部门：{comment}', 'Reported to the supervising authority: {comment}'),
    template('已报告负有安全生产监督管理职责的部门', 'Reported to the supervising authority'),
    template('申请重大隐患治理验收：{comment}', 'Acceptance of the governance requested: {comment}'),
    template('申请重大隐患治理验收', 'Acceptance of the governance requested'),
  ],
  { 未注明: 'not given' },
);

/** "期限前 3 天", "到期", "逾期 1 天" (domain stageLabel) in English. */
function stageEn(stage: string): string {
  if (stage === '到期') return 'at the deadline';
  const m = /^(期限前|逾期) (\d+) (天|小时|分钟)$/.exec(stage);
  if (!m) return stage;
  const n = Number(m[2]);
  const unit = { 天: 'day', 小时: 'hour', 分钟: 'minute' }[m[3] as '天']!;
  const span = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return m[1] === '期限前' ? `${span} before the deadline` : `${span} overdue`;
}
const levelEn = (zh: string) => {
  const code = Object.entries(ESCALATION_LEVEL_LABELS).find(([, l]) => l === zh)?.[0];
  return code ? (LEVELS_EN[code] ?? zh) : zh;
};

/** An escalation note (escalation sweep): `逾期升级（逾期 1 天）：…已通知安监办（2 人）；已过时、不再单独发送：…`. */
function escalationEn(text: string): string | null {
  const m = /^(逾期升级|到期提醒)（([^）]*)）：(.*)$/s.exec(text);
  if (!m) return null;
  let rest = m[3]!;
  const parts: string[] = [];
  const gaps = /^(.+?)无可通知人员，/.exec(rest);
  if (gaps) {
    parts.push(`nobody to notify at ${gaps[1]!.split('、').map(levelEn).join(', ')}`);
    rest = rest.slice(gaps[0].length);
  }
  const merged = /；已过时、不再单独发送：(.*)$/.exec(rest);
  if (merged) rest = rest.slice(0, merged.index);
  const who = /^已通知(.+?)（(\d+) 人）$/.exec(rest);
  if (who) parts.push(`notified ${levelEn(who[1]!)} (${who[2]} ${who[2] === '1' ? 'person' : 'people'})`);
  else if (rest === '无人可通知（各级均无有效账号）') parts.push('nobody to notify (no active account at any level)');
  else if (rest) parts.push(rest);
  let out = `${m[1] === '逾期升级' ? 'Overdue escalation' : 'Deadline reminder'} (${stageEn(m[2]!)}): ${parts.join('; ')}`;
  if (merged) out += `; superseded, not sent separately: ${merged[1]!.split('、').map(stageEn).join(', ')}`;
  return out;
}

/** A timeline note in `lang`: composed sentences rendered in English, people's own words as written. */
export function timelineNote(comment: string | null | undefined, lang: TextLang): string | null {
  if (comment == null || lang !== 'en') return comment ?? null;
  return escalationEn(comment) ?? NOTES.render(comment, lang);
}

/** Who acted, for the timeline: the system's own entries are stored as 系统. */
export function timelineActor(name: string | null | undefined, lang: TextLang): string | null {
  if (name == null) return null;
  return lang === 'en' && name === '系统' ? 'System' : name;
}
