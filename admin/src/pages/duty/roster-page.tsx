import { useEffect, useMemo, useRef, useState, type CSSProperties, type DragEvent } from 'react';
import { Alert, Button, Card, Empty, Flex, Segmented, Select, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { CheckOutlined, LeftOutlined, RightOutlined, WarningOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { errorText } from '../../api/errors.ts';
import {
  useCanManageDuty,
  useRoster,
  type DutyLeave,
  type DutyRoster,
  type DutySlot,
  type DutyTeam,
} from '../../api/duty-queries.ts';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useMessages, type FeatureT } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { teamHue, useTeamOptions } from './bits.tsx';
import { dutyMessages, type DutyKey } from './messages.ts';
import { OverrideDialog } from './override-dialog.tsx';
import { addDays, calendarDays, isoWeekday, zoneClock, zoneDate } from './zone-time.ts';
import './duty.css';

type View = 'month' | 'week';

/** What is being dragged onto a slot: a member of a team (from the palette or from another slot). */
interface Dragged {
  teamId: string;
  userId: string;
}

/** The dialog's subject: a slot, and who was dropped on it. */
interface Picked {
  slot: DutySlot;
  userId?: string;
}

const slotKey = (s: DutySlot) => `${s.teamId}|${s.rotationId}|${s.start}`;

/** Today in the browser before the roster names the zone's time zone (the console defaults to China time). */
const DEFAULT_TZ = 'Asia/Shanghai';

/**
 * 值班表: a month or week calendar of every team's duty (or one team's). Each slot shows who is on duty after covers,
 * swaps and leave; a slot short of the team's minimum is red, leave is grey, today is marked, the slot on now is
 * outlined. A manager drags a member's name (from the palette, or from another slot) onto a slot, or clicks a slot,
 * to arrange a cover in a dialog; the dialog also lists and undoes the slot's covers.
 */
export function RosterPage() {
  const t = useMessages(dutyMessages);
  const [sp, setSp] = useSearchParams();
  const canManage = useCanManageDuty();
  const teamsQ = useTeamOptions();
  const view: View = sp.get('view') === 'week' ? 'week' : 'month';
  const teamId = sp.get('teamId') ?? undefined;
  const { lang } = useI18n();
  const langTag = lang === 'en' ? 'en-GB' : 'zh-CN';
  // The zone's time zone as the roster names it (kept while the next period loads).
  const [tz, setTz] = useState(DEFAULT_TZ);
  const today = zoneDate(new Date(), tz);
  const anchor = /^\d{4}-\d{2}-\d{2}$/.test(sp.get('date') ?? '') ? sp.get('date')! : today;
  const days = useMemo(() => calendarDays(anchor, view), [anchor, view]);
  const roster = useRoster({ teamId, from: days[0]!, to: days[days.length - 1]! });
  const data = roster.data;
  useEffect(() => {
    if (data?.timeZone) setTz(data.timeZone);
  }, [data?.timeZone]);

  const [picked, setPicked] = useState<Picked | null>(null);
  const dragged = useRef<Dragged | null>(null);
  const [hover, setHover] = useState<string | null>(null);

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setSp(next, { replace: true });
  };
  const step = (dir: 1 | -1) => {
    if (view === 'week') set({ date: addDays(anchor, 7 * dir) });
    else {
      const [y, m] = anchor.split('-').map(Number) as [number, number];
      const d = new Date(Date.UTC(y, m - 1 + dir, 1)).toISOString().slice(0, 10);
      set({ date: d });
    }
  };

  // The teams the calendar shows: the roster's (those the caller may see), in the zone's order.
  const teams = data?.teams ?? [];
  const teamById = teamsQ.byId;
  const hueOf = (id: string) => teamHue(teamsQ.teams.length ? teamsQ.teams : teams, id);

  const byDay = useMemo(() => {
    const out = new Map<string, DutySlot[]>();
    for (const s of data?.slots ?? []) {
      const d = zoneDate(s.start, tz);
      const list = out.get(d) ?? [];
      list.push(s);
      out.set(d, list);
    }
    for (const list of out.values()) list.sort((a, b) => a.start.localeCompare(b.start) || a.teamId.localeCompare(b.teamId));
    return out;
  }, [data, tz]);

  const now = Date.now();
  const drag = {
    enabled: canManage,
    start: (e: DragEvent, d: Dragged) => {
      dragged.current = d;
      e.dataTransfer.effectAllowed = 'copy';
      e.dataTransfer.setData('text/plain', d.userId);
    },
    end: () => {
      dragged.current = null;
      setHover(null);
    },
    leave: () => setHover(null),
    over: (e: DragEvent, s: DutySlot) => {
      if (!canManage || dragged.current?.teamId !== s.teamId) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      if (hover !== slotKey(s)) setHover(slotKey(s));
    },
    drop: (e: DragEvent, s: DutySlot) => {
      e.preventDefault();
      const d = dragged.current;
      dragged.current = null;
      setHover(null);
      if (d && d.teamId === s.teamId) setPicked({ slot: s, userId: d.userId });
    },
  };

  const slotProps: SlotProps = {
    t,
    sep: lang === 'en' ? ', ' : '、',
    tz,
    now,
    hover,
    drag,
    hueOf,
    multiTeam: !teamId && teams.length > 1,
    onPick: setPicked,
    teams,
  };

  const title =
    view === 'week'
      ? `${days[0]} — ${days[6]}`
      : new Intl.DateTimeFormat(langTag, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
          new Date(`${anchor.slice(0, 7)}-01T00:00:00Z`),
        );

  return (
    <PageContainer title={t('rosterTitle')} description={t('rosterDesc')}>
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Space wrap>
            <Segmented
              value={view}
              onChange={(v) => set({ view: v === 'week' ? 'week' : undefined })}
              options={[
                { value: 'month', label: t('viewMonth') },
                { value: 'week', label: t('viewWeek') },
              ]}
              data-testid="duty-view"
            />
            <Space.Compact>
              <Button icon={<LeftOutlined />} onClick={() => step(-1)} aria-label={t('prev')} data-testid="duty-prev" />
              <Button onClick={() => set({ date: undefined })} data-testid="duty-today">
                {t('today')}
              </Button>
              <Button icon={<RightOutlined />} onClick={() => step(1)} aria-label={t('next')} data-testid="duty-next" />
            </Space.Compact>
            <Typography.Text strong style={{ fontSize: 16 }} data-testid="duty-period">
              {title}
            </Typography.Text>
            {roster.isFetching && <Spin size="small" />}
          </Space>
          <Space wrap>
            {data && data.gaps > 0 && (
              <Tag color="red" icon={<WarningOutlined />} data-testid="duty-gap-count">
                {t('gapsN', { n: data.gaps })}
              </Tag>
            )}
            <Select
              value={teamId}
              onChange={(v?: string) => set({ teamId: v })}
              allowClear
              placeholder={t('allTeams')}
              options={teamsQ.options}
              loading={teamsQ.loading}
              style={{ width: 260 }}
              data-testid="duty-team-filter"
            />
          </Space>
        </Flex>
        <Legend t={t} teams={teams} hueOf={hueOf} />
      </Card>
      <Flex gap={16} align="flex-start">
        <Card size="small" style={{ flex: 1, minWidth: 0 }} data-testid="duty-calendar">
          {roster.error && !data ? (
            <QueryError error={roster.error} onRetry={() => void roster.refetch()} />
          ) : !data ? (
            <Flex justify="center" style={{ padding: 48 }}>
              <Spin />
            </Flex>
          ) : !teams.length ? (
            <Empty description={t('teamsEmpty')} />
          ) : view === 'month' ? (
            <MonthGrid days={days} month={anchor.slice(0, 7)} today={today} byDay={byDay} data={data} {...slotProps} />
          ) : (
            <WeekGrid days={days} today={today} byDay={byDay} data={data} {...slotProps} />
          )}
          {roster.error && data && <Alert type="error" showIcon style={{ marginTop: 8 }} title={errorText(roster.error)} />}
        </Card>
        <MemberPalette
          t={t}
          teams={teamsQ.teams.filter((x) => x.active && (!teamId || x.id === teamId))}
          hueOf={hueOf}
          drag={drag}
        />
      </Flex>
      {picked && (
        <OverrideDialog
          slot={picked.slot}
          team={teamById.get(picked.slot.teamId) as DutyTeam | undefined}
          teamName={teams.find((x) => x.id === picked.slot.teamId)?.name ?? ''}
          initialUserId={picked.userId}
          roster={data}
          tz={tz}
          canManage={canManage}
          onClose={() => setPicked(null)}
        />
      )}
    </PageContainer>
  );
}

interface SlotProps {
  t: FeatureT<DutyKey>;
  /** Between two names of a slot: 、 in Chinese, a comma in English. */
  sep: string;
  tz: string;
  now: number;
  hover: string | null;
  drag: {
    enabled: boolean;
    start: (e: DragEvent, d: Dragged) => void;
    end: () => void;
    leave: () => void;
    over: (e: DragEvent, s: DutySlot) => void;
    drop: (e: DragEvent, s: DutySlot) => void;
  };
  hueOf: (teamId: string) => string;
  multiTeam: boolean;
  onPick: (p: Picked) => void;
  teams: DutyRoster['teams'];
}

function Legend({ t, teams, hueOf }: { t: FeatureT<DutyKey>; teams: DutyRoster['teams']; hueOf: (id: string) => string }) {
  return (
    <Flex wrap gap={14} style={{ marginTop: 10, fontSize: 12 }} align="center">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('legend')}
      </Typography.Text>
      <span>
        <span className="duty-swatch" style={{ background: '#fff1f0', border: '1px solid #ff4d4f' }} />
        {t('legendGap')}
      </span>
      <span>
        <span className="duty-swatch" style={{ background: '#f0f0f0' }} />
        {t('legendLeave')}
      </span>
      <span>
        <span className="duty-name is-cover">{t('legendOverride')}</span>
      </span>
      <span>
        <span className="duty-swatch" style={{ background: '#f0f7ff', boxShadow: 'inset 0 2px 0 #ff4d4f' }} />
        {t('legendToday')}
      </span>
      {teams.length > 1 &&
        teams.map((x) => (
          <span key={x.id} data-user-text>
            <span className="duty-swatch" style={{ background: hueOf(x.id) }} />
            {x.name}
          </span>
        ))}
    </Flex>
  );
}

/** Approved and requested leave overlapping a local day (the day's 00:00–24:00 in the zone). */
function leavesOn(leaves: DutyLeave[], day: string, tz: string): DutyLeave[] {
  return leaves.filter(
    (l) => l.status !== 'rejected' && zoneDate(l.startsAt, tz) <= day && zoneDate(new Date(Date.parse(l.endsAt) - 1), tz) >= day,
  );
}

function LeaveChips({ leaves, t }: { leaves: DutyLeave[]; t: FeatureT<DutyKey> }) {
  return (
    <>
      {leaves.map((l) => (
        <div
          key={l.id}
          className={`duty-leave${l.status === 'requested' ? ' is-requested' : ''}`}
          title={l.reason ?? undefined}
          data-user-text
          data-testid="duty-leave"
          data-user-id={l.userId}
        >
          <span data-user-text>{t('leaveOf', { name: l.userName })}</span>
          {l.status === 'requested' && ` · ${t('leaveStatus_requested')}`}
        </div>
      ))}
    </>
  );
}

function MonthGrid({
  days,
  month,
  today,
  byDay,
  data,
  ...p
}: SlotProps & { days: string[]; month: string; today: string; byDay: Map<string, DutySlot[]>; data: DutyRoster }) {
  const { t, tz } = p;
  return (
    <div className="duty-grid" data-testid="duty-month">
      {[1, 2, 3, 4, 5, 6, 7].map((d) => (
        <div key={d} className="duty-grid-head">
          {t('weekdayN', { d: t(`weekday_${d}` as DutyKey) })}
        </div>
      ))}
      {days.map((day) => {
        const slots = byDay.get(day) ?? [];
        const holiday = slots.some((s) => s.holiday);
        return (
          <div
            key={day}
            className={`duty-day${day.slice(0, 7) !== month ? ' is-other' : ''}${day === today ? ' is-today' : ''}`}
            data-testid="duty-day"
            data-date={day}
            data-today={day === today || undefined}
          >
            <div className="duty-day-head">
              <span className="duty-day-num">{Number(day.slice(8))}</span>
              {day === today ? (
                <Tag color="blue" style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px' }}>
                  {t('today')}
                </Tag>
              ) : holiday ? (
                <span className="duty-holiday">{t('holiday')}</span>
              ) : null}
            </div>
            {slots.map((s) => (
              <SlotChip key={slotKey(s)} slot={s} compact {...p} />
            ))}
            <LeaveChips leaves={leavesOn(data.leaves, day, tz)} t={t} />
          </div>
        );
      })}
    </div>
  );
}

function WeekGrid({
  days,
  today,
  byDay,
  data,
  ...p
}: SlotProps & { days: string[]; today: string; byDay: Map<string, DutySlot[]>; data: DutyRoster }) {
  const { t, tz } = p;
  return (
    <div className="duty-week" style={{ gridTemplateColumns: '150px repeat(7, minmax(0, 1fr))' }} data-testid="duty-week">
      <div className="duty-grid-head" />
      {days.map((day) => (
        <div key={day} className="duty-grid-head" style={day === today ? { color: '#1677ff' } : undefined}>
          {t('weekdayN', { d: t(`weekday_${isoWeekday(day)}` as DutyKey) })} {day.slice(5)}
          {day === today && (
            <Tag color="blue" style={{ marginInlineStart: 6, fontSize: 11, lineHeight: '16px' }}>
              {t('today')}
            </Tag>
          )}
        </div>
      ))}
      {data.teams.map((team) => (
        <TeamWeekRow key={team.id} team={team} days={days} today={today} byDay={byDay} data={data} {...p} t={t} tz={tz} />
      ))}
    </div>
  );
}

function TeamWeekRow({
  team,
  days,
  today,
  byDay,
  data,
  ...p
}: SlotProps & {
  team: DutyRoster['teams'][number];
  days: string[];
  today: string;
  byDay: Map<string, DutySlot[]>;
  data: DutyRoster;
}) {
  const { t, tz } = p;
  const style = { '--team-hue': p.hueOf(team.id) } as CSSProperties;
  const people = new Set(data.slots.filter((s) => s.teamId === team.id).flatMap((s) => [...s.scheduledUserIds, ...s.userIds]));
  return (
    <>
      <div className="duty-week-team" style={style}>
        <div data-user-text style={{ fontWeight: 600 }}>
          {team.name}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('minOnDuty', { n: team.minOnDuty })}
        </Typography.Text>
      </div>
      {days.map((day) => (
        <div
          key={day}
          className={`duty-day${day === today ? ' is-today' : ''}`}
          data-testid="duty-day"
          data-date={day}
          data-team={team.id}
        >
          {(byDay.get(day) ?? [])
            .filter((s) => s.teamId === team.id)
            .map((s) => (
              <SlotChip key={slotKey(s)} slot={s} {...p} multiTeam={false} />
            ))}
          <LeaveChips
            leaves={leavesOn(data.leaves, day, tz).filter((l) => l.teamId === team.id || (!l.teamId && people.has(l.userId)))}
            t={t}
          />
        </div>
      ))}
    </>
  );
}

/**
 * One slot: time and kind, who is on duty (covers in blue, ✓ checked in), who leave took off (struck through),
 * red with "缺 N 人" when short. Clicking opens the cover dialog; a dragged member of the slot's team drops on it.
 */
function SlotChip({ slot, compact, ...p }: SlotProps & { slot: DutySlot; compact?: boolean }) {
  const { t, tz, drag } = p;
  const short = Math.max(0, slot.minOnDuty - slot.userIds.length);
  const isNow = Date.parse(slot.start) <= p.now && p.now < Date.parse(slot.end);
  const team = p.teams.find((x) => x.id === slot.teamId);
  const kind = slot.kind === 'full' ? '' : t(`kind_${slot.kind}` as DutyKey);
  const leaveOff = slot.removed.filter((r) => r.reason === 'leave');
  const style = { '--team-hue': p.hueOf(slot.teamId) } as CSSProperties;
  const names = (
    <span className="duty-slot-names">
      {slot.assignees.map((a, i) => (
        <span key={`${a.userId}-${i}`}>
          <span
            className={`duty-name${a.source !== 'rotation' ? ' is-cover' : ''}`}
            data-testid="duty-slot-name"
            data-user-id={a.userId}
            data-source={a.source}
            data-user-text
            draggable={drag.enabled}
            onDragStart={(e) => {
              e.stopPropagation();
              drag.start(e, { teamId: slot.teamId, userId: a.userId });
            }}
            onDragEnd={drag.end}
            title={a.source !== 'rotation' ? t(a.source === 'swap' ? 'swapMark' : 'overrideMark') : undefined}
          >
            {a.name}
          </span>
          {a.checkedIn && (
            <Tooltip title={t('checkedIn')}>
              <CheckOutlined className="duty-check" />
            </Tooltip>
          )}
          {compact && i < slot.assignees.length - 1 ? p.sep : ''}
        </span>
      ))}
      {leaveOff.map((r) => (
        <span
          key={`off-${r.userId}`}
          className="duty-name is-removed"
          title={t('onLeave')}
          data-user-text
          data-testid="duty-slot-removed"
        >
          {compact && slot.assignees.length ? ' ' : ''}
          {r.name}
        </span>
      ))}
    </span>
  );
  return (
    <div
      className={`duty-slot${slot.gap ? ' is-gap' : ''}${isNow ? ' is-now' : ''}${p.hover === slotKey(slot) ? ' drop-ok' : ''}`}
      style={style}
      role="button"
      tabIndex={0}
      onClick={() => p.onPick({ slot })}
      onKeyDown={(e) => {
        if (e.key === 'Enter') p.onPick({ slot });
      }}
      onDragOver={(e) => drag.over(e, slot)}
      onDragLeave={drag.leave}
      onDrop={(e) => drag.drop(e, slot)}
      data-testid="duty-slot"
      data-team={slot.teamId}
      data-start={slot.start}
      data-gap={slot.gap ? 'true' : 'false'}
      data-now={isNow || undefined}
    >
      {p.multiTeam && team && (
        <span className="duty-slot-team" data-user-text>
          {team.name}
        </span>
      )}
      <span className="duty-slot-time">
        {zoneClock(slot.start, tz)}
        {kind && ` ${kind}`}
      </span>
      {isNow && (
        <Tag color="green" style={{ marginInlineEnd: 4, fontSize: 11, lineHeight: '16px', padding: '0 4px' }}>
          {t('now')}
        </Tag>
      )}
      {names}
      {slot.gap && (
        <span className="duty-slot-gap" data-testid="duty-slot-gap">
          {short > 0 ? t('gapN', { n: short }) : t('gap')}
        </span>
      )}
    </div>
  );
}

/** The selected team's members (or every team's), as names to drag onto slots. */
function MemberPalette({
  t,
  teams,
  hueOf,
  drag,
}: {
  t: FeatureT<DutyKey>;
  teams: DutyTeam[];
  hueOf: (id: string) => string;
  drag: SlotProps['drag'];
}) {
  if (!drag.enabled) return null;
  return (
    <Card
      size="small"
      title={t('members')}
      style={{ width: 230, flex: 'none' }}
      className="duty-palette"
      data-testid="duty-palette"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('membersHint')}
      </Typography.Paragraph>
      {teams.map((team) => (
        <div key={team.id} style={{ '--team-hue': hueOf(team.id) } as CSSProperties}>
          {teams.length > 1 && (
            <div className="duty-palette-team" data-user-text>
              {team.name}
            </div>
          )}
          {team.members
            .filter((m) => m.active)
            .map((m) => (
              <span
                key={m.userId}
                className="duty-member"
                draggable
                onDragStart={(e) => drag.start(e, { teamId: team.id, userId: m.userId })}
                onDragEnd={drag.end}
                data-testid="duty-member"
                data-team={team.id}
                data-user-id={m.userId}
                data-user-text
                title={m.skills.join(' · ') || undefined}
              >
                {m.name}
              </span>
            ))}
        </div>
      ))}
    </Card>
  );
}
