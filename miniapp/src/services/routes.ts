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

/** Where a role works in the mini-program: one subpackage per area, loaded only by the roles that use it. */
export type Area = 'enterprise' | 'grid' | 'inspector' | 'rescue' | 'console';

export const AREA_OF_ROLE: Record<Role, Area> = {
  enterprise_admin: 'enterprise',
  enterprise_staff: 'enterprise',
  grid_worker: 'grid',
  // 安监 shares the grid worker's patrol style (grids, enterprises, hazards)
  safety_officer: 'grid',
  inspector: 'inspector',
  rescue_member: 'rescue',
  rescue_leader: 'rescue',
  // console roles work in the admin console; the mini-program shows them their profile and a pointer
  zone_admin: 'console',
  equipment_keeper: 'console',
  city_supervisor: 'console',
  platform_admin: 'console',
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
  console: { home: PAGES.console, messages: null },
};

export function routesOf(role: Role): AreaRoutes {
  return AREA_ROUTES[AREA_OF_ROLE[role]];
}
export function homeOf(role: Role): string {
  return routesOf(role).home;
}

/** The page of a notification's link (`/hazards/<id>` → the hazard's detail), or null when it has none here. */
export function pageOfLink(link: string | null): string | null {
  const m = link ? /^\/hazards\/([0-9a-f-]{36})$/i.exec(link) : null;
  return m ? `${HAZARD_PAGES.detail}?id=${m[1]}` : null;
}
