import type { EscalationLevel } from '@yuanan/domain';
import type { TextLang } from '../../core/i18n/stored-text.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { ESCALATING, planOf } from './escalation/alarms.ts';
import type { Hazard } from './hazard.entity.ts';

const WHO: Record<EscalationLevel, { zh: string; en: string }> = {
  responsible: { zh: '责任人', en: 'the person responsible' },
  grid_worker: { zh: '网格员', en: 'the grid worker' },
  safety_office: { zh: '安监办', en: 'the safety office' },
  zone_admin: { zh: '园区管理员', en: 'the zone administrator' },
};

/** A stage's distance from the deadline in the largest whole unit: 1天 / 1 day, 12小时 / 12 hours, 30分钟. */
function span(seconds: number, lang: TextLang): string {
  const s = Math.abs(seconds);
  const [n, zh, en] =
    s % 86400 === 0
      ? [s / 86400, '天', 'day']
      : s % 3600 === 0
        ? [s / 3600, '小时', 'hour']
        : [Math.round(s / 60), '分钟', 'minute'];
  return lang === 'en' ? `${n} ${en}${n === 1 ? '' : 's'}` : `${n}${zh}`;
}

/**
 * A stage of the escalation plan in words, as the detail page shows it: 到期前1天提醒责任人 / 到期时通知网格员 /
 * 逾期1天升级至安监办 (English likewise). `target` is the level the stage reaches for this hazard (a major hazard's
 * start one level higher).
 */
export function escalationStageText(offsetSeconds: number, target: EscalationLevel, lang: TextLang): string {
  const who = WHO[target];
  if (lang === 'en') {
    if (offsetSeconds < 0) return `${span(offsetSeconds, lang)} before the deadline: remind ${who.en}`;
    if (offsetSeconds === 0) return `At the deadline: notify ${who.en}`;
    return `${span(offsetSeconds, lang)} overdue: escalate to ${who.en}`;
  }
  if (offsetSeconds < 0) return `到期前${span(offsetSeconds, lang)}${target === 'responsible' ? '提醒' : '通知'}${who.zh}`;
  if (offsetSeconds === 0) return `到期时通知${who.zh}`;
  return `逾期${span(offsetSeconds, lang)}升级至${who.zh}`;
}

/**
 * The hazard's next planned escalation (its alarm: `next_escalation_at` / `next_escalation_stage`), with the stage
 * in words under the zone's current policy; null when it escalates no more (closed, no deadline, every stage fired).
 */
export function nextEscalation(
  tenant: TenantInfo,
  h: Pick<Hazard, 'deadline' | 'grade' | 'status' | 'nextEscalationAt' | 'nextEscalationStage'>,
  lang: TextLang,
): { at: string; stage: string; label: string } | null {
  if (!h.nextEscalationAt || !h.nextEscalationStage || !h.deadline || !ESCALATING.includes(h.status)) return null;
  const stage = h.nextEscalationStage.trim();
  const def = tenant.settings.escalationPolicy.stages.find((s) => s.key === stage);
  const planned = planOf(tenant, h).find((s) => s.key === stage);
  return {
    at: h.nextEscalationAt.toISOString(),
    stage,
    label: def && planned ? escalationStageText(def.offsetSeconds, planned.target, lang) : stage,
  };
}
