import type { Role } from './roles.ts';

/**
 * The permission matrix: every route names one permission, and a role may call it only when listed here.
 * Deny by default: a permission missing from a role's list is refused. Enterprise roles are further limited
 * to their own enterprise by the api (scope), not by this matrix.
 */
// Role groups, so each permission reads as who it is for.
const OFFICE = ['zone_admin', 'safety_officer', 'platform_admin'] as const;
const ADMIN = ['zone_admin', 'platform_admin'] as const;
const ENTERPRISE = ['enterprise_admin', 'enterprise_staff'] as const;
const FIELD = ['grid_worker', 'inspector'] as const;
const RESCUE = ['rescue_leader', 'rescue_member'] as const;
/** Everyone who works inside a zone (the city supervisor reads across zones, granted separately). */
const WORKERS = [...OFFICE, ...FIELD, ...RESCUE, 'equipment_keeper', ...ENTERPRISE] as const;
const EVERYONE = [...WORKERS, 'city_supervisor'] as const;

export const PERMISSIONS = {
  // one's own profile, sessions, second factor and notifications
  self: EVERYONE,
  // platform
  'platform.tenants.manage': ['platform_admin'],
  'platform.actAs': ['platform_admin'],
  'platform.queues.view': ['platform_admin'],
  // zone configuration
  'tenant.settings.read': OFFICE,
  'tenant.settings.manage': ADMIN,
  'catalog.read': EVERYONE,
  'catalog.manage': ADMIN,
  // identity
  'users.read': [...OFFICE, 'enterprise_admin'],
  'users.manage': ADMIN,
  'invitations.manage': [...OFFICE, 'enterprise_admin'],
  'pii.view': [...OFFICE, 'rescue_leader'],
  // audit trail
  /** A bureau's supervisor reads its own bureau's trail (grants given and changed), never a zone's: {@link canIn}. */
  'audit.read': [...ADMIN, 'city_supervisor'],
  'audit.verify': ADMIN,
  // files
  'files.upload': WORKERS,
  'files.read': EVERYONE,
  // enterprises (一企一档)
  'enterprises.read': EVERYONE,
  'enterprises.manage': OFFICE,
  'enterprises.selfUpdate': ENTERPRISE,
  /** Sub-records (contacts, certificates, chemicals, supplies, team, plans, drills, risk points): zone staff for
   * any enterprise, enterprise users for their own. */
  'enterprises.records.write': [...OFFICE, ...ENTERPRISE],
  'enterprises.approve': OFFICE,
  'enterprises.import': OFFICE,
  'enterprises.export': [...OFFICE, 'city_supervisor'],
  // risk (风险分级管控)
  'risk.read': [...OFFICE, ...FIELD, ...ENTERPRISE, 'city_supervisor', 'rescue_leader'],
  'risk.manage': [...OFFICE, ...ENTERPRISE],
  'risk.model.manage': ADMIN,
  'dashboard.read': [...OFFICE, 'city_supervisor', 'grid_worker'],
  'tasks.read': [...OFFICE, 'grid_worker', ...ENTERPRISE, 'equipment_keeper'],
  'tasks.resolve': [...OFFICE, 'grid_worker', ...ENTERPRISE],
  // hazards (隐患闭环)
  'hazards.read': [...OFFICE, ...FIELD, ...ENTERPRISE, 'city_supervisor'],
  'hazards.report': [...OFFICE, ...FIELD, ...ENTERPRISE],
  'hazards.manage': OFFICE,
  'hazards.export': [...OFFICE, 'city_supervisor'],
  // inspections (日常留痕监管). Which tasks each role sees and may perform is the api's scope
  // (inspection-scope.ts): enterprise users their own enterprise's, inspectors their agency's contracted ones.
  'inspections.read': [...OFFICE, ...FIELD, ...ENTERPRISE, 'city_supervisor'],
  'inspections.templates.manage': OFFICE,
  'inspections.plans.manage': OFFICE,
  'inspections.perform': [...OFFICE, ...FIELD, ...ENTERPRISE],
  'inspections.agencies.manage': OFFICE,
  'inspections.export': [...OFFICE, 'city_supervisor'],
  // rescue duty (值班). The roster is the zone staff's and the rescue team's; enterprises never see who is on duty.
  'duty.read': [...OFFICE, ...RESCUE, 'equipment_keeper'],
  /** Teams, members, rotations, overrides, leave, deciding swaps: the office and the team leader (own teams, api). */
  'duty.manage': [...OFFICE, 'rescue_leader'],
  /** One's own duty: ask for and answer swaps, ask for leave, check in and out of the duty room. */
  'duty.self': RESCUE,
  'duty.export': [...OFFICE, 'rescue_leader'],
  // equipment room (器材室). Enterprise users see the lendable catalogue and their own enterprise's requests and
  // loans only (api scope).
  'equipment.read': WORKERS,
  /** Catalogue, units, labels, maintenance, import. */
  'equipment.manage': [...OFFICE, 'equipment_keeper'],
  /** Approve requests, reserve, check out, receive returns, recall, nudge. */
  'equipment.lend': [...OFFICE, 'equipment_keeper'],
  /** Ask to borrow (an enterprise for itself, a rescue member for the team) and declare a return. */
  'equipment.request': [...ENTERPRISE, ...RESCUE],
  'equipment.export': [...OFFICE, 'equipment_keeper', 'city_supervisor'],
  // IoT monitoring (物联网实时监测). Enterprise users see their own enterprise's devices and alarms only (api scope);
  // grid workers see the whole zone and get the pushes of their grid.
  'iot.read': [...OFFICE, 'grid_worker', ...ENTERPRISE, 'city_supervisor', 'rescue_leader'],
  /** Devices, rules, credentials, import and export. */
  'iot.manage': OFFICE,
  /** Acknowledge, assign, comment, clear and close (handle) alarms. */
  'iot.alarms.handle': [...OFFICE, 'grid_worker', ...ENTERPRISE],
  // incidents (应急联动). Enterprise users see only the incidents they reported or of their enterprise
  // (GET /incidents/mine) and their warnings (api scope).
  'incidents.read': [...OFFICE, 'rescue_leader', 'rescue_member', 'equipment_keeper', 'grid_worker', 'city_supervisor'],
  /** The duty desk (值班台): raise, update, dispatch, close, report to the authority. */
  'incidents.manage': [...OFFICE, 'rescue_leader'],
  /** One-press SOS (一键求救) and one's own reported incidents: every zone role but the city supervisor. */
  'incidents.sos': WORKERS,
  /** A rescuer's own dispatches: acknowledge, en route / on scene / done, roll call, scene photos. */
  'incidents.respond': RESCUE,
  'incidents.plans.manage': OFFICE,
  /** Acknowledge a downwind warning to one's enterprise. */
  'incidents.warnings.ack': ENTERPRISE,
  /** The command hall's big screen (指挥大厅). */
  'command_hall.view': [...OFFICE, 'rescue_leader', 'city_supervisor', 'equipment_keeper'],
  // law library (法律法规在线查询): everyone reads; the office (and the platform operator for the platform
  // library) uploads, edits and keeps the synonyms.
  'laws.view': EVERYONE,
  'laws.manage': OFFICE,
  // city supervision (市应急管理局 over the zones granted to it) and integration with other systems
  /** The platform operator keeps the supervisor organisations (bureaus) and their grants over zones. */
  'supervision.grants.manage': ['platform_admin'],
  /** A bureau's own views across its granted zones, and entering one zone read-only. */
  'supervision.read': ['city_supervisor'],
  /** A zone's list of who from a supervising bureau read its data (上级查看记录). */
  'supervision.log.read': OFFICE,
  /** See the zone's API keys, webhook subscriptions and deliveries, export targets and runs. */
  'integration.read': OFFICE,
  /** Create, rotate and revoke API keys; subscribe, change and replay webhooks; set export targets. */
  'integration.manage': ADMIN,
  /** Run an export now and download what was sent. */
  'exports.run': OFFICE,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

const index = new Map<Permission, ReadonlySet<Role>>(
  Object.entries(PERMISSIONS).map(([p, roles]) => [p as Permission, new Set<Role>(roles)]),
);

/** Deny by default: unknown permissions and unlisted roles are refused. */
export function can(role: Role | undefined | null, permission: Permission): boolean {
  if (!role) return false;
  return index.get(permission)?.has(role) ?? false;
}

/**
 * Permissions a bureau's supervisor holds in its own bureau only, never inside a zone it reads (issue 14 §1): it
 * reads the zone's records, not the zone staff's trail of who did what from which address.
 */
export const BUREAU_ONLY_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>(['audit.read']);

/**
 * {@link can} for a caller in a tenant of kind `tenantKind` ('zone' | 'bureau' | 'platform'): a `city_supervisor`
 * inside a zone (only ever there by a supervision grant) lacks {@link BUREAU_ONLY_PERMISSIONS}.
 */
export function canIn(role: Role | undefined | null, permission: Permission, tenantKind: string): boolean {
  if (role === 'city_supervisor' && tenantKind === 'zone' && BUREAU_ONLY_PERMISSIONS.has(permission)) return false;
  return can(role, permission);
}

/** Every permission of `role`; with `tenantKind`, those it holds there ({@link canIn}). */
export function permissionsOf(role: Role, tenantKind?: string): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => (tenantKind ? canIn(role, p, tenantKind) : can(role, p)));
}
