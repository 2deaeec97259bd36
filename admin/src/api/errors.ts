import { ApiError } from '@yuanan/sdk';
import type { FormInstance } from 'antd';
import { getLang } from '../i18n/i18n.tsx';

const CJK = /[\u4e00-\u9fff]/;

/**
 * A readable sentence for anything a call may throw. In Chinese, a detail the api wrote for people (in Chinese,
 * e.g. "重大隐患须先提交治理方案") follows the general message; English details are for logs and stay out.
 */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const detail = e.problem?.detail;
    if (getLang() === 'zh-CN' && detail && CJK.test(detail) && !e.message.includes(detail) && !Object.keys(e.fieldErrors).length)
      return `${e.message}：${detail}`;
    return e.message;
  }
  if (e instanceof Error && e.message) return e.message;
  return getLang() === 'en' ? 'Request failed' : '请求失败';
}

/**
 * Puts the api's field errors on the form's fields. `fields` maps an api path (`admin.password`) to the form
 * field name it is shown on. Returns true when a field got its message, so the caller can skip a toast.
 */
export function applyFieldErrors(form: FormInstance, e: unknown, fields: Record<string, string | string[]>): boolean {
  if (!(e instanceof ApiError)) return false;
  const list = Object.entries(e.fieldErrors)
    .filter(([path]) => path in fields)
    .map(([path, message]) => ({ name: fields[path]!, errors: [message] }));
  if (!list.length) return false;
  form.setFields(list);
  return true;
}

/**
 * Puts every field error whose path names a field of the form on that field (`factors.l` → ['factors', 'l']);
 * `rename` maps api paths to other field names. Returns true when at least one field got its message.
 */
export function applyFormErrors(
  form: FormInstance,
  e: unknown,
  rename: Record<string, string | (string | number)[]> = {},
): boolean {
  if (!(e instanceof ApiError)) return false;
  const present = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
  const list: { name: (string | number)[] | string; errors: string[] }[] = [];
  for (const [path, message] of Object.entries(e.fieldErrors)) {
    const name = rename[path] ?? path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const first = Array.isArray(name) ? String(name[0]) : name;
    if (path in rename || present.has(first)) list.push({ name, errors: [message] });
  }
  if (!list.length) return false;
  form.setFields(list);
  return true;
}

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}
