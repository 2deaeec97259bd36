import { useMemo } from 'react';
import { Tag } from 'antd';
import { ENTERPRISE_ROLES } from '@yuanan/contracts';
import { useDutyTeams, type DutyTeam } from '../../api/duty-queries.ts';
import { useUsers } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { useRoleLabel } from '../../components/role-label.ts';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { dutyMessages, type DutyKey } from './messages.ts';

/** A team's hue in the calendar (by its position in the zone's team list), so several teams read apart. */
export const TEAM_HUES = ['#1677ff', '#13a8a8', '#722ed1', '#d48806', '#389e0d', '#c41d7f', '#08979c', '#531dab'];

export function teamHue(teams: { id: string }[], teamId: string): string {
  const i = teams.findIndex((t) => t.id === teamId);
  return TEAM_HUES[(i < 0 ? 0 : i) % TEAM_HUES.length]!;
}

const SWAP_COLOURS: Record<string, string> = {
  requested: 'gold',
  accepted: 'processing',
  approved: 'green',
  declined: 'default',
  rejected: 'red',
  cancelled: 'default',
};

/** A swap's state (待对方同意 → 待审批 → 已批准 …). */
export function SwapStatusTag({ status }: { status: string }) {
  const t = useMessages(dutyMessages);
  return (
    <Tag color={SWAP_COLOURS[status]} style={{ marginInlineEnd: 0 }} data-testid="duty-swap-status" data-status={status}>
      {t(`swapStatus_${status}` as DutyKey)}
    </Tag>
  );
}

const LEAVE_COLOURS: Record<string, string> = { requested: 'gold', approved: 'green', rejected: 'red' };

export function LeaveStatusTag({ status }: { status: string }) {
  const t = useMessages(dutyMessages);
  return (
    <Tag color={LEAVE_COLOURS[status]} style={{ marginInlineEnd: 0 }} data-testid="duty-leave-status" data-status={status}>
      {t(`leaveStatus_${status}` as DutyKey)}
    </Tag>
  );
}

/** The teams as select options (name), and a lookup by id. */
export function useTeamOptions() {
  const teams = useDutyTeams();
  return useMemo(() => {
    const items: DutyTeam[] = teams.data?.items ?? [];
    return {
      teams: items,
      loading: teams.isLoading,
      options: items.map((x) => ({ value: x.id, label: x.name })),
      byId: new Map(items.map((x) => [x.id, x])),
    };
  }, [teams.data, teams.isLoading]);
}

/** A team's active members as select options. */
export function memberOptions(team: DutyTeam | undefined) {
  return (team?.members ?? []).filter((m) => m.active).map((m) => ({ value: m.userId, label: m.name }));
}

/**
 * People who may join a team (the zone's staff and rescue people, no enterprise accounts), when the caller may read
 * the zone's users; a team leader without that sees none and adds people the office has registered.
 */
export function useZoneStaffOptions(enabled = true) {
  const { effective } = useSession();
  const roleName = useRoleLabel();
  const pn = usePunct();
  const canRead = hasPermission(effective, 'users.read');
  const users = useUsers({ pageSize: 200, status: 'active' }, enabled && canRead);
  return useMemo(
    () => ({
      canRead,
      options: (users.data?.items ?? [])
        .filter((u) => !(ENTERPRISE_ROLES as readonly string[]).includes(u.role))
        .map((u) => ({ value: u.id, label: `${u.name}${pn.paren(roleName(u.role))}` })),
    }),
    [users.data, roleName, pn, canRead],
  );
}
