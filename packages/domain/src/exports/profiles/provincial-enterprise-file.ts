import type { ExportProfile } from '../profile.ts';

/**
 * 企业基础信息 for a provincial safety-production risk monitoring platform (省级安全生产风险监测预警平台): one record
 * per enterprise of the zone's file (一企一档). Field names are the pinyin initials such platforms commonly use —
 * a generic layout, not an official interface specification. Phone numbers are not exported (they are sealed
 * personal data; the receiving side contacts the enterprise through its own channel).
 */
export const provincialEnterpriseFile: ExportProfile = {
  id: 'provincial-enterprise-file',
  version: 1,
  name: { zh: '企业基础信息', en: 'Enterprise base file' },
  target: { zh: '省级安全生产风险监测预警平台', en: 'Provincial safety risk monitoring platform' },
  description: {
    zh: '园区企业一企一档的基础信息：信用代码、名称、负责人、行业、规模、地址坐标、风险等级与状态。',
    en: "The zone's enterprise file: credit code, name, principals, industry, size, address and location, risk colour, status.",
  },
  entity: 'enterprise',
  format: { formats: ['json', 'xlsx'], sheetName: '企业基础信息', fileStem: '企业基础信息' },
  fields: [
    {
      key: 'TYSHXYDM',
      label: { zh: '统一社会信用代码', en: 'Unified social credit code' },
      source: 'creditCode',
      required: true,
    },
    { key: 'QYMC', label: { zh: '企业名称', en: 'Enterprise name' }, source: 'name', required: true, width: 30 },
    { key: 'FDDBR', label: { zh: '法定代表人', en: 'Legal representative' }, source: 'legalRepresentative' },
    { key: 'ZYFZR', label: { zh: '主要负责人', en: 'Principal' }, source: 'principalName', required: true },
    { key: 'AQFZR', label: { zh: '安全管理负责人', en: 'Safety manager' }, source: 'safetyManagerName' },
    { key: 'HYDM', label: { zh: '国民经济行业代码', en: 'Industry code (GB/T 4754)' }, source: 'industryCode' },
    { key: 'HYMC', label: { zh: '行业名称', en: 'Industry' }, source: 'industryName' },
    {
      key: 'QYGM',
      label: { zh: '企业规模', en: 'Size' },
      source: 'sizeBand',
      transform: { map: { large: '大型', medium: '中型', small: '小型', micro: '微型' } },
    },
    { key: 'CYRS', label: { zh: '从业人数', en: 'Employees' }, source: 'employees', transform: 'number' },
    {
      key: 'SFGMT',
      label: { zh: '是否工贸企业', en: 'Industry & trade enterprise' },
      source: 'isIndustryTrade',
      transform: 'yesno',
    },
    { key: 'JYDZ', label: { zh: '生产经营地址', en: 'Address' }, source: 'address', required: true, width: 36 },
    { key: 'JD', label: { zh: '经度', en: 'Longitude' }, source: 'lng', transform: 'number' },
    { key: 'WD', label: { zh: '纬度', en: 'Latitude' }, source: 'lat', transform: 'number' },
    {
      key: 'FXDJ',
      label: { zh: '安全风险等级', en: 'Risk level' },
      source: 'riskColour',
      transform: { map: { red: '重大风险', orange: '较大风险', yellow: '一般风险', blue: '低风险' } },
    },
    { key: 'ZDCS', label: { zh: '重点场所', en: 'Key places' }, source: 'keyPlaceNames', transform: 'join', width: 30 },
    {
      key: 'QYZT',
      label: { zh: '经营状态', en: 'Status' },
      source: 'status',
      transform: { map: { active: '在业', closed: '停业' } },
    },
    { key: 'GXSJ', label: { zh: '更新时间', en: 'Updated at' }, source: 'updatedAt', transform: 'datetime', required: true },
  ],
};
