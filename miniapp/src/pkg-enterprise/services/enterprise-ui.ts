import {
  anyPhone,
  BUILDING_STRUCTURES,
  issueMessage,
  KEY_FIELDS,
  OWNERSHIPS,
  STANDARDISATION_LEVELS,
  type Enterprise,
} from '@yuanan/contracts';
import { daysBetween } from '../../services/format';

/** Pure helpers of the enterprise pages (no Taro): unit-tested. */

/** The pages of this subpackage. */
export const ENTERPRISE_PAGES = {
  file: '/pkg-enterprise/pages/file/index',
  fileEdit: '/pkg-enterprise/pages/file-edit/index',
  supplies: '/pkg-enterprise/pages/supplies/index',
  supplyEdit: '/pkg-enterprise/pages/supply-edit/index',
  certificates: '/pkg-enterprise/pages/certificates/index',
  certificateEdit: '/pkg-enterprise/pages/certificate-edit/index',
  chemicals: '/pkg-enterprise/pages/chemicals/index',
  chemicalEdit: '/pkg-enterprise/pages/chemical-edit/index',
  colour: '/pkg-enterprise/pages/colour/index',
} as const;

export type FieldKind = 'text' | 'phone' | 'int' | 'number' | 'bool' | 'enum';

export interface FieldSpec {
  key: keyof Enterprise & string;
  label: string;
  kind: FieldKind;
  /** For enum fields. */
  options?: readonly string[];
  /** May be empty (sent as null). */
  optional?: boolean;
  unit?: string;
  placeholder?: string;
}

/** What an enterprise user may edit in the mini-program. Key fields go to the safety office for approval. */
export const EDITABLE_FIELDS: FieldSpec[] = [
  { key: 'name', label: '企业名称', kind: 'text' },
  { key: 'legalRepresentative', label: '法定代表人', kind: 'text', optional: true },
  { key: 'principalName', label: '主要负责人', kind: 'text' },
  { key: 'principalPhone', label: '负责人电话', kind: 'phone', optional: true },
  { key: 'industryCode', label: '行业代码', kind: 'text', optional: true, placeholder: 'GB/T 4754，如 C3389' },
  { key: 'industryName', label: '行业名称', kind: 'text', optional: true },
  { key: 'address', label: '地址', kind: 'text', optional: true },
  { key: 'safetyManagerName', label: '安全管理员', kind: 'text', optional: true },
  { key: 'safetyManagerPhone', label: '安全管理员电话', kind: 'phone', optional: true },
  { key: 'employees', label: '从业人数', kind: 'int', optional: true, unit: '人' },
  { key: 'annualRevenue', label: '年营业收入', kind: 'number', optional: true, unit: '万元' },
  { key: 'annualOutput', label: '年产值', kind: 'number', optional: true, unit: '万元' },
  { key: 'ownership', label: '经济类型', kind: 'enum', options: OWNERSHIPS, optional: true },
  { key: 'buildingStructure', label: '建筑结构', kind: 'enum', options: BUILDING_STRUCTURES, optional: true },
  { key: 'hasSprinklers', label: '喷淋系统', kind: 'bool', optional: true },
  { key: 'standardisationLevel', label: '安全标准化等级', kind: 'enum', options: STANDARDISATION_LEVELS, optional: true },
  { key: 'peopleWithin500m', label: '周边500米人数', kind: 'int', optional: true, unit: '人' },
];

export function isKeyField(key: string): boolean {
  return (KEY_FIELDS as readonly string[]).includes(key);
}

export const FIELD_LABELS: Record<string, string> = Object.fromEntries(EDITABLE_FIELDS.map((f) => [f.key, f.label]));
FIELD_LABELS.creditCode = '统一社会信用代码';
FIELD_LABELS.gridId = '所属网格';
FIELD_LABELS.keyPlaceTags = '重点场所标签';
FIELD_LABELS.lat = '位置';
FIELD_LABELS.lng = '位置';

/** A form holds strings (what inputs give); this is the enterprise's values as such. */
export function toFormValues(e: Enterprise): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of EDITABLE_FIELDS) {
    const v = e[f.key];
    out[f.key] = v === null || v === undefined ? '' : f.kind === 'bool' ? (v ? 'true' : 'false') : String(v);
  }
  return out;
}

/**
 * The patch of what changed, typed for the api, and the problems of the form (field → message). Only changed
 * fields are sent: an unchanged key field never creates a change request.
 */
export function diffEnterprise(
  e: Enterprise,
  form: Record<string, string>,
): { patch: Record<string, unknown>; problems: Record<string, string>; keyChanges: string[] } {
  const patch: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const f of EDITABLE_FIELDS) {
    const raw = (form[f.key] ?? '').trim();
    let value: unknown;
    if (raw === '') {
      if (!f.optional) {
        problems[f.key] = `请填写${f.label}`;
        continue;
      }
      value = null;
    } else if (f.kind === 'int' || f.kind === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0 || (f.kind === 'int' && !Number.isInteger(n))) {
        problems[f.key] = `${f.label}应为${f.kind === 'int' ? '整数' : '数字'}`;
        continue;
      }
      value = n;
    } else if (f.kind === 'bool') value = raw === 'true';
    else if (f.kind === 'phone') {
      // The api's contract: +86, spaces, dashes, full-width digits, 转8001 … are folded to the stored form.
      const phone = anyPhone.safeParse(raw);
      if (!phone.success) {
        problems[f.key] = `${f.label}：${issueMessage(phone.error.issues[0]!, 'zh-CN')}`;
        continue;
      }
      value = phone.data;
    } else if (f.key === 'industryCode') {
      if (!/^[A-T]\d{2,4}$/.test(raw.toUpperCase())) {
        problems[f.key] = '行业代码应为 GB/T 4754 代码，如 C3389';
        continue;
      }
      value = raw.toUpperCase();
    } else value = raw;
    if (f.key === 'name' && typeof value === 'string' && value.length < 2) {
      problems[f.key] = '企业名称至少 2 个字';
      continue;
    }
    const current = e[f.key] ?? null;
    if (JSON.stringify(current) !== JSON.stringify(value)) patch[f.key] = value;
  }
  return { patch, problems, keyChanges: Object.keys(patch).filter(isKeyField) };
}

export type SupplyState = { label: string; tone: 'red' | 'orange' | 'yellow' }[];

/** Badges of a supply: 已过期, 低于最低库存, 即将过期 (within 30 days). */
export function supplyBadges(
  s: { expired: boolean; belowMinimum: boolean; expiresOn: string | null },
  today: string,
): SupplyState {
  const out: SupplyState = [];
  if (s.expired) out.push({ label: '已过期', tone: 'red' });
  else if (s.expiresOn && daysBetween(today, s.expiresOn) <= 30) out.push({ label: '即将过期', tone: 'yellow' });
  if (s.belowMinimum) out.push({ label: '低于最低库存', tone: 'orange' });
  return out;
}

export const CERT_STATE = {
  valid: { label: '有效', tone: 'green' },
  expiring: { label: '即将到期', tone: 'orange' },
  expired: { label: '已过期', tone: 'red' },
} as const;

export const CERT_KINDS = {
  special_operation: '特种作业操作证',
  special_equipment: '特种设备作业人员证',
} as const;

/** 一级…四级重大危险源 (GB 18218-2018), or 未构成. */
export function majorHazardGradeLabel(grade: number | null): string {
  if (grade === null) return '未构成重大危险源';
  return `${['一', '二', '三', '四'][grade - 1] ?? grade}级重大危险源`;
}

/** Numbers as a person reads them: up to 3 decimals, no trailing zeros. */
export function num(n: number, digits = 3): string {
  return String(Number(n.toFixed(digits)));
}

export const DEFAULT_PALETTE = {
  red: { color: '#d9363e', label: '重大风险' },
  orange: { color: '#fa8c16', label: '较大风险' },
  yellow: { color: '#fadb14', label: '一般风险' },
  blue: { color: '#1677ff', label: '低风险' },
} as const;
export type Palette = Record<'red' | 'orange' | 'yellow' | 'blue', { color: string; label: string }>;

export const COLOUR_NAMES = { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' } as const;

/** Readable text on a palette colour (dark on yellow, white on the others). */
export function textOn(hex: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return '#fff';
  const v = parseInt(m[1]!, 16);
  const [r, g, b] = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b > 170 ? 'rgba(0,0,0,0.85)' : '#fff';
}

const HISTORY_REASONS: Record<string, string> = {
  import: '档案导入',
  created: '建档',
  updated: '档案修改',
  change_approved: '变更审核通过',
  certificate: '持证信息变化',
  certificate_expired: '证书过期',
  chemical: '危化品变化',
  risk_point: '风险点变化',
  hazard: '隐患变化',
  hazard_overdue: '隐患逾期',
  model_changed: '评分规则调整',
  nightly: '每日复核',
};

export function historyReason(reason: string): string {
  return HISTORY_REASONS[reason] ?? '重新计算';
}

/** Where a to-do leads: the page that fixes it. */
export function taskTarget(kind: string): 'supplies' | 'certificates' | null {
  if (kind.startsWith('supply')) return 'supplies';
  if (kind.startsWith('certificate')) return 'certificates';
  return null;
}
