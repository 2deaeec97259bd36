import type { Role } from '@yuanan/contracts';

/** Main-package pages (small: launch, zone, sign-in, binding, profile). */
export const PAGES = {
  launch: '/pages/index/index',
  zone: '/pages/zone/index',
  login: '/pages/login/index',
  bind: '/pages/bind/index',
  profile: '/pages/profile/index',
  sessions: '/pages/sessions/index',
  console: '/pages/console/index',
  outbox: '/pages/outbox/index',
} as const;

/** Hazard pages (the pkg-hazard subpackage, shared by enterprise users, grid workers, safety officers, inspectors). */
export const HAZARD_PAGES = {
  report: '/pkg-hazard/pages/report/index',
  list: '/pkg-hazard/pages/list/index',
  detail: '/pkg-hazard/pages/detail/index',
  action: '/pkg-hazard/pages/action/index',
} as const;

/** 值班 pages (pkg-rescue: rescue members and leaders). */
export const DUTY_PAGES = {
  home: '/pkg-rescue/pages/home/index',
  shifts: '/pkg-rescue/pages/shifts/index',
  swapNew: '/pkg-rescue/pages/swap-new/index',
  swaps: '/pkg-rescue/pages/swaps/index',
} as const;

/** 器材室 pages (pkg-equipment: borrowers — enterprise users, rescue members — and the equipment keeper). */
export const EQUIPMENT_PAGES = {
  home: '/pkg-equipment/pages/home/index',
  catalogue: '/pkg-equipment/pages/catalogue/index',
  request: '/pkg-equipment/pages/request/index',
  mine: '/pkg-equipment/pages/mine/index',
  scan: '/pkg-equipment/pages/scan/index',
  unit: '/pkg-equipment/pages/unit/index',
  checkout: '/pkg-equipment/pages/checkout/index',
  receive: '/pkg-equipment/pages/receive/index',
  loans: '/pkg-equipment/pages/loans/index',
} as const;

/**
 * 物联网监测 pages (pkg-iot: enterprise users' devices and alarms; grid workers' and safety officers' zone alarms).
 */
export const IOT_PAGES = {
  devices: '/pkg-iot/pages/devices/index',
  alarms: '/pkg-iot/pages/alarms/index',
  alarm: '/pkg-iot/pages/alarm/index',
  handle: '/pkg-iot/pages/handle/index',
} as const;

/**
 * Inspection pages (the pkg-inspection subpackage: 今日任务 / 企业自查 and one task). The same paths as the
 * subpackage's services/pages.ts, repeated here so the main package needs no import from it.
 */
export const INSPECTION_PAGES = {
  list: '/pkg-inspection/pages/list/index',
  task: '/pkg-inspection/pages/task/index',
} as const;

/** The inspection list's tab (pkg-inspection LIST_TABS) for a task list status filter. */
function inspectionTab(status: string | null): string {
  if (!status) return 'all';
  if (status === 'missed') return 'missed';
  if (status === 'done') return 'done';
  return status.split(',').every((s) => s === 'open' || s === 'in_progress') ? 'todo' : 'all';
}

/**
 * The inspection page of a console link: a task (`/inspections/tasks/<id>`) → the task page; the task list
 * (`/inspections/tasks?status=…`) → 今日任务 on the matching tab (the list there is the caller's own tasks, or their
 * enterprise's 企业自查). Null for anything else.
 */
export function inspectionPageOf(link: string | null): string | null {
  if (!link) return null;
  const [path = '', query = ''] = link.split('?');
  const task = /^\/inspections\/tasks\/([0-9a-f-]{36})$/i.exec(path);
  if (task) return `${INSPECTION_PAGES.task}?id=${task[1]}`;
  if (path === '/inspections/tasks')
    return `${INSPECTION_PAGES.list}?tab=${inspectionTab(new URLSearchParams(query).get('status'))}`;
  return null;
}

/** Where a role works in the mini-program: one subpackage per area, loaded only by the roles that use it. */
export type Area = 'enterprise' | 'grid' | 'inspector' | 'rescue' | 'equipment' | 'console';

export const AREA_OF_ROLE: Record<Role, Area> = {
  enterprise_admin: 'enterprise',
  enterprise_staff: 'enterprise',
  grid_worker: 'grid',
  // 安监 shares the grid worker's patrol style (grids, enterprises, hazards)
  safety_officer: 'grid',
  inspector: 'inspector',
  rescue_member: 'rescue',
  rescue_leader: 'rescue',
  // 器材室: scans units to check them out and in (pkg-equipment's keeper home)
  equipment_keeper: 'equipment',
  // console roles work in the admin console; the mini-program shows them their profile and a pointer
  zone_admin: 'console',
  city_supervisor: 'console',
  platform_admin: 'console',
  // an API key's actor (issue 14), never a signed-in person: nothing to show
  api_client: 'console',
};

export interface AreaRoutes {
  home: string;
  messages: string | null;
}

export const AREA_ROUTES: Record<Area, AreaRoutes> = {
  enterprise: { home: '/pkg-enterprise/pages/home/index', messages: '/pkg-enterprise/pages/notifications/index' },
  grid: { home: '/pkg-grid/pages/home/index', messages: '/pkg-grid/pages/notifications/index' },
  inspector: { home: '/pkg-inspector/pages/home/index', messages: '/pkg-inspector/pages/notifications/index' },
  rescue: { home: '/pkg-rescue/pages/home/index', messages: '/pkg-rescue/pages/notifications/index' },
  equipment: { home: '/pkg-equipment/pages/home/index', messages: '/pkg-equipment/pages/notifications/index' },
  console: { home: PAGES.console, messages: null },
};

export function routesOf(role: Role): AreaRoutes {
  return AREA_ROUTES[AREA_OF_ROLE[role]];
}
export function homeOf(role: Role): string {
  return routesOf(role).home;
}

/**
 * The page of a notification's link (`/hazards/<id>` → the hazard's detail; `/iot/alarms/<id>` → the alarm's detail;
 * an inspection task or the task list → the inspection pages, {@link inspectionPageOf}), or null when it has none here.
 */
export function pageOfLink(link: string | null): string | null {
  const m = link ? /^\/hazards\/([0-9a-f-]{36})$/i.exec(link) : null;
  if (m) return `${HAZARD_PAGES.detail}?id=${m[1]}`;
  const alarm = link ? /^\/iot\/alarms\/([0-9a-f-]{36})$/i.exec(link.split('?')[0]!) : null;
  if (alarm) return `${IOT_PAGES.alarm}?id=${alarm[1]}`;
  return inspectionPageOf(link);
}
