import { can, canIn, permissionsOf, PERMISSIONS, type Permission } from './permissions.ts';
import { CONSOLE_ROLES, ENTERPRISE_ROLES, INVITABLE_BY, PERSON_ROLES, ROLES } from './roles.ts';
import { defaultTenantSettings, tenantSettings } from './tenants.ts';

test('deny by default: unknown roles and permissions are refused', () => {
  expect(can(undefined, 'users.read')).toBe(false);
  expect(can('zone_admin', 'no.such.permission' as Permission)).toBe(false);
  expect(can('wizard' as never, 'users.read')).toBe(false);
});

test('every permission names only known roles, and every role can do something', () => {
  for (const roles of Object.values(PERMISSIONS)) for (const r of roles) expect(ROLES).toContain(r);
  for (const r of PERSON_ROLES) expect(permissionsOf(r).length).toBeGreaterThan(0);
  // An API key's actor holds nothing in the matrix: the router checks the key's scopes instead.
  expect(permissionsOf('api_client')).toEqual([]);
});

test('enterprise staff cannot manage the zone; only the platform operator manages zones', () => {
  for (const r of ENTERPRISE_ROLES) {
    expect(can(r, 'users.manage')).toBe(false);
    expect(can(r, 'audit.read')).toBe(false);
    expect(can(r, 'tenant.settings.manage')).toBe(false);
  }
  for (const r of ROLES) expect(can(r, 'platform.tenants.manage')).toBe(r === 'platform_admin');
});

test('an enterprise invites only its own staff; nobody invites platform operators', () => {
  expect(INVITABLE_BY.enterprise_admin).toEqual(['enterprise_staff']);
  for (const list of Object.values(INVITABLE_BY)) expect(list).not.toContain('platform_admin');
  for (const list of Object.values(INVITABLE_BY)) expect(list).not.toContain('api_client');
  expect(CONSOLE_ROLES).not.toContain('grid_worker');
});

test('zone settings default to DOMAIN.md values and refuse nonsense', () => {
  const s = defaultTenantSettings();
  expect(s.escalationPolicy.stages.map((x) => x.offsetSeconds)).toEqual([-259200, -86400, 0, 86400, 259200]);
  expect(s.inspectionFrequencyDays).toEqual({ red: 7, orange: 14, yellow: 30, blue: 90 });
  expect(tenantSettings.safeParse({ palette: { red: { color: 'red', label: 'x' } } }).success).toBe(false);
  expect(tenantSettings.safeParse({ hazardDeadlineDays: { general: 0, major: 30 } }).success).toBe(false);
});

test('a supervisor reads its own bureau’s trail, never a zone’s it supervises', () => {
  expect(canIn('city_supervisor', 'audit.read', 'bureau')).toBe(true);
  expect(canIn('city_supervisor', 'audit.read', 'zone')).toBe(false);
  expect(permissionsOf('city_supervisor', 'zone')).not.toContain('audit.read');
  expect(permissionsOf('city_supervisor', 'zone')).toContain('hazards.read');
  // the zone's own administrators keep it
  expect(canIn('zone_admin', 'audit.read', 'zone')).toBe(true);
});
