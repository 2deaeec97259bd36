/** Roles from DOMAIN.md. String-literal union, one source for api, admin and miniapp. */
export const ROLES = [
  'platform_admin',
  'city_supervisor',
  'zone_admin',
  'safety_officer',
  'grid_worker',
  'inspector',
  'rescue_leader',
  'rescue_member',
  'equipment_keeper',
  'enterprise_admin',
  'enterprise_staff',
  // Not a person: the actor of a request made with an API key (issue 14 §3). No rows in the permission matrix (the
  // router checks the key's scopes instead); never invitable, never a user's role.
  'api_client',
] as const;
export type Role = (typeof ROLES)[number];
/** A role a person (a user account, an invitation) can hold: every role but `api_client`. */
export type PersonRole = Exclude<Role, 'api_client'>;
/** Roles a person (a user account, an invitation) can hold: every role but `api_client`. */
export const PERSON_ROLES = ROLES.filter((r) => r !== 'api_client') as PersonRole[];

/** Roles whose users belong to one enterprise of the zone and see only that enterprise. */
export const ENTERPRISE_ROLES = ['enterprise_admin', 'enterprise_staff'] as const satisfies readonly Role[];
/** Roles that work in the admin console (second factor can be required for them). */
export const CONSOLE_ROLES = [
  'platform_admin',
  'city_supervisor',
  'zone_admin',
  'safety_officer',
  'rescue_leader',
  'equipment_keeper',
] as const satisfies readonly Role[];
/** Roles of a supervising bureau's users (tenant kind 'bureau', issue 14): never a zone's user. */
export const BUREAU_ROLES = ['city_supervisor'] as const satisfies readonly Role[];
/**
 * Roles that live only in a zone: everything but the platform operator and the bureau's supervisor (a zone user
 * with city_supervisor would bypass the bureau's grants, so zones may not create, invite or keep one).
 */
export const ZONE_ROLES = ROLES.filter((r) => r !== 'platform_admin' && r !== 'city_supervisor') as Exclude<
  Role,
  'platform_admin' | 'city_supervisor'
>[];

export function isBureauRole(role: Role): boolean {
  return (BUREAU_ROLES as readonly Role[]).includes(role);
}

export function isEnterpriseRole(role: Role): boolean {
  return (ENTERPRISE_ROLES as readonly Role[]).includes(role);
}
export function isConsoleRole(role: Role): boolean {
  return (CONSOLE_ROLES as readonly Role[]).includes(role);
}

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  platform_admin: { zh: '平台运营', en: 'Platform operator' },
  city_supervisor: { zh: '市应急管理局', en: 'City supervisor' },
  zone_admin: { zh: '园区管理员', en: 'Zone administrator' },
  safety_officer: { zh: '安监人员', en: 'Safety officer' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  inspector: { zh: '第三方检查员', en: 'Third-party inspector' },
  rescue_leader: { zh: '救援队长', en: 'Rescue leader' },
  rescue_member: { zh: '救援队员', en: 'Rescue member' },
  equipment_keeper: { zh: '器材室管理员', en: 'Equipment keeper' },
  enterprise_admin: { zh: '企业负责人', en: 'Enterprise principal' },
  enterprise_staff: { zh: '企业安全员', en: 'Enterprise safety staff' },
  api_client: { zh: 'API 密钥', en: 'API key' },
};

/**
 * Who may invite whom. A zone invites its staff; an enterprise invites only its own staff.
 * The platform operator creates zones and their first administrator, not zone staff.
 */
export const INVITABLE_BY: Partial<Record<Role, readonly Role[]>> = {
  zone_admin: [
    'zone_admin',
    'safety_officer',
    'grid_worker',
    'inspector',
    'rescue_leader',
    'rescue_member',
    'equipment_keeper',
    'enterprise_admin',
    'enterprise_staff',
  ],
  safety_officer: ['grid_worker', 'inspector', 'enterprise_admin', 'enterprise_staff'],
  enterprise_admin: ['enterprise_staff'],
};
