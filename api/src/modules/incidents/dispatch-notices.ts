/**
 * The texts of the dispatch and warning notices (stored in Chinese; notifications/notification-text.ts renders them
 * in English). A drill's texts start with 【演练】 (shared design: drill texts are marked).
 */

import { compassName } from '@yuanan/domain';

/** The 【演练】 mark of a drill's texts. */
export const drillMark = (isDrill: boolean) => (isDrill ? '【演练】' : '');

/** To the member dispatched: where, what, and the acknowledgement deadline in minutes. */
export function dispatchNotice(i: { no: string; isDrill: boolean; typeLabel: string; where: string }, ackMinutes: number) {
  return {
    title: `${drillMark(i.isDrill)}应急调派：${i.no}`,
    body: `${i.where}发生${i.typeLabel}，您已被调派出动，请在 ${ackMinutes} 分钟内确认。`,
  };
}

/**
 * To the team leader(s) and the duty desk when a dispatch was not acknowledged in time: who, after how long, and
 * who replaces them (null: nobody available — dispatch by hand).
 */
export function escalationNotice(i: { no: string; isDrill: boolean }, who: string, minutes: number, replacement: string | null) {
  return {
    title: `${drillMark(i.isDrill)}调派超时未确认：${i.no}`,
    body: replacement
      ? `${who} 未在 ${minutes} 分钟内确认出动，已改派 ${replacement}。`
      : `${who} 未在 ${minutes} 分钟内确认出动，无可替补的值班人员，请人工调派。`,
  };
}

/**
 * To the member whose dispatch escalated: the truth of what happened — who took over (no need to go), or that nobody
 * did (a late ack is still taken and lets them go on).
 */
export function escalatedMemberNotice(i: { no: string; isDrill: boolean }, minutes: number, replacement: string | null) {
  return {
    title: `${drillMark(i.isDrill)}调派已超时：${i.no}`,
    body: replacement
      ? `您未在 ${minutes} 分钟内确认出动，任务已由 ${replacement} 接替，无需再出发。`
      : `您未在 ${minutes} 分钟内确认出动，暂无人接替。如能出警，请立即补确认并联系值班台。`,
  };
}

/** To each person on scene: the roll call (人员清点), to answer within `answerMinutes`. */
export function rollCallNotice(i: { no: string; isDrill: boolean }, answerMinutes: number) {
  return {
    title: `${drillMark(i.isDrill)}人员清点：${i.no}`,
    body: `请在 ${answerMinutes} 分钟内确认您在现场平安。`,
  };
}

/** To the duty desk: the people on scene who did not answer the roll call. */
export function rollCallMissedNotice(i: { no: string; isDrill: boolean }, names: string[], answerMinutes: number) {
  return {
    title: `${drillMark(i.isDrill)}人员清点未回复：${i.no}`,
    body: `${names.join('、')} 未在 ${answerMinutes} 分钟内回复人员清点，请立即联系确认。`,
  };
}

/**
 * The default text of a downwind warning (下风向预警) to an enterprise or a sensitive target: where it is from the
 * incident — direction in the domain's 8-point compassName (the same words as the desk's card) and distance in
 * metres — or, for the incident's own enterprise (`own`), that the incident is at its site (never "约 0 米"); for an
 * enterprise with no position on file (`placed` false), that it lies in the downwind area, with no direction.
 */
export function defaultWarningMessage(
  typeLabel: string,
  at: { distanceM: number; bearingDeg: number; own?: boolean; placed?: boolean },
) {
  if (at.own) return `园区发生${typeLabel}，事发地即贵单位，请立即启动本单位应急预案、组织下风向人员撤离，并确认收到。`;
  // an enterprise with no position on file: no direction or distance to give (never "北方向约 0 米")
  if (at.placed === false)
    return `园区发生${typeLabel}，贵单位处于下风向影响范围，请立即关闭门窗、停止室外作业、做好疏散准备，并确认收到。`;
  return `园区发生${typeLabel}，贵单位位于事发点${compassName(at.bearingDeg).zh}方向约 ${at.distanceM} 米，处于下风向，请立即关闭门窗、停止室外作业、做好疏散准备，并确认收到。`;
}

/** The notice of a downwind warning (in-app title; the body is the warning's message). */
export function warningNotice(i: { no: string; isDrill: boolean }, message: string) {
  return { title: `${drillMark(i.isDrill)}下风向预警：${i.no}`, body: message };
}
