/**
 * Demo data for the two zones of the source article, both in Yiwu (义乌市, division code 330782), Zhejiang.
 * Enterprises are fictional but shaped like real ones: names, GB/T 4754 industries, sizes, key-place tags.
 */
export interface DemoEnterprise {
  name: string;
  industryCode: string;
  industryName: string;
  ownership: string;
  employees: number;
  /** 万元 */
  annualRevenue: number;
  principal: string;
  safetyManager: string;
  address: string;
  lat: number;
  lng: number;
  /** Fractions of the site plan's width and height. */
  plan: [number, number];
  grid: string;
  tags: string[];
  structure: string;
  sprinklers: boolean;
  standardisation: string;
  /** Name of the landlord enterprise (厂中厂). */
  landlord?: string;
  /** 工贸 enterprise (default: industry C or G, as before). */
  trade?: boolean;
  /** Chemicals beyond those its tags imply: [name, CAS, tonnes, storage, Table 2 categories]. */
  chemicals?: Array<[string, string, number, string, string[]]>;
  /** People within 500 m (GB 18218 α). */
  peopleWithin500m?: number;
}

export interface DemoZone {
  code: string;
  name: string;
  region: string;
  centre: { lat: number; lng: number };
  grids: Array<[string, string]>;
  /** Roads of each grid (by grid code), for generated addresses. */
  roads: Record<string, string[]>;
  /** Address prefix of the zone (义乌市经济技术开发区). */
  addressPrefix: string;
  /** How many enterprises the zone has in all: the hand-written ones below, the rest generated (demo-generate.ts). */
  enterpriseCount: number;
  /** Site-plan rows (of the 3 rows of plots, top to bottom) each grid occupies. */
  gridRows: Record<string, number[]>;
  enterprises: DemoEnterprise[];
}

export const DEMO_ZONES: DemoZone[] = [
  {
    code: 'siqi',
    name: '开发区四期',
    region: '浙江省金华市义乌市',
    centre: { lat: 29.2893, lng: 120.1302 },
    grids: [
      ['grid-1', '第一网格（高新路以北）'],
      ['grid-2', '第二网格（高新路以南）'],
      ['grid-3', '第三网格（物流片区）'],
    ],
    roads: {
      'grid-1': ['高新路', '科创路', '雪峰西路', '春风大道'],
      'grid-2': ['春晗路', '杨村路', '西城路', '丹溪北路'],
      'grid-3': ['物流大道', '四海大道', '航慧北路'],
    },
    addressPrefix: '义乌市经济技术开发区',
    enterpriseCount: 108,
    gridRows: { 'grid-1': [0], 'grid-2': [1], 'grid-3': [2] },
    enterprises: [
      {
        name: '义乌市恒达五金制品有限公司',
        industryCode: 'C3389',
        industryName: '其他金属制日用品制造',
        ownership: '民营',
        employees: 186,
        annualRevenue: 8600,
        principal: '陈国强',
        safetyManager: '王立新',
        address: '义乌市经济技术开发区高新路158号',
        lat: 29.2921,
        lng: 120.1265,
        plan: [0.18, 0.22],
        grid: 'grid-1',
        tags: ['spraying', 'hazchem_use'],
        structure: '钢结构',
        sprinklers: true,
        standardisation: '三级',
      },
      {
        name: '浙江新锐锂电科技有限公司',
        industryCode: 'C3841',
        industryName: '锂离子电池制造',
        ownership: '民营',
        employees: 520,
        annualRevenue: 36000,
        principal: '楼建平',
        safetyManager: '吴海燕',
        address: '义乌市经济技术开发区科创路66号',
        lat: 29.2907,
        lng: 120.1331,
        plan: [0.42, 0.25],
        grid: 'grid-1',
        tags: ['lithium_battery', 'flammable_explosive', 'hazchem_use'],
        structure: '钢混',
        sprinklers: true,
        standardisation: '二级',
      },
      {
        name: '义乌市金鼎表面处理有限公司',
        industryCode: 'C3360',
        industryName: '金属表面处理及热处理加工',
        ownership: '民营',
        employees: 64,
        annualRevenue: 2300,
        principal: '骆志军',
        safetyManager: '骆晓明',
        address: '义乌市经济技术开发区高新路212号',
        lat: 29.2938,
        lng: 120.1298,
        plan: [0.3, 0.15],
        grid: 'grid-1',
        tags: ['electroplating', 'hazchem_use', 'spraying'],
        structure: '钢结构',
        sprinklers: false,
        standardisation: '小微',
      },
      {
        name: '义乌市佳美化妆品有限公司',
        industryCode: 'C2682',
        industryName: '化妆品制造',
        ownership: '民营',
        employees: 142,
        annualRevenue: 5200,
        principal: '朱丽华',
        safetyManager: '何斌',
        address: '义乌市经济技术开发区春晗路9号',
        lat: 29.2879,
        lng: 120.1251,
        plan: [0.12, 0.48],
        grid: 'grid-2',
        tags: ['hazchem_use', 'flammable_explosive'],
        structure: '钢混',
        sprinklers: true,
        standardisation: '三级',
      },
      {
        name: '浙江宏远精密机械有限公司',
        industryCode: 'C3484',
        industryName: '机械零部件加工',
        ownership: '民营',
        employees: 312,
        annualRevenue: 15800,
        principal: '金晓东',
        safetyManager: '方卫国',
        address: '义乌市经济技术开发区春晗路88号',
        lat: 29.2866,
        lng: 120.1289,
        plan: [0.28, 0.55],
        grid: 'grid-2',
        tags: ['confined_space'],
        structure: '钢结构',
        sprinklers: true,
        standardisation: '二级',
      },
      {
        name: '义乌市鑫源铝业有限公司',
        industryCode: 'C3216',
        industryName: '铝冶炼',
        ownership: '民营',
        employees: 98,
        annualRevenue: 12500,
        principal: '龚建华',
        safetyManager: '龚伟',
        address: '义乌市经济技术开发区杨村路36号',
        lat: 29.2851,
        lng: 120.1342,
        plan: [0.5, 0.62],
        grid: 'grid-2',
        tags: ['metal_smelting', 'combustible_dust'],
        structure: '钢结构',
        sprinklers: false,
        standardisation: '三级',
      },
      {
        name: '义乌市彩虹印刷包装有限公司',
        industryCode: 'C2319',
        industryName: '包装装潢及其他印刷',
        ownership: '民营',
        employees: 76,
        annualRevenue: 3100,
        principal: '黄晓芬',
        safetyManager: '刘志远',
        address: '义乌市经济技术开发区杨村路52号',
        lat: 29.2843,
        lng: 120.1318,
        plan: [0.44, 0.7],
        grid: 'grid-2',
        tags: ['hazchem_use', 'flammable_explosive'],
        structure: '钢结构',
        sprinklers: true,
        standardisation: '小微',
      },
      {
        name: '义乌市冷鲜达冷链食品有限公司',
        industryCode: 'C1352',
        industryName: '禽类屠宰',
        ownership: '民营',
        employees: 58,
        annualRevenue: 9800,
        principal: '傅明',
        safetyManager: '傅小军',
        address: '义乌市经济技术开发区物流大道18号',
        lat: 29.2812,
        lng: 120.1376,
        plan: [0.68, 0.78],
        grid: 'grid-3',
        tags: ['ammonia_refrigeration', 'confined_space'],
        structure: '钢混',
        sprinklers: true,
        standardisation: '三级',
      },
      {
        name: '义乌市通达仓储有限公司',
        industryCode: 'G5920',
        industryName: '通用仓储',
        ownership: '民营',
        employees: 35,
        annualRevenue: 1800,
        principal: '虞海',
        safetyManager: '虞丹',
        address: '义乌市经济技术开发区物流大道40号',
        lat: 29.2803,
        lng: 120.1402,
        plan: [0.8, 0.82],
        grid: 'grid-3',
        tags: ['flammable_explosive'],
        structure: '钢结构',
        sprinklers: true,
        standardisation: '小微',
      },
      {
        name: '义乌市巧艺木制品加工厂',
        industryCode: 'C2039',
        industryName: '软木制品及其他木制品制造',
        ownership: '个体',
        employees: 18,
        annualRevenue: 260,
        principal: '张木根',
        safetyManager: '张木根',
        address: '义乌市经济技术开发区物流大道40号（通达仓储内）',
        lat: 29.2806,
        lng: 120.1398,
        plan: [0.78, 0.86],
        grid: 'grid-3',
        tags: ['combustible_dust', 'spraying'],
        structure: '钢结构',
        sprinklers: false,
        standardisation: '未达标',
        landlord: '义乌市通达仓储有限公司',
      },
      {
        name: '浙江明光照明电器有限公司',
        industryCode: 'C3872',
        industryName: '照明灯具制造',
        ownership: '中外合资',
        employees: 1260,
        annualRevenue: 52000,
        principal: '叶建明',
        safetyManager: '叶青',
        address: '义乌市经济技术开发区高新路300号',
        lat: 29.2949,
        lng: 120.1352,
        plan: [0.56, 0.1],
        grid: 'grid-1',
        tags: ['hazchem_use'],
        structure: '钢混',
        sprinklers: true,
        standardisation: '一级',
      },
      {
        name: '义乌市兴旺塑料制品有限公司',
        industryCode: 'C2929',
        industryName: '塑料零件及其他塑料制品制造',
        ownership: '民营',
        employees: 128,
        annualRevenue: 4600,
        principal: '吴兴旺',
        safetyManager: '吴丽',
        address: '义乌市经济技术开发区春晗路120号',
        lat: 29.2872,
        lng: 120.1362,
        plan: [0.6, 0.5],
        grid: 'grid-2',
        tags: ['flammable_explosive'],
        structure: '钢结构',
        sprinklers: true,
        standardisation: '三级',
      },
    ],
  },
  {
    code: 'suxi',
    name: '苏溪工业功能区',
    region: '浙江省金华市义乌市苏溪镇',
    centre: { lat: 29.3925, lng: 120.1189 },
    grids: [
      ['grid-north', '苏溪北片网格'],
      ['grid-south', '苏溪南片网格'],
    ],
    roads: {
      'grid-north': ['苏福路', '蒋母塘路', '苏溪大道', '好派路'],
      'grid-south': ['苏华街', '新材料园路', '巧溪北路', '龙祈路'],
    },
    addressPrefix: '义乌市苏溪镇',
    enterpriseCount: 94,
    gridRows: { 'grid-north': [0], 'grid-south': [1, 2] },
    enterprises: [
      {
        name: '浙江苏溪纺织印染有限公司',
        industryCode: 'C1713',
        industryName: '棉印染精加工',
        ownership: '民营',
        employees: 680,
        annualRevenue: 28000,
        principal: '楼荣华',
        safetyManager: '楼佳',
        address: '义乌市苏溪镇苏福路18号',
        lat: 29.3952,
        lng: 120.1163,
        plan: [0.2, 0.2],
        grid: 'grid-north',
        tags: ['hazchem_use', 'confined_space'],
        structure: '钢混',
        sprinklers: true,
        standardisation: '二级',
      },
      {
        name: '义乌市苏溪五金拉链厂',
        industryCode: 'C2439',
        industryName: '其他工艺美术及礼仪用品制造',
        ownership: '民营',
        employees: 45,
        annualRevenue: 900,
        principal: '季春林',
        safetyManager: '季燕',
        address: '义乌市苏溪镇工业区蒋母塘路6号',
        lat: 29.3938,
        lng: 120.1205,
        plan: [0.45, 0.3],
        grid: 'grid-north',
        tags: ['electroplating', 'spraying'],
        structure: '钢结构',
        sprinklers: false,
        standardisation: '小微',
      },
      {
        name: '义乌市华强针织有限公司',
        industryCode: 'C1761',
        industryName: '针织或钩针编织物织造',
        ownership: '民营',
        employees: 236,
        annualRevenue: 7200,
        principal: '蒋华强',
        safetyManager: '蒋丽丽',
        address: '义乌市苏溪镇苏华街55号',
        lat: 29.3911,
        lng: 120.1172,
        plan: [0.25, 0.6],
        grid: 'grid-south',
        tags: ['combustible_dust'],
        structure: '砖混',
        sprinklers: true,
        standardisation: '三级',
      },
      {
        name: '浙江远航新材料股份有限公司',
        industryCode: 'C2651',
        industryName: '初级形态塑料及合成树脂制造',
        ownership: '股份制',
        employees: 410,
        annualRevenue: 46000,
        principal: '王远航',
        safetyManager: '孙立',
        address: '义乌市苏溪镇新材料园1号',
        lat: 29.3897,
        lng: 120.1231,
        plan: [0.62, 0.7],
        grid: 'grid-south',
        tags: ['hazchem_use', 'flammable_explosive', 'confined_space'],
        structure: '钢混',
        sprinklers: true,
        standardisation: '二级',
      },
      {
        name: '义乌市精工模具有限公司',
        industryCode: 'C3525',
        industryName: '模具制造',
        ownership: '民营',
        employees: 26,
        annualRevenue: 680,
        principal: '郑建',
        safetyManager: '郑建',
        address: '义乌市苏溪镇新材料园1号（远航厂区内）',
        lat: 29.3899,
        lng: 120.1226,
        plan: [0.58, 0.74],
        grid: 'grid-south',
        tags: [],
        structure: '钢结构',
        sprinklers: false,
        standardisation: '未达标',
        landlord: '浙江远航新材料股份有限公司',
      },
      {
        name: '义乌市冰纯制冷设备有限公司',
        industryCode: 'C3464',
        industryName: '制冷、空调设备制造',
        ownership: '民营',
        employees: 88,
        annualRevenue: 3600,
        principal: '陈冰',
        safetyManager: '陈纯',
        address: '义乌市苏溪镇苏福路102号',
        lat: 29.3944,
        lng: 120.1248,
        plan: [0.8, 0.25],
        grid: 'grid-north',
        tags: ['ammonia_refrigeration'],
        structure: '钢结构',
        sprinklers: true,
        standardisation: '三级',
      },
      {
        name: '义乌市绿源饲料有限公司',
        industryCode: 'C1329',
        industryName: '其他饲料加工',
        ownership: '民营',
        employees: 52,
        annualRevenue: 5400,
        principal: '赵绿源',
        safetyManager: '赵敏',
        address: '义乌市苏溪镇苏华街120号',
        lat: 29.3903,
        lng: 120.1195,
        plan: [0.4, 0.55],
        grid: 'grid-south',
        tags: ['combustible_dust', 'confined_space'],
        structure: '钢混',
        sprinklers: false,
        standardisation: '小微',
      },
    ],
  },
];

/**
 * Users of every role in each zone (the password is DEMO_PASSWORD), with the names of real-sounding people:
 * `name` is [开发区四期, 苏溪] (enterprise users are the people of their enterprise: principal and safety manager).
 */
export const DEMO_USERS: Array<{
  username: string;
  name: [string, string];
  role: string;
  enterprise?: number;
  grids?: string[];
  phone: string;
}> = [
  { username: 'admin', name: ['楼志刚', '骆文华'], role: 'zone_admin', phone: '13905790001' },
  { username: 'safety', name: ['王建国', '虞海峰'], role: 'safety_officer', phone: '13905790002' },
  { username: 'safety2', name: ['金丽萍', '傅晓军'], role: 'safety_officer', phone: '13905790011' },
  { username: 'grid1', name: ['何志军', '何志军'], role: 'grid_worker', grids: ['grid-1', 'grid-north'], phone: '13905790003' },
  { username: 'grid2', name: ['吴晓燕', '季春林'], role: 'grid_worker', grids: ['grid-2', 'grid-south'], phone: '13905790012' },
  { username: 'grid3', name: ['龚卫东', '龚卫东'], role: 'grid_worker', grids: ['grid-3'], phone: '13905790013' },
  { username: 'inspector', name: ['钱永康', '钱永康'], role: 'inspector', phone: '13905790004' },
  { username: 'rescue-lead', name: ['孙国平', '孙国平'], role: 'rescue_leader', phone: '13905790005' },
  { username: 'rescue1', name: ['李海波', '李海波'], role: 'rescue_member', phone: '13905790006' },
  { username: 'keeper', name: ['郑桂芳', '郑桂芳'], role: 'equipment_keeper', phone: '13905790007' },
  { username: 'ent-admin', name: ['', ''], role: 'enterprise_admin', enterprise: 0, phone: '13905790009' },
  { username: 'ent-staff', name: ['', ''], role: 'enterprise_staff', enterprise: 0, phone: '13905790010' },
];

/** Identities the mini-program's H5 development login offers (WeChat-bound in the demo). */
export const DEMO_WECHAT = ['ent-admin', 'ent-staff', 'grid1', 'inspector', 'rescue1', 'rescue-lead', 'keeper', 'safety'];
