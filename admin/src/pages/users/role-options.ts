import { CONSOLE_ROLES, ENTERPRISE_ROLES, ZONE_ROLES, type Role } from '@yuanan/contracts';

/** Roles a zone can give its users (never the platform operator). */
export const ZONE_USER_ROLES: readonly Role[] = ZONE_ROLES;
/** Roles created directly with a password (console users); the others join through an invitation. */
export const CONSOLE_CREATE_ROLES: readonly Role[] = CONSOLE_ROLES.filter((r) => r !== 'platform_admin');
export const isEnterprise = (r: Role) => (ENTERPRISE_ROLES as readonly Role[]).includes(r);

/** A strong temporary password (10+ characters, all four classes, no look-alike characters). */
export function generatePassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '!@#$%&*?'];
  const rnd = (n: number) => crypto.getRandomValues(new Uint32Array(1))[0]! % n;
  const chars = sets.map((s) => s[rnd(s.length)]!);
  const all = sets.join('');
  while (chars.length < 14) chars.push(all[rnd(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = rnd(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
