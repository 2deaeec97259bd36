/**
 * GB/T 4754-2017《国民经济行业分类》: the major categories (大类, a section letter and two digits) that a zone's
 * enterprises typically fall in — manufacturing (C13–C43) in full, and the other sections' categories zones hold.
 * Source: GB/T 4754-2017 Table 1 (门类、大类); names as the standard prints them.
 */
export const GBT4754_MAJOR_CATEGORIES: Readonly<Record<string, string>> = {
  C13: '农副食品加工业',
  C14: '食品制造业',
  C15: '酒、饮料和精制茶制造业',
  C16: '烟草制品业',
  C17: '纺织业',
  C18: '纺织服装、服饰业',
  C19: '皮革、毛皮、羽毛及其制品和制鞋业',
  C20: '木材加工和木、竹、藤、棕、草制品业',
  C21: '家具制造业',
  C22: '造纸和纸制品业',
  C23: '印刷和记录媒介复制业',
  C24: '文教、工美、体育和娱乐用品制造业',
  C25: '石油、煤炭及其他燃料加工业',
  C26: '化学原料和化学制品制造业',
  C27: '医药制造业',
  C28: '化学纤维制造业',
  C29: '橡胶和塑料制品业',
  C30: '非金属矿物制品业',
  C31: '黑色金属冶炼和压延加工业',
  C32: '有色金属冶炼和压延加工业',
  C33: '金属制品业',
  C34: '通用设备制造业',
  C35: '专用设备制造业',
  C36: '汽车制造业',
  C37: '铁路、船舶、航空航天和其他运输设备制造业',
  C38: '电气机械和器材制造业',
  C39: '计算机、通信和其他电子设备制造业',
  C40: '仪器仪表制造业',
  C41: '其他制造业',
  C42: '废弃资源综合利用业',
  C43: '金属制品、机械和设备修理业',
  D44: '电力、热力生产和供应业',
  D45: '燃气生产和供应业',
  D46: '水的生产和供应业',
  E47: '房屋建筑业',
  E48: '土木工程建筑业',
  E49: '建筑安装业',
  E50: '建筑装饰、装修和其他建筑业',
  F51: '批发业',
  F52: '零售业',
  G54: '道路运输业',
  G58: '多式联运和运输代理业',
  G59: '装卸搬运和仓储业',
  G60: '邮政业',
  H61: '住宿业',
  H62: '餐饮业',
  M73: '研究和试验发展',
  M75: '科技推广和应用服务业',
  N77: '生态保护和环境治理业',
  O80: '机动车、电子产品和日用产品修理业',
};

/** An industry's major category: its code and the standard's name (null for a category the table lacks). */
export interface IndustryMajorCategory {
  code: string;
  name: string | null;
}

/**
 * The major category (大类) of a GB/T 4754 industry code: `'C2641'` → `{ code: 'C26', name: '化学原料和化学制品制造业' }`;
 * null when there is no code or it does not start with a section letter and two digits.
 */
export function industryMajorCategory(industryCode: string | null | undefined): IndustryMajorCategory | null {
  const code = industryCode ? /^[A-T]\d{2}/.exec(industryCode.trim().toUpperCase())?.[0] : undefined;
  if (!code) return null;
  return { code, name: GBT4754_MAJOR_CATEGORIES[code] ?? null };
}
