import { can, permissionsOf, type Me, type Role, type User as UserDto } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { currentActor } from '../../core/context/request-scope.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import type { User } from './identity.entity.ts';

/** The phone as the current caller may see it: whole for roles with `pii.view`, masked otherwise. */
export function visiblePhone(c: Container, sealed: string | null | undefined, masked: string | null | undefined): string | null {
  if (!sealed) return masked ?? null;
  return can(currentActor()?.role, 'pii.view') ? c.cipher.open(sealed) : (masked ?? null);
}

export function userDto(c: Container, u: User, wechatBound: boolean): UserDto {
  return {
    id: u.id,
    username: u.username ?? null,
    name: u.name,
    role: u.role,
    enterpriseId: u.enterpriseId ?? null,
    gridIds: u.gridIds ?? [],
    phone: visiblePhone(c, u.phoneSealed, u.phoneMasked),
    status: u.status,
    mfaEnabled: u.mfaEnabled,
    wechatBound,
    lastLoginAt: iso(u.lastLoginAt),
    createdAt: isoReq(u.createdAt),
  };
}

export function meDto(
  u: Pick<User, 'id' | 'username' | 'name' | 'role' | 'enterpriseId' | 'phoneMasked' | 'mfaEnabled' | 'mustChangePassword'> & {
    gridIds?: string[];
  },
  tenant: TenantInfo,
  enterpriseName: string | null,
  actingAs: Me['actingAs'] = null,
  roleOverride?: Role,
): Me {
  const role = roleOverride ?? u.role;
  return {
    id: u.id,
    tenant: {
      id: tenant.id,
      code: tenant.code,
      name: tenant.name,
      kind: tenant.kind,
      timeZone: tenant.timeZone,
      palette: tenant.settings.palette,
    },
    username: u.username ?? null,
    name: u.name,
    role,
    enterpriseId: u.enterpriseId ?? null,
    enterpriseName,
    gridIds: u.gridIds ?? [],
    phoneMasked: u.phoneMasked ?? null,
    mfaEnabled: u.mfaEnabled,
    mustChangePassword: u.mustChangePassword,
    permissions: permissionsOf(role, tenant.kind),
    actingAs,
  };
}
