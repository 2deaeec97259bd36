import type { CreditCodeIssue, PhoneResult } from '@yuanan/domain';

/** A sentence for people in both languages of the product (zh-CN first). */
export interface LocalText {
  zh: string;
  en: string;
}

/** The two languages the api and apps speak; zh-CN is the default. */
export type MessageLang = 'zh-CN' | 'en';

/**
 * English for every fixed Chinese message the contracts attach to a field (`{ message: '…' }` on a regex,
 * refine or min). Zod shows the schema's own message whatever the locale, so the api translates it by this table;
 * a test fails when a contract message has no entry here. Messages built at parse time carry their English in
 * the issue's `params.en` instead (see {@link localIssue}).
 */
export const CONTRACT_MESSAGES_EN: Readonly<Record<string, string>> = {
  请填写名称: 'Enter a name',
  没有要修改的内容: 'Nothing to change',
  '只支持 http:// 或 https:// 地址': 'Only http:// or https:// addresses',
  事件不能重复: 'Each event only once',
  '行业代码应为 GB/T 4754 代码，如 C2614': 'The industry code is a GB/T 4754 code such as C2614',
  有效期至须晚于发证日期: 'The expiry date must be after the issue date',
  'GB/T 38565 代码为 7 位数字': 'A GB/T 38565 code has 7 digits',
  '请描述隐患（至少 4 个字）': 'Describe the hazard (at least 4 characters)',
  即查即改须上传整改后照片: 'A hazard fixed on the spot needs a photo after the fix',
  '用户名须为 3–32 位字母、数字或 _.-，以字母开头': 'A username is 3–32 letters, digits or _.- and starts with a letter',
  '邀请码为 8 位字母或数字': 'An invitation code is 8 letters or digits',
  '阈值须满足 红 > 橙 > 黄': 'Thresholds must satisfy red > orange > yellow',
  '园区代码须为 2–32 位小写字母、数字或连字符，以字母开头':
    'A zone code is 2–32 lower-case letters, digits or dashes and starts with a letter',
  无效的时区: 'Unknown time zone',
  '纬度应在 -90 到 90 之间': 'The latitude is between -90 and 90',
  '经度应在 -180 到 180 之间': 'The longitude is between -180 and 180',
  半径须为整数米: 'The radius is a whole number of metres',
  '计划日期应在 2000-01-01 至 2099-12-31 之间': 'A plan date is between 2000-01-01 and 2099-12-31',
  '时间应在 2000 年至 2099 年之间': 'A time is between the years 2000 and 2099',
  '瓦片地址须以 http:// 或 https:// 开头': 'A tile address starts with http:// or https://',
  '瓦片地址须包含 {z}、{x}、{y}': 'A tile address contains {z}, {x} and {y}',
  危险性类别重复: 'A hazard category is listed twice',
  '范围须为 4 个数：西,南,东,北（平面图为 x0,y0,x1,y1）':
    'The area is 4 numbers: west,south,east,north (x0,y0,x1,y1 on the site plan)',
  '范围的南边须不大于北边（平面图 y0 ≤ y1）': 'The south edge must not exceed the north edge (y0 ≤ y1 on the site plan)',
  '时间格式应为 HH:mm': 'A time is HH:mm (00:00–23:59)',
  '月份格式应为 YYYY-MM': 'A month is YYYY-MM',
  '日期应在 1949-10-01 至 2099-12-31 之间': 'A date is between 1949-10-01 and 2099-12-31',
  '年份应为 2000 至 2100 之间的四位数字，如 2026': 'A year is four digits from 2000 to 2100, such as 2026',
  // API keys (api-keys.ts)
  权限范围不能重复: 'Each scope may be listed once',
};

/** A zod issue as much as this module needs of it. */
export interface IssueLike {
  code?: string;
  message: string;
  params?: Record<string, unknown> | undefined;
}

/** The issue's message in `lang`: its `params.en`, or the table above, or the message as it is. */
export function issueMessage(issue: IssueLike, lang: MessageLang): string {
  if (lang !== 'en') return issue.message;
  const en = issue.params?.['en'];
  if (typeof en === 'string') return en;
  return CONTRACT_MESSAGES_EN[issue.message] ?? issue.message;
}

/** What `ctx.addIssue` needs for a custom issue that speaks both languages. */
export function localIssue(text: LocalText, path?: (string | number)[]) {
  return { code: 'custom' as const, message: text.zh, params: { en: text.en }, ...(path ? { path } : {}) };
}

type PhoneFailure = Extract<PhoneResult, { ok: false }>;

/** Says what is wrong with a phone number, for the person who typed it. */
export function phoneProblemText(r: PhoneFailure): LocalText {
  switch (r.problem) {
    case 'empty':
      return { zh: '请填写电话号码', en: 'Enter a phone number' };
    case 'chars': {
      const ch = visible(r.char ?? '');
      return {
        zh: `电话号码中不能有“${ch}”（只填一个号码，数字间可用空格或短横线）`,
        en: `"${ch}" cannot be part of a phone number (one number only; spaces or dashes between digits are fine)`,
      };
    }
    case 'foreign':
      return { zh: '只能填写中国大陆的号码（+86）', en: 'Only mainland China numbers (+86) are accepted' };
    case 'mobile_length':
      return {
        zh: `手机号应为 11 位，这里是 ${r.digits} 位`,
        en: `A mobile number has 11 digits; this one has ${r.digits}`,
      };
    case 'mobile_prefix':
      return { zh: '手机号应以 13–19 开头', en: 'A mobile number starts with 13–19' };
    case 'short_service':
      return {
        zh: '110、12345、955xx 这类服务号码不能作为联系电话，请填手机号或固定电话',
        en: 'Service numbers such as 110, 12345 or 955xx cannot be a contact; enter a mobile or a fixed line',
      };
    case 'area_code':
      return {
        zh: '区号不正确：固定电话的区号是 010、02X 或 0XXX，如 0579-85201234',
        en: 'Wrong area code: fixed lines start with 010, 02X or 0XXX, e.g. 0579-85201234',
      };
    case 'area_code_missing':
      return { zh: '固定电话请加上区号，如 0579-85201234', en: 'Add the area code to a fixed line, e.g. 0579-85201234' };
    case 'local_number':
      return {
        zh: '号码位数不对：手机号为 11 位；固定电话为区号加 7–8 位号码（不以 0、1 开头），如 0579-85201234',
        en: 'Wrong number of digits: a mobile has 11; a fixed line is an area code and 7–8 digits not starting with 0 or 1, e.g. 0579-85201234',
      };
    case 'extension':
      return {
        zh: '分机号只能跟在固定电话后面，最多 6 位，如 0579-85201234-8001',
        en: 'An extension follows a fixed line only and has at most 6 digits, e.g. 0579-85201234-8001',
      };
    case 'not_mobile':
      return {
        zh: '这里需要手机号（11 位，以 1 开头），不能填固定电话或服务号码',
        en: 'A mobile number is needed here (11 digits starting with 1), not a fixed line or a service number',
      };
  }
}

const LOOKALIKE: Record<string, string> = { I: '1', O: '0', S: '5', Z: '2' };

/** Says what is wrong with a credit code: the character and its position, the length, or the check character. */
export function creditCodeProblemText(issue: CreditCodeIssue): LocalText {
  switch (issue.problem) {
    case 'charset': {
      const ch = visible(issue.char);
      const digit = LOOKALIKE[issue.char];
      return {
        zh:
          `第 ${issue.position} 位“${ch}”不允许：统一社会信用代码只用数字和大写字母（不含 I、O、S、V、Z）` +
          (digit ? `，是否应为数字 ${digit}？` : ''),
        en:
          `Character ${issue.position}, "${ch}", is not allowed: credit codes use digits and capital letters except I, O, S, V, Z` +
          (digit ? ` (the digit ${digit}?)` : ''),
      };
    }
    case 'length':
      return {
        zh: `统一社会信用代码应为 18 位，这里是 ${issue.length} 位`,
        en: `A credit code has 18 characters; this one has ${issue.length}`,
      };
    case 'check':
      return {
        zh: '统一社会信用代码校验位（第 18 位）不符，请逐位核对是否有抄错的字符',
        en: 'The check character (the 18th) does not match: one of the characters was probably copied wrong',
      };
  }
}

/** Says what is wrong with a CAS number. */
export function casProblemText(problem: 'format' | 'check'): LocalText {
  return problem === 'format'
    ? { zh: 'CAS 号应为三段数字，如 7664-41-7', en: 'A CAS number is three groups of digits, e.g. 7664-41-7' }
    : {
        zh: 'CAS 号校验位（最后一位）不符，请核对是否抄错',
        en: 'The CAS check digit (the last one) does not match: check it was copied right',
      };
}

/** An invisible or blank character shown by its code point, so a message can name it. */
function visible(ch: string): string {
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch) ? ch : `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
