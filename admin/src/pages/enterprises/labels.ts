import { auditActionLabel, auditEntityLabel } from '@yuanan/contracts';
import type { Lang } from '../../i18n/i18n.tsx';

type Pair = { zh: string; en: string };
const pick = (p: Pair | undefined, lang: Lang, fallback: string) => (p ? (lang === 'en' ? p.en : p.zh) : fallback);

/** Enterprise fields in people's words (form labels, change diffs, history). */
export const ENTERPRISE_FIELDS: Record<string, Pair> = {
  creditCode: { zh: '统一社会信用代码', en: 'Credit code' },
  name: { zh: '企业名称', en: 'Name' },
  legalRepresentative: { zh: '法定代表人', en: 'Legal representative' },
  principalName: { zh: '主要负责人', en: 'Principal' },
  principalPhone: { zh: '主要负责人电话', en: 'Principal phone' },
  principalPhoneMasked: { zh: '主要负责人电话', en: 'Principal phone' },
  principalPhoneSealed: { zh: '主要负责人电话（加密）', en: 'Principal phone (sealed)' },
  safetyManagerName: { zh: '安全管理人员', en: 'Safety manager' },
  safetyManagerPhone: { zh: '安全管理人员电话', en: 'Safety manager phone' },
  safetyManagerPhoneMasked: { zh: '安全管理人员电话', en: 'Safety manager phone' },
  safetyManagerPhoneSealed: { zh: '安全管理人员电话（加密）', en: 'Safety manager phone (sealed)' },
  industryCode: { zh: '行业代码', en: 'Industry code' },
  industryName: { zh: '行业名称', en: 'Industry' },
  isIndustryTrade: { zh: '工贸企业', en: 'Industry & trade' },
  ownership: { zh: '经济类型', en: 'Ownership' },
  employees: { zh: '从业人员数', en: 'Employees' },
  annualRevenue: { zh: '营业收入（万元）', en: 'Revenue (10k CNY)' },
  annualOutput: { zh: '年产值（万元）', en: 'Output (10k CNY)' },
  sizeBand: { zh: '企业规模', en: 'Size' },
  address: { zh: '地址', en: 'Address' },
  lat: { zh: '纬度', en: 'Latitude' },
  lng: { zh: '经度', en: 'Longitude' },
  planX: { zh: '平面图横向位置', en: 'Site plan X' },
  planY: { zh: '平面图纵向位置', en: 'Site plan Y' },
  gridId: { zh: '所属网格', en: 'Grid' },
  buildingStructure: { zh: '建筑结构', en: 'Building structure' },
  hasSprinklers: { zh: '自动喷淋', en: 'Sprinklers' },
  landlordEnterpriseId: { zh: '厂中厂出租方', en: 'Landlord enterprise' },
  standardisationLevel: { zh: '安全标准化等级', en: 'Standardisation level' },
  keyPlaceTags: { zh: '重点场所标签', en: 'Key-place tags' },
  keyPlaceTagsText: { zh: '重点场所标签', en: 'Key-place tags' },
  peopleWithin500m: { zh: '周边500米内人数', en: 'People within 500 m' },
  status: { zh: '状态', en: 'Status' },
  riskColour: { zh: '风险颜色', en: 'Risk colour' },
  riskScore: { zh: '风险分值', en: 'Risk score' },
  colourComputedAt: { zh: '颜色计算时间', en: 'Colour computed' },
  version: { zh: '版本', en: 'Version' },
  // sub-records
  personName: { zh: '姓名', en: 'Name' },
  certKind: { zh: '证书类型', en: 'Certificate kind' },
  category: { zh: '类别', en: 'Category' },
  certNumber: { zh: '证号', en: 'Number' },
  post: { zh: '岗位', en: 'Post' },
  issuedOn: { zh: '发证/发布日期', en: 'Issued' },
  expiresOn: { zh: '有效期至', en: 'Expires' },
  reviewDueOn: { zh: '复审日期', en: 'Review due' },
  title: { zh: '职务/名称', en: 'Title' },
  phone: { zh: '电话', en: 'Phone' },
  phoneMasked: { zh: '电话', en: 'Phone' },
  phoneSealed: { zh: '电话（加密）', en: 'Phone (sealed)' },
  isEmergencyContact: { zh: '应急联系人', en: 'Emergency contact' },
  cas: { zh: 'CAS 号', en: 'CAS' },
  table1No: { zh: 'GB 18218 表1序号', en: 'GB 18218 table 1 no.' },
  maxQuantity: { zh: '最大存量', en: 'Max quantity' },
  unit: { zh: '单位', en: 'Unit' },
  unitName: { zh: '所属单元', en: 'Unit' },
  storagePlace: { zh: '存放地点', en: 'Storage place' },
  keySupervised: { zh: '重点监管', en: 'Key supervised' },
  code: { zh: '编码', en: 'Code' },
  quantity: { zh: '数量', en: 'Quantity' },
  location: { zh: '存放地点', en: 'Location' },
  minimumStock: { zh: '最低库存', en: 'Minimum stock' },
  role: { zh: '职务', en: 'Role' },
  skills: { zh: '技能', en: 'Skills' },
  kind: { zh: '类型', en: 'Kind' },
  fileId: { zh: '附件', en: 'File' },
  heldOn: { zh: '演练日期', en: 'Held on' },
  participants: { zh: '参加人数', en: 'Participants' },
  summary: { zh: '概述', en: 'Summary' },
  planId: { zh: '关联预案', en: 'Plan' },
  area: { zh: '区域', en: 'Area' },
  method: { zh: '评价方法', en: 'Method' },
  factors: { zh: '评价因子', en: 'Factors' },
  score: { zh: '分值', en: 'Score' },
  colour: { zh: '颜色', en: 'Colour' },
  hazardFactors: { zh: '危险因素', en: 'Hazard factors' },
  controlMeasures: { zh: '管控措施', en: 'Control measures' },
  responsiblePerson: { zh: '责任人', en: 'Responsible' },
  reviewDate: { zh: '复评日期', en: 'Review date' },
  modelVersion: { zh: '模型版本', en: 'Model version' },
  reason: { zh: '原因', en: 'Reason' },
  computedAt: { zh: '计算时间', en: 'Computed' },
  result: { zh: '计算结果', en: 'Result' },
  detail: { zh: '说明', en: 'Detail' },
  dueAt: { zh: '截止时间', en: 'Due' },
  resolvedAt: { zh: '处理时间', en: 'Resolved' },
  enterpriseId: { zh: '企业', en: 'Enterprise' },
  tenantId: { zh: '园区', en: 'Zone' },
  id: { zh: '编号', en: 'Id' },
  createdAt: { zh: '创建时间', en: 'Created' },
  updatedAt: { zh: '更新时间', en: 'Updated' },
};
export function enterpriseFieldLabel(field: string, lang: Lang): string {
  return pick(ENTERPRISE_FIELDS[field], lang, field);
}

export const SIZE_BAND_LABELS: Record<string, Pair> = {
  large: { zh: '大型', en: 'Large' },
  medium: { zh: '中型', en: 'Medium' },
  small: { zh: '小型', en: 'Small' },
  micro: { zh: '微型', en: 'Micro' },
};
export const sizeBandLabel = (b: string | null | undefined, lang: Lang) => (b ? pick(SIZE_BAND_LABELS[b], lang, b) : '—');

/** GB/T 4754-2017 sections and the manufacturing divisions seen most in development zones (filter suggestions). */
export const INDUSTRY_SUGGESTIONS: Array<{ code: string; name: string }> = [
  { code: 'C', name: '制造业' },
  { code: 'C13', name: '农副食品加工业' },
  { code: 'C17', name: '纺织业' },
  { code: 'C18', name: '纺织服装、服饰业' },
  { code: 'C20', name: '木材加工和木、竹、藤、棕、草制品业' },
  { code: 'C21', name: '家具制造业' },
  { code: 'C22', name: '造纸和纸制品业' },
  { code: 'C23', name: '印刷和记录媒介复制业' },
  { code: 'C24', name: '文教、工美、体育和娱乐用品制造业' },
  { code: 'C26', name: '化学原料和化学制品制造业' },
  { code: 'C27', name: '医药制造业' },
  { code: 'C29', name: '橡胶和塑料制品业' },
  { code: 'C30', name: '非金属矿物制品业' },
  { code: 'C31', name: '黑色金属冶炼和压延加工业' },
  { code: 'C32', name: '有色金属冶炼和压延加工业' },
  { code: 'C33', name: '金属制品业' },
  { code: 'C34', name: '通用设备制造业' },
  { code: 'C35', name: '专用设备制造业' },
  { code: 'C36', name: '汽车制造业' },
  { code: 'C38', name: '电气机械和器材制造业' },
  { code: 'C39', name: '计算机、通信和其他电子设备制造业' },
  { code: 'A', name: '农、林、牧、渔业' },
  { code: 'B', name: '采矿业' },
  { code: 'D', name: '电力、热力、燃气及水生产和供应业' },
  { code: 'E', name: '建筑业' },
  { code: 'F', name: '批发和零售业' },
  { code: 'G', name: '交通运输、仓储和邮政业' },
  { code: 'G59', name: '装卸搬运和仓储业' },
  { code: 'H', name: '住宿和餐饮业' },
  { code: 'I', name: '信息传输、软件和信息技术服务业' },
  { code: 'L', name: '租赁和商务服务业' },
  { code: 'M', name: '科学研究和技术服务业' },
  { code: 'N', name: '水利、环境和公共设施管理业' },
  { code: 'O', name: '居民服务、修理和其他服务业' },
];

/** Kinds of records in the enterprise's change history: the audit catalogue's words (contracts audit-labels.ts). */
export const entityLabel = (e: string, lang: Lang) => auditEntityLabel(e, lang);

const OPS: Record<string, Pair> = {
  create: { zh: '新增', en: 'Created' },
  update: { zh: '修改', en: 'Updated' },
  delete: { zh: '删除', en: 'Deleted' },
  event: { zh: '事件', en: 'Event' },
};
export const opLabel = (op: string, lang: Lang) => pick(OPS[op], lang, op);

/** What an enterprise history row did: the audit catalogue's words (contracts audit-labels.ts). */
export function historyActionLabel(action: string, lang: Lang): string {
  return auditActionLabel(action, lang);
}

export const RECORD_KINDS: Record<string, Pair> = {
  contacts: { zh: '联系人', en: 'contact' },
  certificates: { zh: '持证人员', en: 'certificate' },
  chemicals: { zh: '危险化学品', en: 'chemical' },
  supplies: { zh: '应急物资', en: 'supply' },
  team: { zh: '应急队员', en: 'team member' },
  plans: { zh: '应急预案', en: 'plan' },
  drills: { zh: '应急演练', en: 'drill' },
  'risk-points': { zh: '风险点', en: 'risk point' },
};

/** Why an enterprise's colour was computed again. */
const REASONS: Record<string, Pair> = {
  import: { zh: '导入', en: 'Import' },
  created: { zh: '新建企业', en: 'Created' },
  updated: { zh: '企业信息修改', en: 'Enterprise updated' },
  change_approved: { zh: '变更审核通过', en: 'Change approved' },
  hazard: { zh: '隐患变化', en: 'Hazard changed' },
  hazard_overdue: { zh: '隐患逾期', en: 'Hazard overdue' },
  certificate_expired: { zh: '证书过期', en: 'Certificate expired' },
  certificate: { zh: '持证人员变化', en: 'Certificates changed' },
  chemical: { zh: '危化品变化', en: 'Chemicals changed' },
  risk_point: { zh: '风险点变化', en: 'Risk points changed' },
  model_changed: { zh: '评分模型更新', en: 'Model published' },
  daily: { zh: '每日复核', en: 'Daily check' },
};
export const reasonLabel = (r: string, lang: Lang) => pick(REASONS[r], lang, r);

export const PLAN_KIND_LABELS: Record<string, Pair> = {
  comprehensive: { zh: '综合应急预案', en: 'Comprehensive plan' },
  special: { zh: '专项应急预案', en: 'Special plan' },
  onsite: { zh: '现场处置方案', en: 'On-site procedure' },
};
export const planKindLabel = (k: string, lang: Lang) => pick(PLAN_KIND_LABELS[k], lang, k);

export const CERT_KIND_LABELS: Record<string, Pair> = {
  special_operation: { zh: '特种作业', en: 'Special operation' },
  special_equipment: { zh: '特种设备', en: 'Special equipment' },
};
export const certKindLabel = (k: string, lang: Lang) => pick(CERT_KIND_LABELS[k], lang, k);
