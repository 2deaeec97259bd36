import type { RiskColour } from './risk-assessment.ts';

/**
 * The words of a colour explanation (四色 contributions and floors) in both languages. The score stores each
 * contribution as its input code and parameters (`{ input: 'openHazards', params: { count: 3 } }`) and, for
 * readers of old rows, the Chinese text it had; whoever shows it renders the words in the reader's language
 * with {@link contributionText} / {@link floorText}. Rows stored before `params` existed are read back from
 * their Chinese text (the numbers and codes in it), so old explanations render in English too.
 */
export type ColourLang = 'zh-CN' | 'en';

/** Parameters of one contribution: what the input was, without words. */
export interface ContributionParams {
  /** worstRiskPoint: the worst risk point's colour (null: none). */
  colour?: RiskColour | null;
  /** keyPlaceTags: the tag names as the zone calls them (the zone's own words, shown as they are). */
  tags?: string[];
  /** majorHazardSource: grade 1–4 (null: none). */
  grade?: number | null;
  /** Counts: expired certificates, open / overdue / open major hazards. */
  count?: number;
  /** landlordTenant: works inside another enterprise's plant. */
  yes?: boolean;
}

const L = (zh: string, en: string) => ({ zh, en });

/** The name of each input of the colour model. */
export const COLOUR_INPUT_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  worstRiskPoint: L('最高风险点等级', 'Worst risk point'),
  keyPlaceTags: L('重点场所/企业标签', 'Key-place tags'),
  majorHazardSource: L('重大危险源', 'Major hazard source'),
  expiredCertificates: L('过期特种作业证', 'Expired special-work certificates'),
  openHazards: L('未整改隐患', 'Open hazards'),
  overdueHazards: L('逾期未整改隐患', 'Overdue hazards'),
  openMajorHazards: L('未销号重大隐患', 'Open major hazards'),
  landlordTenant: L('厂中厂/园中园', 'Works inside another plant'),
};

/** Why a floor raised the colour, by code. */
export const COLOUR_FLOOR_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  openMajorHazard: L('存在未销号重大隐患', 'An open major hazard'),
  majorHazardSourceGrade1: L('一级重大危险源', 'A grade 1 major hazard source'),
  redRiskPoint: L('存在红色（重大）风险点', 'A red (major) risk point'),
};

const COLOUR_ZH: Record<RiskColour, string> = { red: '红', orange: '橙', yellow: '黄', blue: '蓝' };
const COLOUR_EN: Record<RiskColour, string> = { red: 'Red', orange: 'Orange', yellow: 'Yellow', blue: 'Blue' };
const GRADE_ZH = ['', '一', '二', '三', '四'];
const COUNT_UNIT: Record<string, { zh: string; en: [string, string] }> = {
  expiredCertificates: { zh: '张', en: ['certificate', 'certificates'] },
  openHazards: { zh: '项', en: ['hazard', 'hazards'] },
  overdueHazards: { zh: '项', en: ['hazard', 'hazards'] },
  openMajorHazards: { zh: '项', en: ['hazard', 'hazards'] },
};

/** The Chinese value of a contribution (what the score stores beside the parameters). */
export function contributionValueZh(input: string, p: ContributionParams): string {
  switch (input) {
    case 'worstRiskPoint':
      return p.colour ? `${COLOUR_ZH[p.colour]}色` : '无风险点';
    case 'keyPlaceTags':
      return p.tags?.length ? p.tags.join('、') : '无';
    case 'majorHazardSource':
      return p.grade ? `${GRADE_ZH[p.grade]}级重大危险源` : '无';
    case 'landlordTenant':
      return p.yes ? '是' : '否';
    default:
      return `${p.count ?? 0} ${COUNT_UNIT[input]?.zh ?? '项'}`;
  }
}

function valueEn(input: string, p: ContributionParams): string {
  switch (input) {
    case 'worstRiskPoint':
      return p.colour ? COLOUR_EN[p.colour] : 'No risk points';
    case 'keyPlaceTags':
      return p.tags?.length ? p.tags.join(', ') : 'None';
    case 'majorHazardSource':
      return p.grade ? `Grade ${p.grade}` : 'None';
    case 'landlordTenant':
      return p.yes ? 'Yes' : 'No';
    default: {
      const n = p.count ?? 0;
      const unit = COUNT_UNIT[input]?.en ?? ['item', 'items'];
      return `${n} ${n === 1 ? unit[0] : unit[1]}`;
    }
  }
}

/** Parameters read back from a stored Chinese value (rows written before parameters were stored). */
export function paramsFromZh(input: string, value: string): ContributionParams {
  switch (input) {
    case 'worstRiskPoint': {
      const c = (Object.keys(COLOUR_ZH) as RiskColour[]).find((k) => value.startsWith(COLOUR_ZH[k]));
      return { colour: c ?? null };
    }
    case 'keyPlaceTags':
      return { tags: value === '无' || !value ? [] : value.split('、') };
    case 'majorHazardSource': {
      const g = GRADE_ZH.indexOf(value.charAt(0));
      return { grade: g > 0 ? g : null };
    }
    case 'landlordTenant':
      return { yes: value === '是' };
    default:
      return { count: Number(/\d+/.exec(value)?.[0] ?? 0) };
  }
}

/**
 * A contribution's label and value in `lang`. `c` is a stored contribution: its `input` code, the `params` (new
 * rows) and the Chinese `label`/`value` it was stored with (kept as they are for an input this table does not know).
 */
export function contributionText(
  c: { input: string; label: string; value: string; params?: ContributionParams },
  lang: ColourLang,
): { label: string; value: string } {
  const name = COLOUR_INPUT_LABELS[c.input];
  if (!name) return { label: c.label, value: c.value };
  const params = c.params ?? paramsFromZh(c.input, c.value);
  return lang === 'en'
    ? { label: name.en, value: valueEn(c.input, params) }
    : { label: name.zh, value: contributionValueZh(c.input, params) };
}

/** A floor's reason in `lang`, from its code (new rows) or its stored Chinese reason (old rows). */
export function floorText(f: { reason: string; code?: string }, lang: ColourLang): string {
  const code = f.code ?? Object.entries(COLOUR_FLOOR_LABELS).find(([, l]) => l.zh === f.reason)?.[0];
  const l = code ? COLOUR_FLOOR_LABELS[code] : undefined;
  if (!l) return f.reason;
  return lang === 'en' ? l.en : l.zh;
}
