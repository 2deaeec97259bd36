import {
  CONTRACT_MESSAGES_EN,
  HAZARD_STATUS_LABELS,
  HAZARD_STATUS_LABELS_EN,
  ROLE_LABELS,
  type HazardStatus,
  type LocalText,
  type MessageLang,
  type Role,
} from '@yuanan/contracts';
import { HAZARD_STATUSES } from '@yuanan/contracts';

/**
 * The user's language for every sentence a problem carries. New code passes a {@link LocalText} (`t(zh, en)`);
 * the sentences services already throw as plain strings (English or Chinese) are translated here, gettext-style:
 * the sentence is its own key, a few are templates. A sentence that has no translation and is not in the
 * caller's language is left out of the response (it is still logged with the request id), so nobody reads a
 * language they did not ask for. `problem-text.test.ts` fails when a throw site adds a sentence this file lacks.
 */

/** A sentence in both languages. */
export function t(zh: string, en: string): LocalText {
  return { zh, en };
}

const CJK = /[\u3400-\u9FFF\uF900-\uFAFF]/;

/** True when `text` can be shown to a reader of `lang` as it is. */
export function speaks(text: string, lang: MessageLang): boolean {
  return lang === 'en' ? !CJK.test(text) : CJK.test(text) || !/[A-Za-z]{2,}/.test(text);
}

/** Things a problem names: the argument of `notFound(what)` and the labels of enterprise records. */
export const NOUNS: Readonly<Record<string, LocalText>> = {
  enterprise: t('企业', 'enterprise'),
  invitation: t('邀请码', 'invitation'),
  grid: t('网格', 'grid'),
  user: t('用户', 'user'),
  hazard: t('隐患', 'hazard'),
  extension: t('延期申请', 'extension request'),
  zone: t('园区', 'zone'),
  webhook: t('Webhook 订阅', 'webhook subscription'),
  webhook_delivery: t('Webhook 投递记录', 'webhook delivery'),
  bureau: t('监管机构', 'supervising bureau'),
  'supervision grant': t('监管授权', 'supervision grant'),
  job: t('队列任务', 'job'),
  task: t('待办任务', 'task'),
  file: t('文件', 'file'),
  notification: t('通知', 'notification'),
  'catalog item': t('目录项', 'catalogue item'),
  'change request': t('变更申请', 'change request'),
  'saved view': t('保存的视图', 'saved view'),
  import: t('导入任务', 'import'),
  plan: t('应急预案', 'emergency plan'),
  session: t('会话', 'session'),
  'api key': t('API 密钥', 'API key'),
  联系人: t('联系人', 'contact'),
  持证人员: t('持证人员', 'certified worker'),
  危险化学品: t('危险化学品', 'hazardous chemical'),
  应急物资: t('应急物资', 'emergency supply'),
  应急队伍成员: t('应急队伍成员', 'emergency team member'),
  应急预案: t('应急预案', 'emergency plan'),
  演练记录: t('演练记录', 'drill'),
  风险点: t('风险点', 'risk point'),
  'export profile': t('报送口径', 'export profile'),
  'export target': t('报送任务', 'export target'),
  'export run': t('报送记录', 'export run'),
  'export file': t('报送文件', 'export file'),
};

function noun(what: string): LocalText {
  return NOUNS[what] ?? (CJK.test(what) ? t(what, 'record') : t('记录', what));
}

/** "X not found" for `notFound(what)`. */
export function notFoundText(what: string): LocalText {
  const n = noun(what);
  // A name that starts with Latin letters (Webhook 订阅, API 密钥) is set off by a space, as Chinese typesetting does.
  return t(`未找到该${/^[A-Za-z]/.test(n.zh) ? ' ' : ''}${n.zh}`, `${n.en.charAt(0).toUpperCase()}${n.en.slice(1)} not found`);
}

const ACTIONS_EN: Readonly<Record<string, string>> = {
  确认定级: 'confirm and grade',
  不予认定: 'dismiss',
  开始整改: 'start rectifying',
  提交整改: 'submit the rectification',
  复核通过: 'pass the review',
  复核不通过: 'fail the review',
  即查即改: 'fix on the spot',
  重新打开: 'reopen',
};
const STATUSES: Readonly<Record<string, LocalText>> = {
  ...Object.fromEntries(
    Object.entries(HAZARD_STATUS_LABELS).map(([k, zh]) => [k, t(zh, HAZARD_STATUS_LABELS_EN[k as HazardStatus])] as const),
  ),
  pending: t('待审批', 'pending'),
  approved: t('已批准', 'approved'),
  rejected: t('已驳回', 'rejected'),
  applied: t('已生效', 'applied'),
  cancelled: t('已撤回', 'cancelled'),
  stale: t('已过时', 'stale'),
};
const role = (r: string): LocalText => ROLE_LABELS[r as Role] ?? t(r, r);
const status = (s: string): LocalText => STATUSES[s] ?? t(s, s);

/** Fixed sentences thrown as plain strings, English or Chinese, with their other language. */
const FIXED: readonly LocalText[] = [
  // identity
  t('微信服务无响应，请稍后重试', 'WeChat did not answer'),
  t('企业角色须选择所属企业', 'enterprise roles need an enterprise'),
  t('该邀请码已被使用', 'already used'),
  t('平台运营账号不是园区用户', 'platform operators are not zone users'),
  t('用户名已存在', 'username taken'),
  t('不能停用自己或修改自己的角色', 'you cannot disable yourself or change your own role'),
  t('不能在园区角色与企业角色之间调整用户', 'cannot move a user between zone and enterprise roles'),
  t('该地址登录尝试次数过多', 'too many sign-in attempts from this address'),
  t('登录限流服务暂不可用', 'sign-in throttling unavailable'),
  t('尚未绑定二次验证', 'no second factor enrolled'),
  t('未找到该会话', 'session not found'),
  t('已启用二次验证', 'second factor already enabled'),
  t('请先绑定二次验证', 'enrol first'),
  t('本园区要求管理后台角色启用二次验证', 'this zone requires a second factor for console roles'),
  t('尚未启用二次验证', 'not enabled'),
  t('该微信已在本园区绑定账号', 'this WeChat account is already bound in this zone'),
  t('请选择企业', 'Choose an enterprise'),
  t('用户名已存在', 'The username is taken'),
  // passwords (core/auth/passwords.ts)
  t('至少 10 位', 'at least 10 characters'),
  t('最多 128 位', 'at most 128 characters'),
  t('须包含大写字母、小写字母、数字、符号中的至少三类', 'mix at least three of upper case, lower case, digits and symbols'),
  t('过于常见', 'too common'),
  t('不能包含用户名', 'must not contain the username'),
  // hazards
  t('隐患已被他人修改，请刷新后重试', 'the hazard changed since you loaded it'),
  t('重大隐患须先提交治理方案', 'A major hazard needs its governance plan first'),
  t('重大隐患须由企业申请验收后才能销号', 'A major hazard is closed only after the enterprise requests acceptance'),
  t('他人已先处理了该隐患，请刷新后重试', 'someone else acted on this hazard first'),
  t('只有整改中的隐患可以申请延期', 'Only a hazard being rectified can have its deadline extended'),
  t('已有待审批的延期申请', 'An extension request is already waiting for approval'),
  t('仅适用于重大隐患', 'Only for major hazards'),
  t('隐患已闭环', 'The hazard is already closed'),
  t('已挂牌督办', 'Already listed for supervision'),
  t('提交整改后才能申请验收', 'Acceptance can be requested once the rectification is submitted'),
  t('请先提交治理方案', 'Submit the governance plan first'),
  t('部分隐患未找到', 'some hazards were not found'),
  t('本园区没有该隐患类别', 'This zone has no such hazard category'),
  t('企业上报的隐患来源为“企业自查”', 'Hazards reported by an enterprise have the source "self-check"'),
  t('重大隐患不能即查即改，须制定治理方案', 'A major hazard cannot be fixed on the spot; it needs a governance plan'),
  t('请选择隐患等级', 'Choose the hazard grade'),
  t(`状态只能是 ${HAZARD_STATUSES.join('、')}`, `status must be one of: ${HAZARD_STATUSES.join(', ')}`),
  t(
    '日期应在 1950-01-01 至 2099-12-31 之间（长期有效请留空）',
    'Give a date from 1950-01-01 to 2099-12-31 (leave it empty when it never expires)',
  ),
  t(
    '符合重大事故隐患判定标准条款的隐患必须定为重大隐患',
    'A hazard that matches a clause of the major-hazard checklist must be graded major',
  ),
  t('整改期限不能早于今天', 'The deadline cannot be before today'),
  t('请填写整改责任人', 'Enter the person responsible'),
  t('请填写原因', 'Enter the reason'),
  t('请上传整改后照片', 'Upload photos taken after the fix'),
  t('请填写整改措施', 'Enter the measures taken'),
  t('请说明复核不通过的原因', 'Say why the review failed'),
  t('延期后的期限须晚于现期限', 'The new deadline must be after the current one'),
  // platform, tenants, files, risk
  t('只有失败的任务可以重试', 'only failed jobs can be retried'),
  t('总平面图须为图片', 'the site plan must be an image'),
  t('总平面图须为图片', 'The site plan must be an image'),
  t('未知的文件用途', 'unknown purpose'),
  t('链接签名无效', 'bad signature'),
  t('链接已过期', 'link expired'),
  t('角色是固定的，可以改名或停用', 'roles are fixed; rename or disable them instead'),
  t('园区管理员角色不能停用', 'the zone administrator role cannot be disabled'),
  t('LEC 需要 l、e、c 三个因子', 'LEC needs the factors l, e and c'),
  t('LS 需要 l、s 两个因子', 'LS needs the factors l and s'),
  t('L 须为 1–5 的整数', 'L must be a whole number from 1 to 5'),
  t('S 须为 1–5 的整数', 'S must be a whole number from 1 to 5'),
  // enterprises
  t('不能选择自身作为厂中厂的出租方', 'an enterprise cannot be its own landlord'),
  t('不能选择自身作为厂中厂的出租方', 'An enterprise cannot be its own landlord'),
  t('该统一社会信用代码已在本园区登记', 'This credit code is already registered in this zone'),
  t('企业档案已被他人修改，请刷新后重试', 'the enterprise file was changed by someone else'),
  t('CAS 号与 GB 18218 表1所选行不符', 'CAS does not match the GB 18218 row'),
  t('未知的 GB 18218 危险性类别', 'unknown GB 18218 category'),
  t('演练日期不能晚于今天', 'a drill cannot be in the future'),
  t('演练日期不能晚于今天', 'A drill cannot be in the future'),
  t('dryRun 须为 true 或 false', 'dryRun must be true or false'),
  t('请上传 .xlsx 文件', 'Upload an .xlsx file'),
  t('该证书编号已登记', 'This certificate number is already registered'),
  t('同一单元内已有同名化学品', 'This unit already has a chemical of that name'),
  t('同一存放地点已有同名物资', 'This place already stores a supply of that name'),
  // core
  t('Authorization 请求头须为 "Bearer <token>"', 'Authorization must be "Bearer <token>"'),
  t('需要先进入一个园区（以园区身份操作）', 'This needs a zone: act as a zone first'),
  t('仅平台运营可在园区之外操作', 'Only the platform operator, outside any zone'),
  t('响应不符合接口约定', 'response contract violation'),
  t('Idempotency-Key 须为 8–100 位字母、数字或 _-:.', 'Idempotency-Key must be 8–100 characters of [A-Za-z0-9_-:.]'),
  t('使用该 Idempotency-Key 的首次请求失败了，请重试', 'The first request with this Idempotency-Key failed; retry'),
  t('使用该 Idempotency-Key 的首次请求仍在处理中', 'The first request with this Idempotency-Key is still running'),
  t('引用的记录不存在或仍被引用', 'referenced record'),
  t('有数值超出了字段允许的范围', 'a value does not fit its field'),
];

interface Template {
  re: RegExp;
  text: (m: RegExpExecArray) => LocalText;
}

/** Sentences with a variable part, matched in either language. */
const TEMPLATES: readonly Template[] = [
  { re: /^WeChat: (.*)$/, text: (m) => t(`微信登录失败：${m[1]}`, `WeChat: ${m[1]}`) },
  {
    re: /^(\w+) cannot invite (\w+)$/,
    text: (m) => t(`${role(m[1]!).zh}不能邀请${role(m[2]!).zh}`, `${role(m[1]!).en} cannot invite ${role(m[2]!).en}`),
  },
  {
    re: /^role (\w+) is disabled in this zone$/,
    text: (m) => t(`本园区已停用角色“${role(m[1]!).zh}”`, `The role ${role(m[1]!).en} is disabled in this zone`),
  },
  { re: /^try again in (\d+) min$/, text: (m) => t(`请 ${m[1]} 分钟后再试`, `try again in ${m[1]} min`) },
  { re: /^locked for (\d+) min$/, text: (m) => t(`账号已锁定 ${m[1]} 分钟`, `locked for ${m[1]} min`) },
  {
    re: /^“(.+)” is not possible from (\w+)$/,
    text: (m) =>
      t(
        `当前状态（${status(m[2]!).zh}）下不能“${m[1]}”`,
        `You cannot ${ACTIONS_EN[m[1]!] ?? 'do that'} while the hazard’s status is “${status(m[2]!).en}”`,
      ),
  },
  {
    re: /^(\w+) may not (\w+)$/,
    text: (m) => t(`${role(m[1]!).zh}不能执行此操作`, `${role(m[1]!).en} may not ${m[2]!.replace(/_/g, ' ')}`),
  },
  { re: /^already (\w+)$/, text: (m) => t(`该申请${status(m[1]!).zh}`, `already ${status(m[1]!).en}`) },
  { re: /^(\w+):(\S+) exists$/, text: (m) => t(`已存在：${m[2]}`, `${m[2]} already exists`) },
  {
    re: /^unknown key-place tags: (.*)$/,
    text: (m) => t(`本园区没有这些标签：${m[1]!.replace(/, /g, '、')}`, `unknown key-place tags: ${m[1]}`),
  },
  {
    re: /^本园区没有这些标签：(.*)$/,
    text: (m) => t(`本园区没有这些标签：${m[1]}`, `This zone has no such tags: ${m[1]!.replace(/、/g, ', ')}`),
  },
  {
    re: /^(.+) already exists$/,
    text: (m) => t(`已存在相同的${noun(m[1]!).zh}`, `This ${noun(m[1]!).en} already exists`),
  },
  {
    re: /^已存在相同的(.+)$/,
    text: (m) => t(`已存在相同的${m[1]}`, `This ${noun(m[1]!).en} already exists`),
  },
  { re: /^(.+) not found$/, text: (m) => notFoundText(m[1]!) },
  {
    re: /^Role (\w+) lacks ([\w.]+)$/,
    text: (m) =>
      t(`角色“${role(m[1]!).zh}”没有执行此操作的权限（${m[2]}）`, `The role ${role(m[1]!).en} lacks the permission ${m[2]}`),
  },
  { re: /^判定标准中没有条款：(.*)$/, text: (m) => t(`判定标准中没有条款：${m[1]}`, `No such checklist clause: ${m[1]}`) },
  { re: /^purpose 须为 (.*)$/, text: (m) => t(`purpose 须为 ${m[1]}`, `purpose must be one of ${m[1]}`) },
  { re: /^([LECS]) 须为 ([\d./]+)$/, text: (m) => t(`${m[1]} 须为 ${m[2]}`, `${m[1]} must be one of ${m[2]}`) },
  {
    re: /^GB 18218 表1第(\d+)项的 CAS 号不是 (.*)$/,
    text: (m) =>
      t(`GB 18218 表1第${m[1]}项的 CAS 号不是 ${m[2]}`, `The CAS number of GB 18218 Table 1 row ${m[1]} is not ${m[2]}`),
  },
  {
    re: /^未知的危险性类别“(.*)”（应为 GB 18218 表2 的符号，如 W5.3、J2）$/,
    text: (m) =>
      t(
        `未知的危险性类别“${m[1]}”（应为 GB 18218 表2 的符号，如 W5.3、J2）`,
        `Unknown hazard category "${m[1]}" (use a GB 18218 Table 2 symbol such as W5.3 or J2)`,
      ),
  },
];

const BY_TEXT = new Map<string, LocalText>();
for (const f of FIXED) {
  if (!BY_TEXT.has(f.en)) BY_TEXT.set(f.en, f);
  if (!BY_TEXT.has(f.zh)) BY_TEXT.set(f.zh, f);
}
for (const [zh, en] of Object.entries(CONTRACT_MESSAGES_EN)) if (!BY_TEXT.has(zh)) BY_TEXT.set(zh, t(zh, en));

/** Both languages of one sentence, or null when this file does not know it. */
export function translate(sentence: string): LocalText | null {
  const s = sentence.trim();
  const fixed = BY_TEXT.get(s);
  if (fixed) return fixed;
  for (const tpl of TEMPLATES) {
    const m = tpl.re.exec(s);
    if (m) return tpl.text(m);
  }
  return null;
}

/**
 * `text` in `lang`: a LocalText picks its side; a plain string is translated sentence by sentence (lists joined
 * with "；" are split), and what can be neither translated nor read in `lang` is dropped. Null when nothing is left.
 */
export function localize(text: string | LocalText | undefined, lang: MessageLang): string | null {
  if (text === undefined || text === '') return null;
  if (typeof text !== 'string') return lang === 'en' ? text.en : text.zh;
  const whole = translate(text);
  if (whole) return lang === 'en' ? whole.en : whole.zh;
  const parts = text.split(/\s*[；;]\s*/).filter(Boolean);
  const out: string[] = [];
  for (const p of parts) {
    const tr = translate(p);
    const said = tr ? (lang === 'en' ? tr.en : tr.zh) : p;
    if (speaks(said, lang)) out.push(said);
  }
  return out.length ? out.join(lang === 'en' ? '; ' : '；') : null;
}
