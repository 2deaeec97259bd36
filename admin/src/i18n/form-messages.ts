import type { Lang } from './i18n.tsx';

/**
 * What a form says about a required field left empty, when the field gives no message of its own. antd's default
 * is "请输入{label}" for every control — also for a select or a date ("请输入等级" on a drop-down). The console
 * words it so it fits any control; a field that wants "请选择…" gives its own message.
 */
export function formValidateMessages(lang: Lang) {
  return lang === 'en' ? { required: '${label} is required' } : { required: '${label}为必填项' };
}
