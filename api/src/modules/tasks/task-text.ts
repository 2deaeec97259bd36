import { StoredText, template, type TextLang } from '../../core/i18n/stored-text.ts';

/**
 * Task titles and details are stored in Chinese, written by the enterprise jobs and record rules from these
 * templates; a reader of English gets them rendered on read (see core/i18n/stored-text.ts for why).
 * The names in them (a supply, a person, a plan) are the enterprise's data and stay as entered.
 */
export const TASK_TITLES = new StoredText([
  template('应急物资不足：{name}', 'Emergency supply below minimum stock: {name}'),
  template('应急物资已过期：{name}', 'Emergency supply expired: {name}'),
  template('特种作业证已过期：{person}（{category}）', 'Special-work certificate expired: {person} ({category})'),
  template('应急演练逾期：{plan}', 'Emergency drill overdue: {plan}'),
  template('物联网设备标定已过期：{name}（{code}）', 'IoT device calibration expired: {name} ({code})'),
  template('物联网设备标定将到期：{name}（{code}）', 'IoT device calibration due soon: {name} ({code})'),
]);

export const TASK_DETAILS = new StoredText(
  [
    template(
      '现有 {quantity:n}{unit}，最低库存 {minimum:n}{unit2}（{location}）',
      'In stock {quantity} {unit}, minimum {minimum} {unit2} ({location})',
    ),
    template('有效期至 {date}（{location}）', 'Expires {date} ({location})'),
    template('证号 {number}，有效期至 {date}', 'Certificate no. {number}, valid until {date}'),
    template('上次演练 {last}，应于 {due} 前演练', 'Last drill {last}; due by {due}'),
    template('标定有效期至 {date}（{location}）', 'Calibration valid until {date} ({location})'),
  ],
  { 未注明地点: 'location not given', 无记录: 'none on record' },
);

/** A task's title and detail in `lang`. */
export function taskText(t: { title: string; detail?: string | null }, lang: TextLang): { title: string; detail: string | null } {
  return { title: TASK_TITLES.render(t.title, lang)!, detail: TASK_DETAILS.render(t.detail ?? null, lang) };
}
