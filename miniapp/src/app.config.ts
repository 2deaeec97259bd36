export default defineAppConfig({
  // The main package holds only what every user needs before their role is known.
  pages: [
    'pages/index/index',
    'pages/zone/index',
    'pages/login/index',
    'pages/bind/index',
    'pages/profile/index',
    'pages/sessions/index',
    'pages/console/index',
    'pages/outbox/index',
  ],
  // One subpackage per working area: a user downloads only their role's pages.
  subPackages: [
    {
      root: 'pkg-enterprise',
      name: 'enterprise',
      pages: [
        'pages/home/index',
        'pages/notifications/index',
        'pages/file/index',
        'pages/file-edit/index',
        'pages/supplies/index',
        'pages/supply-edit/index',
        'pages/certificates/index',
        'pages/certificate-edit/index',
        'pages/chemicals/index',
        'pages/chemical-edit/index',
        'pages/colour/index',
      ],
    },
    { root: 'pkg-grid', name: 'grid', pages: ['pages/home/index', 'pages/notifications/index', 'pages/grids/index'] },
    { root: 'pkg-inspector', name: 'inspector', pages: ['pages/home/index', 'pages/notifications/index'] },
    // 值班: my shifts, swaps, check-in at the duty room (rescue members and leaders)
    {
      root: 'pkg-rescue',
      name: 'rescue',
      pages: ['pages/home/index', 'pages/notifications/index', 'pages/shifts/index', 'pages/swap-new/index', 'pages/swaps/index'],
    },
    // 器材室: what can be borrowed, requests, my loans, unit QR; the keeper's check-out and return by scanning
    {
      root: 'pkg-equipment',
      name: 'equipment',
      pages: [
        'pages/home/index',
        'pages/notifications/index',
        'pages/catalogue/index',
        'pages/request/index',
        'pages/mine/index',
        'pages/scan/index',
        'pages/unit/index',
        'pages/checkout/index',
        'pages/receive/index',
        'pages/loans/index',
      ],
    },
    // 隐患: reported, rectified and reviewed by enterprise users, grid workers, safety officers and inspectors
    {
      root: 'pkg-hazard',
      name: 'hazard',
      pages: ['pages/report/index', 'pages/list/index', 'pages/detail/index', 'pages/action/index'],
    },
    // 物联网监测: an enterprise's devices and alarms; the zone's alarms for grid workers and safety officers (确认, 处置)
    {
      root: 'pkg-iot',
      name: 'iot',
      pages: ['pages/devices/index', 'pages/alarms/index', 'pages/alarm/index', 'pages/handle/index'],
    },
    // 检查: today's tasks, check-in, checklist, signature (grid workers, safety officers, inspectors; 企业自查)
    { root: 'pkg-inspection', name: 'inspection', pages: ['pages/list/index', 'pages/task/index'] },
    // 应急联动: 一键求救 (every zone role), a dispatched rescuer's 出警任务, an enterprise's 预警通知
    { root: 'pkg-incident', name: 'incident', pages: ['pages/sos/index', 'pages/dispatch/index', 'pages/warnings/index'] },
    // 法规查询: search, the reader (编/章 list, anchors, A−/A+), one article (shared, and a hazard's 法律依据 opens it) — every role
    { root: 'pkg-laws', name: 'laws', pages: ['pages/search/index', 'pages/reader/index', 'pages/article/index'] },
  ],
  // The hazard and inspection pages are loaded in the background once a home that links to them is shown (and the
  // incident pages everywhere: an SOS must open without waiting for a download on a weak network).
  preloadRule: {
    'pkg-enterprise/pages/home/index': { network: 'all', packages: ['hazard', 'inspection', 'equipment', 'iot', 'incident'] },
    'pkg-grid/pages/home/index': { network: 'all', packages: ['hazard', 'inspection', 'iot', 'incident'] },
    'pkg-inspector/pages/home/index': { network: 'all', packages: ['hazard', 'inspection', 'incident'] },
    'pkg-rescue/pages/home/index': { network: 'all', packages: ['equipment', 'incident'] },
    'pkg-equipment/pages/home/index': { network: 'all', packages: ['incident'] },
  },
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#EDEDED',
    navigationBarBackgroundColor: '#EDEDED',
    navigationBarTitleText: '园安',
    navigationBarTextStyle: 'black',
    // H5 draws WeChat's navigation bar (title, back, home) only when asked to
    navigationStyle: 'default',
  },
  // WeChat: the location of a hazard report (optional, never blocking); scanCode needs no permission.
  requiredPrivateInfos: ['getLocation'],
  permission: { 'scope.userLocation': { desc: '用于记录隐患上报和现场检查的位置' } },
  lazyCodeLoading: 'requiredComponents',
});
