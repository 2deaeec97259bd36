import { HAZARD_STATUS_LABELS, HAZARD_STATUS_LABELS_EN, INCIDENT_TYPE_LABELS, IOT_QUANTITY_SPECS } from '@yuanan/contracts';
import { StoredText, template, type TextLang } from '../../core/i18n/stored-text.ts';
import { TASK_DETAILS, TASK_TITLES } from '../tasks/task-text.ts';

/**
 * In-app notifications are stored in Chinese as the modules compose them (hazard.jobs.ts, the escalation sweep,
 * enterprise.jobs.ts, change-request.notify.ts, the inspections status sweep in generation.ts); the bell's list
 * renders them for a reader of English from these templates (core/i18n/stored-text.ts says why). Names, codes and
 * descriptions stay as entered. WeChat and SMS messages go out in Chinese (their templates are approved in Chinese).
 */
const HAZARD_TITLES: Record<string, string> = {
  新隐患待确认: 'New hazard to confirm',
  '隐患已确认，请按期整改': 'Hazard confirmed: rectify by the deadline',
  上报的隐患未予认定: 'The hazard you reported was dismissed',
  '整改已提交，待复核': 'Rectification submitted, to review',
  '隐患整改已复核通过，闭环': 'Rectification passed the review: closed',
  '整改复核未通过，请继续整改': 'Rectification failed the review: keep rectifying',
  隐患已即查即改: 'Hazard fixed on the spot',
  '隐患已重新打开，请整改': 'Hazard reopened: rectify it',
  整改延期申请待审批: 'Extension request to decide',
  延期申请已批准: 'Extension approved',
  延期申请未批准: 'Extension refused',
  重大隐患已挂牌督办: 'Major hazard placed under supervision',
  重大隐患申请验收: 'Major hazard: acceptance requested',
  隐患逾期未整改: 'Hazard overdue',
  隐患整改即将到期: 'Hazard due soon',
};
const words = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([zh, en]) => `${zh}=${en}`)
    .join('|');
const STATUS = words(
  Object.fromEntries(Object.entries(HAZARD_STATUS_LABELS).map(([k, zh]) => [zh, HAZARD_STATUS_LABELS_EN[k as 'closed']])),
);

// IoT alarms (iot/alarm-notices.ts): quantities and severities in fixed words; names stay as entered.
const QUANTITY = words(Object.fromEntries(Object.values(IOT_QUANTITY_SPECS).map((q) => [q.label, q.labelEn])));
const ALARM_WHAT = words({ 二级报警: 'level-2 alarm', 一级报警: 'level-1 alarm', 快速上升: 'rising fast', 设备离线: 'offline' });
// Incidents (incidents/incident.service.ts, incident.jobs.ts): the incident type in fixed words; drills start 【演练】.
const INCIDENT_TYPE = words(Object.fromEntries(Object.values(INCIDENT_TYPE_LABELS).map((l) => [l.zh, l.en])));
// Incident dispatch and warnings (incidents/dispatch-notices.ts): "…发生{type}" in a sentence.
const DISPATCH_TYPE = words({
  火灾: 'a fire',
  爆炸: 'an explosion',
  '泄漏/中毒': 'a leak / poisoning',
  有限空间事故: 'a confined-space accident',
  '洪涝/台风': 'a flood / typhoon',
  机械伤害: 'a mechanical injury',
  触电: 'an electric shock',
  突发事件: 'an emergency',
});
/** The same words starting a sentence (the downwind warning). */
/** The 8-point compass of the downwind warning (domain compassName). */
const COMPASS = words({
  北: 'north',
  东北: 'north-east',
  东: 'east',
  东南: 'south-east',
  南: 'south',
  西南: 'south-west',
  西: 'west',
  西北: 'north-west',
});
const WARNING_TYPE = words({
  火灾: 'A fire',
  爆炸: 'An explosion',
  '泄漏/中毒': 'A leak / poisoning',
  有限空间事故: 'A confined-space accident',
  '洪涝/台风': 'A flood / typhoon',
  机械伤害: 'A mechanical injury',
  触电: 'An electric shock',
  突发事件: 'An emergency',
});

const TITLES = new StoredText([
  template(`{what|${words(HAZARD_TITLES)}}：{code}`, '{what}: {code}'),
  template('企业档案变更待审核：{enterprise}', 'Enterprise file change to approve: {enterprise}'),
  template('档案变更已通过：{enterprise}', 'File change approved: {enterprise}'),
  template('档案变更未通过：{enterprise}', 'File change refused: {enterprise}'),
  template('持证人员证书已过期', 'A certified worker’s certificate has expired'),
  template('特种作业证即将到期', 'A special-work certificate expires soon'),
  template('应急物资已过期', 'An emergency supply has expired'),
  // inspections (generation.ts, the status sweep): inspection.missed, inspection.dueSoon
  template('检查任务逾期未检：{n:n} 项', 'Inspections missed: {n}'),
  template('检查任务即将到期', 'An inspection is due soon'),
  // duty (duty.service.ts swaps and leave, duty.jobs.ts reminders and gaps)
  template('换班申请待您确认', 'A swap request for you to answer'),
  template('换班申请待审批', 'A swap to approve'),
  template('对方已同意换班，待审批', 'Your colleague accepted the swap: awaiting approval'),
  template('对方拒绝了换班申请', 'Your colleague declined the swap'),
  template('换班已批准', 'Swap approved'),
  template('换班未获批准', 'Swap rejected'),
  template('换班申请已撤回', 'Swap request withdrawn'),
  template('请假申请待审批', 'Leave to approve'),
  template('请假已批准', 'Leave approved'),
  template('请假未获批准', 'Leave rejected'),
  template('值班提醒', 'Duty reminder'),
  template('值班缺口：{n:n} 个班次', 'Duty gaps: {n} shifts'),
  // equipment room (equipment.service.ts requests, recall, nudge; equipment-sweep.ts overdue, escalation)
  template('器材借用申请待审批：{who}', 'Equipment request to decide: {who}'),
  template('器材借用申请已批准', 'Equipment request approved'),
  template('器材借用申请未获批准', 'Equipment request refused'),
  template('器材紧急召回：{unit}', 'Equipment recalled: {unit}'),
  template('器材逾期未还，请尽快归还', 'Borrowed equipment overdue: return it'),
  template('器材借用提醒', 'Equipment loan reminder'),
  template('借用器材逾期未还：{n:n} 件', 'Borrowed equipment overdue: {n} units'),
  template('器材逾期超过 {d:n} 天：{n:n} 件', 'Equipment overdue more than {d} days: {n} units'),
  // IoT alarms (iot/alarm-notices.ts)
  template(
    '{what|二级报警=Level-2 alarm|一级报警=Level-1 alarm|快速上升报警=Rising-fast alarm|设备离线=Device offline}：{device}',
    '{what}: {device}',
  ),
  template('报警升级为二级：{device}', 'Alarm rose to level 2: {device}'),
  template('报警待您处置：{device}', 'Alarm assigned to you: {device}'),
  template('报警未确认，已升级：{device}', 'Unacknowledged alarm escalated: {device}'),
  // incidents (incident.service.ts SOS / desk intake / 续报, incident.jobs.ts reporting clock)
  template(`【演练】一键求救：{type|${INCIDENT_TYPE}}（{where}）`, '[Drill] SOS: {type} ({where})'),
  template(`一键求救：{type|${INCIDENT_TYPE}}（{where}）`, 'SOS: {type} ({where})'),
  template(`【演练】新事件：{type|${INCIDENT_TYPE}}（{where}）`, '[Drill] New incident: {type} ({where})'),
  template(`新事件：{type|${INCIDENT_TYPE}}（{where}）`, 'New incident: {type} ({where})'),
  template('事故上报时限将到：{no}（剩余 {n:n} 分钟）', 'Authority report due soon: {no} ({n} min left)'),
  template('事故上报已超时：{no}', 'Authority report overdue: {no}'),
  template('伤亡情况变化，请续报：{no}', 'Casualties changed, send a follow-up report: {no}'),
  // incident dispatch and warnings (incidents/dispatch-notices.ts): the drill's form first
  template('【演练】应急调派：{no}', '[Drill] Dispatched: {no}'),
  template('应急调派：{no}', 'Dispatched: {no}'),
  template('【演练】调派超时未确认：{no}', '[Drill] Dispatch not acknowledged: {no}'),
  template('调派超时未确认：{no}', 'Dispatch not acknowledged: {no}'),
  template('【演练】调派已超时：{no}', '[Drill] Your dispatch timed out: {no}'),
  template('调派已超时：{no}', 'Your dispatch timed out: {no}'),
  template('【演练】人员清点未回复：{no}', '[Drill] Roll call not answered: {no}'),
  template('人员清点未回复：{no}', 'Roll call not answered: {no}'),
  template('【演练】人员清点：{no}', '[Drill] Roll call: {no}'),
  template('人员清点：{no}', 'Roll call: {no}'),
  template('【演练】下风向预警：{no}', '[Drill] Downwind warning: {no}'),
  template('下风向预警：{no}', 'Downwind warning: {no}'),
  // webhooks (webhooks/webhook-delivery.ts): a subscription disabled after failures
  template('Webhook 订阅已自动停用：{name}', 'Webhook subscription disabled automatically: {name}'),
]);

const BODIES = new StoredText([
  template(
    '连续 {n:n} 次投递失败，最后错误：{error}。请检查接收地址后重新启用。',
    '{n} deliveries in a row failed; the last error: {error}. Check the receiver, then re-enable the subscription.',
  ),
  template(
    `{enterprise}：{description}（{grade|重大隐患=major hazard|一般隐患=general hazard}，期限 {deadline}，{status|${STATUS}}）`,
    '{enterprise}: {description} ({grade}, deadline {deadline}, {status})',
  ),
  template('{enterprise}：{description}（期限 {deadline}）', '{enterprise}: {description} (deadline {deadline})'),
  template(
    '{enterprise}的{person}申请修改{fields}，请在「企业变更审核」中核对后通过或驳回。',
    '{person} of {enterprise} asks to change {fields}: check and approve or refuse it under “Change approvals”.',
  ),
  template(
    '您申请修改的{fields}已通过审核并生效。意见：{comment}',
    'Your change of {fields} was approved and applies. Comment: {comment}',
  ),
  template('您申请修改的{fields}已通过审核并生效。', 'Your change of {fields} was approved and applies.'),
  template('您申请修改的{fields}未通过审核。意见：{comment}', 'Your change of {fields} was refused. Comment: {comment}'),
  template('您申请修改的{fields}未通过审核。', 'Your change of {fields} was refused.'),
  template(
    '{enterprise}：{person}的{category}证书已于 {date} 到期，过期证书上岗属于事故隐患，请督促复审或换证。',
    '{enterprise}: the {category} certificate of {person} expired on {date}; working with an expired certificate is a hazard — have it renewed.',
  ),
  template(
    '{person}的{category}证书（{number}）将于 {date} 到期，请及时办理复审或换证。',
    'The {category} certificate of {person} ({number}) expires on {date}: renew it in time.',
  ),
  template(
    '{name}（{location}）已于 {date} 过期，请更换或补充。',
    '{name} ({location}) expired on {date}: replace or restock it.',
  ),
  // inspection.missed names up to three enterprises, then how many in all (the longer form first).
  template(
    '{enterprises} 等 {n:n} 家企业的检查任务已过完成期限仍未检查，请督促或重新安排。',
    'Not inspected by the complete-by date: {enterprises} and others, {n} enterprises in all. Follow up or reschedule.',
  ),
  template(
    '{enterprises}的检查任务已过完成期限仍未检查，请督促或重新安排。',
    'Not inspected by the complete-by date: {enterprises}. Follow up or reschedule.',
  ),
  template('{enterprise}的检查任务请于 {date} 前完成。', 'Complete the inspection of {enterprise} by {date}.'),
  // duty: the longer forms first
  template(
    '{who}申请与您换班：{slot} 起的班次，换您 {other} 起的班次。',
    '{who} asks to swap with you: the shift from {slot}, for yours from {other}.',
  ),
  template('{who}申请与您换班：{slot} 起的班次（由您替班）。', '{who} asks you to cover the shift from {slot}.'),
  template('{slot} 起的班次换班已经双方同意，请审批。', 'Both colleagues agreed to swap the shift from {slot}: approve it.'),
  template('{slot} 起的班次。意见：{note}', 'The shift from {slot}. Comment: {note}'),
  template('{slot} 起的班次。', 'The shift from {slot}.'),
  template('{who}申请请假：{from} 至 {to}。', '{who} asks for leave from {from} to {to}.'),
  template('请在值班表中查看。', 'See the duty roster.'),
  template('{team}：您的班次 {from} 至 {to}，请按时到岗签到。', '{team}: your shift from {from} to {to}; check in on time.'),
  template(
    '{team}：{slots} 等 {n:n} 个班次在岗人数少于 {min:n} 人，请安排替班。',
    '{team}: {slots} and others, {n} shifts in all, have fewer than {min} people on duty: arrange cover.',
  ),
  template(
    '{team}：{slots} 起的班次在岗人数少于 {min:n} 人，请安排替班。',
    '{team}: the shifts from {slots} have fewer than {min} people on duty: arrange cover.',
  ),
  // equipment room: names, asset tags and reasons stay as entered
  template(
    '{who}申请借用{items}（{from} 至 {to}），用途：{purpose}',
    '{who} asks to borrow {items} ({from} to {to}). Purpose: {purpose}',
  ),
  template(
    '您 {at} 提交的借用申请已批准，请于 {from} 起到器材室领取。',
    'Your request of {at} is approved: collect the gear at the equipment room from {from}.',
  ),
  template('您 {at} 提交的借用申请未获批准，原因：{reason}', 'Your request of {at} was refused. Reason: {reason}'),
  template(
    '因{reason}，器材室需立即收回您借用的{unit}，请尽快送回器材室。',
    'The equipment room needs {unit} back now ({reason}): bring it back as soon as you can.',
  ),
  template(
    '您借用的{unit}应于 {due} 归还，已逾期，请按时送回器材室。',
    '{unit} was due back on {due} and is overdue: bring it back to the equipment room.',
  ),
  template(
    '您借用的{unit}应于 {due} 归还，请按时送回器材室。',
    '{unit} is due back on {due}: bring it back to the equipment room on time.',
  ),
  template(
    '您借用的以下器材已逾期未还：{units}。请尽快送回器材室。',
    'These borrowed units are overdue: {units}. Bring them back to the equipment room.',
  ),
  template(
    '以下借出器材逾期超过 {d:n} 天仍未归还：{units}。请督促归还。',
    'Lent equipment overdue more than {d} days: {units}. Follow up.',
  ),
  // IoT alarms (iot/alarm-notices.ts): the escalation's longer forms first
  template(
    `{where}：{quantity|${QUANTITY}} {value}，{what|${ALARM_WHAT}}，已 {n:n} 分钟未确认。请立即确认并处置。`,
    '{where}: {quantity} {value}, {what}, unacknowledged for {n} min. Acknowledge and handle it now.',
  ),
  template(
    '{where}：设备离线已 {n:n} 分钟未确认。请检查设备供电和通信。',
    '{where}: offline, unacknowledged for {n} min. Check the device’s power and link.',
  ),
  template(
    `{where}：{quantity|${QUANTITY}} {value}，{what|${ALARM_WHAT}}。请立即确认并处置。`,
    '{where}: {quantity} {value}, {what}. Acknowledge and handle it now.',
  ),
  template(
    '{where}：设备离线，最后上报 {at}。请检查设备供电和通信。',
    '{where}: the device is offline, last report {at}. Check its power and link.',
  ),
  // incidents: the drill's form first
  template(
    '【演练】{no}：{description}。报警人 {who}，{at} 接报。请立即核实并调派。',
    '[Drill] {no}: {description}. Reported by {who} at {at}. Verify and dispatch now.',
  ),
  template(
    '{no}：{description}。报警人 {who}，{at} 接报。请立即核实并调派。',
    '{no}: {description}. Reported by {who} at {at}. Verify and dispatch now.',
  ),
  template(
    '{no}（{what}）须于 {at} 前向应急管理部门报告（生产安全事故报告和调查处理条例第九条）。',
    '{no} ({what}) must be reported to the emergency management authority by {at} (Regulation on the Reporting and Investigation of Production Safety Accidents, Art. 9).',
  ),
  template(
    '{no}（{what}）于 {at} 接报，已超过 1 小时上报时限仍未登记上报。请立即向应急管理部门报告并在系统中登记。',
    '{no} ({what}) was learned of at {at}; the 1-hour report deadline has passed and no report is recorded. Report to the authority now and record it here.',
  ),
  template(
    '{no}的伤亡或损失已变化（死亡 {d:n} 人，失踪 {m:n} 人，重伤 {s:n} 人），请于 {at} 前向应急管理部门续报。',
    '{no}: casualties or loss changed ({d} dead, {m} missing, {s} seriously injured); send a follow-up report to the authority by {at}.',
  ),
  // incident dispatch and warnings (incidents/dispatch-notices.ts)
  template(
    `{where}发生{type|${DISPATCH_TYPE}}，您已被调派出动，请在 {n:n} 分钟内确认。`,
    'You are dispatched to {type} at {where}: acknowledge within {n} min.',
  ),
  template(
    '{who} 未在 {n:n} 分钟内确认出动，无可替补的值班人员，请人工调派。',
    '{who} did not acknowledge within {n} min and nobody on duty is free to replace them: dispatch someone by hand.',
  ),
  template(
    '{who} 未在 {n:n} 分钟内确认出动，已改派 {r}。',
    '{who} did not acknowledge within {n} min; {r} was dispatched instead.',
  ),
  template(
    '您未在 {n:n} 分钟内确认出动，任务已由 {r} 接替，无需再出发。',
    'You did not acknowledge within {n} min; {r} took over, so you need not go.',
  ),
  template(
    '您未在 {n:n} 分钟内确认出动，暂无人接替。如能出警，请立即补确认并联系值班台。',
    'You did not acknowledge within {n} min and nobody has taken over: if you can go, acknowledge now and call the duty desk.',
  ),
  template('请在 {n:n} 分钟内确认您在现场平安。', 'Confirm within {n} min that you are safe on scene.'),
  template(
    '{names} 未在 {n:n} 分钟内回复人员清点，请立即联系确认。',
    '{names} did not answer the roll call within {n} min: contact them now.',
  ),
  template(
    `【演练】园区发生{type|${WARNING_TYPE}}，事发地即贵单位，请立即启动本单位应急预案、组织下风向人员撤离，并确认收到。`,
    '[Drill] {type} at your own site: start your emergency plan, get your people out of the downwind area, and acknowledge.',
  ),
  template(
    `园区发生{type|${WARNING_TYPE}}，事发地即贵单位，请立即启动本单位应急预案、组织下风向人员撤离，并确认收到。`,
    '{type} at your own site: start your emergency plan, get your people out of the downwind area, and acknowledge.',
  ),
  template(
    `【演练】园区发生{type|${WARNING_TYPE}}，贵单位位于事发点{dir|${COMPASS}}方向约 {d:n} 米，处于下风向，请立即关闭门窗、停止室外作业、做好疏散准备，并确认收到。`,
    '[Drill] {type} in the zone: you are about {d} m {dir} of it, downwind. Close doors and windows, stop outdoor work, prepare to evacuate, and acknowledge.',
  ),
  template(
    `园区发生{type|${WARNING_TYPE}}，贵单位位于事发点{dir|${COMPASS}}方向约 {d:n} 米，处于下风向，请立即关闭门窗、停止室外作业、做好疏散准备，并确认收到。`,
    '{type} in the zone: you are about {d} m {dir} of it, downwind. Close doors and windows, stop outdoor work, prepare to evacuate, and acknowledge.',
  ),
  template(
    `【演练】园区发生{type|${WARNING_TYPE}}，贵单位处于下风向影响范围，请立即关闭门窗、停止室外作业、做好疏散准备，并确认收到。`,
    '[Drill] {type} in the zone: you are in the downwind area. Close doors and windows, stop outdoor work, prepare to evacuate, and acknowledge.',
  ),
  template(
    `园区发生{type|${WARNING_TYPE}}，贵单位处于下风向影响范围，请立即关闭门窗、停止室外作业、做好疏散准备，并确认收到。`,
    '{type} in the zone: you are in the downwind area. Close doors and windows, stop outdoor work, prepare to evacuate, and acknowledge.',
  ),
  // (the wording before the direction was added, for warnings stored earlier)
  template(
    `【演练】园区发生{type|${WARNING_TYPE}}，贵单位位于事故下风向约 {d:n} 米，请立即关闭门窗、停止室外作业、做好疏散准备，并确认收到。`,
    '[Drill] {type} in the zone: you are about {d} m downwind. Close doors and windows, stop outdoor work, prepare to evacuate, and acknowledge.',
  ),
  template(
    `园区发生{type|${WARNING_TYPE}}，贵单位位于事故下风向约 {d:n} 米，请立即关闭门窗、停止室外作业、做好疏散准备，并确认收到。`,
    '{type} in the zone: you are about {d} m downwind. Close doors and windows, stop outdoor work, prepare to evacuate, and acknowledge.',
  ),
]);

/** A task's sentence inside a notification (task.notify.ts quotes the task's title or detail). */
const taskPart = (text: string) => {
  const title = TASK_TITLES.render(text, 'en')!;
  return title !== text ? title : TASK_DETAILS.render(text, 'en')!;
};
const NEW_TASK = /^新待办：([\s\S]*)$/;
const NEW_TASK_BODY = /^([\s\S]*?)：([\s\S]*)。请及时处理，其他待办见首页「待办事项」。$/;

/** A notification's title and body in `lang` (stored Chinese, rendered on read). */
export function notificationText(n: { title: string; body: string }, lang: TextLang): { title: string; body: string } {
  if (lang === 'en') {
    const t = NEW_TASK.exec(n.title);
    const b = NEW_TASK_BODY.exec(n.body);
    if (t) {
      return {
        title: `New to-do: ${taskPart(t[1]!)}`,
        body: b
          ? `${b[1]}: ${taskPart(b[2]!)}. Please see to it; other to-dos are on the workbench.`
          : BODIES.render(n.body, lang)!,
      };
    }
  }
  return { title: TITLES.render(n.title, lang)!, body: BODIES.render(n.body, lang)! };
}
