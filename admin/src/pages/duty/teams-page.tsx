import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router';
import { DUTY_TEAM_KINDS, type DutyTeamKind } from '@yuanan/contracts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import {
  useCanManageDuty,
  useDutyTeamCandidates,
  useDutyTeams,
  useRotations,
  useTeamMutations,
  type DutyRotation,
  type DutyTeam,
  type DutyTeamMember,
} from '../../api/duty-queries.ts';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useRoleLabel } from '../../components/role-label.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePunct } from '../../i18n/punct.ts';
import { memberOptions, useZoneStaffOptions } from './bits.tsx';
import { DutyQrButton } from './duty-qr-button.tsx';
import { dutyMessages, type DutyKey } from './messages.ts';
import { RotationForm } from './rotation-form.tsx';
import './duty.css';

/**
 * 队伍与成员: the zone's duty teams on the left; the chosen one's members (skills, certificates, masked phones) and
 * rotations on the right, with the duty-room QR code to print. Managers create and edit teams, add and remove
 * members, edit skills and certificates, and edit rotations.
 */
export function TeamsPage() {
  const t = useMessages(dutyMessages);
  const canManage = useCanManageDuty();
  const teams = useDutyTeams();
  const [sp, setSp] = useSearchParams();
  const [editing, setEditing] = useState<DutyTeam | 'new' | null>(null);
  const items = teams.data?.items ?? [];
  const selected = items.find((x) => x.id === sp.get('team')) ?? items[0];
  const pick = (id: string) => {
    const next = new URLSearchParams(sp);
    next.set('team', id);
    setSp(next, { replace: true });
  };

  return (
    <PageContainer
      title={t('teamsTitle')}
      description={t('teamsDesc')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="duty-team-create">
            {t('teamCreate')}
          </Button>
        )
      }
    >
      {teams.error && !teams.data ? (
        <QueryError error={teams.error} onRetry={() => void teams.refetch()} />
      ) : (
        <Flex gap={16} align="flex-start">
          <Card size="small" style={{ width: 280, flex: 'none' }} loading={teams.isLoading} data-testid="duty-team-list">
            {items.length ? (
              <List
                size="small"
                dataSource={items}
                renderItem={(x) => (
                  <List.Item
                    onClick={() => pick(x.id)}
                    style={{
                      cursor: 'pointer',
                      background: x.id === selected?.id ? '#e6f4ff' : undefined,
                      borderRadius: 6,
                      paddingInline: 8,
                    }}
                    data-testid="duty-team-item"
                    data-id={x.id}
                  >
                    <Flex vertical gap={2} style={{ minWidth: 0 }}>
                      <Typography.Text strong ellipsis data-user-text>
                        {x.name}
                      </Typography.Text>
                      <Space size={4} wrap>
                        <Tag style={{ marginInlineEnd: 0 }}>{t(`teamKind_${x.kind}` as DutyKey)}</Tag>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('membersN', { n: x.members.filter((m) => m.active).length })}
                        </Typography.Text>
                        {!x.active && <Tag color="default">{t('inactive')}</Tag>}
                      </Space>
                    </Flex>
                  </List.Item>
                )}
              />
            ) : (
              <Empty description={t('teamsEmpty')} />
            )}
          </Card>
          {selected && <TeamDetail key={selected.id} team={selected} canManage={canManage} onEdit={() => setEditing(selected)} />}
        </Flex>
      )}
      {editing && (
        <TeamForm
          team={editing === 'new' ? null : editing}
          onClose={(id) => {
            setEditing(null);
            if (id) pick(id);
          }}
        />
      )}
    </PageContainer>
  );
}

function TeamDetail({ team, canManage, onEdit }: { team: DutyTeam; canManage: boolean; onEdit: () => void }) {
  const t = useMessages(dutyMessages);
  return (
    <Card
      size="small"
      style={{ flex: 1, minWidth: 0 }}
      title={<span data-user-text>{team.name}</span>}
      extra={
        <Space>
          <DutyQrButton team={team} />
          {canManage && (
            <Button icon={<EditOutlined />} onClick={onEdit} data-testid="duty-team-edit">
              {t('edit')}
            </Button>
          )}
        </Space>
      }
      data-testid="duty-team-detail"
    >
      <Descriptions
        size="small"
        column={4}
        items={[
          { key: 'kind', label: t('teamKind'), children: t(`teamKind_${team.kind}` as DutyKey) },
          { key: 'leader', label: t('leader'), children: <span data-user-text>{team.leaderName ?? '—'}</span> },
          { key: 'min', label: t('minOnDutyLabel'), children: team.minOnDuty },
          { key: 'active', label: t('status'), children: team.active ? t('active') : t('inactive') },
        ]}
      />
      <Tabs
        items={[
          {
            key: 'members',
            label: `${t('members')} ${team.members.filter((m) => m.active).length}`,
            children: <Members team={team} canManage={canManage} />,
          },
          { key: 'rotations', label: t('rotations'), children: <Rotations team={team} canManage={canManage} /> },
        ]}
      />
    </Card>
  );
}

/** A certificate's expiry: red when past, orange within 60 days. */
function CertTag({ c }: { c: DutyTeamMember['certificates'][number] }) {
  const t = useMessages(dutyMessages);
  const today = dayjs().format('YYYY-MM-DD');
  const soon = dayjs().add(60, 'day').format('YYYY-MM-DD');
  const state = !c.expiresOn ? null : c.expiresOn < today ? 'expired' : c.expiresOn <= soon ? 'soon' : null;
  return (
    <Tag color={state === 'expired' ? 'red' : state === 'soon' ? 'orange' : 'blue'} style={{ marginBottom: 2 }} data-user-text>
      {c.name}
      {c.expiresOn && ` · ${c.expiresOn}`}
      {state === 'expired' ? ` ${t('certExpired')}` : state === 'soon' ? ` ${t('certExpiring')}` : ''}
    </Tag>
  );
}

function Members({ team, canManage }: { team: DutyTeam; canManage: boolean }) {
  const t = useMessages(dutyMessages);
  const { message } = App.useApp();
  const roleName = useRoleLabel();
  const ops = useTeamMutations();
  const [editing, setEditing] = useState<DutyTeamMember | 'new' | null>(null);
  const members = team.members.filter((m) => m.active);

  const remove = async (m: DutyTeamMember) => {
    try {
      await ops.removeMember.mutateAsync({ teamId: team.id, userId: m.userId });
      message.success(t('memberRemoved'));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <>
      {canManage && (
        <Flex justify="flex-end" style={{ marginBottom: 8 }}>
          <Button icon={<UserAddOutlined />} onClick={() => setEditing('new')} data-testid="duty-member-add">
            {t('memberAdd')}
          </Button>
        </Flex>
      )}
      <Table<DutyTeamMember>
        size="small"
        rowKey="userId"
        dataSource={members}
        pagination={false}
        data-testid="duty-member-table"
        locale={{ emptyText: <Empty description={t('none')} /> }}
        columns={[
          {
            key: 'name',
            title: t('member'),
            dataIndex: 'name',
            width: 110,
            render: (v: string, m) => (
              <Flex vertical gap={0}>
                <span data-user-text>{v}</span>
                {team.leaderUserId === m.userId && (
                  <Tag color="gold" style={{ width: 'fit-content' }}>
                    {t('leader')}
                  </Tag>
                )}
              </Flex>
            ),
          },
          { key: 'role', title: t('role'), dataIndex: 'role', width: 110, render: (r: string) => roleName(r) },
          {
            key: 'phone',
            title: t('phone'),
            dataIndex: 'phone',
            width: 130,
            render: (v: string | null) => (
              <span className="mono" data-testid="duty-member-phone">
                {v ?? '—'}
              </span>
            ),
          },
          {
            key: 'skills',
            title: t('skills'),
            dataIndex: 'skills',
            render: (s: string[]) =>
              s.length
                ? s.map((x) => (
                    <Tag key={x} style={{ marginBottom: 2 }} data-user-text>
                      {x}
                    </Tag>
                  ))
                : '—',
          },
          {
            key: 'certs',
            title: t('certificates'),
            dataIndex: 'certificates',
            render: (cs: DutyTeamMember['certificates']) => (cs.length ? cs.map((c, i) => <CertTag key={i} c={c} />) : '—'),
          },
          ...(canManage
            ? [
                {
                  key: 'actions',
                  title: t('actions'),
                  width: 170,
                  render: (_: unknown, m: DutyTeamMember) => (
                    <Space size={0}>
                      <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(m)}>
                        {t('memberEdit')}
                      </Button>
                      <Popconfirm title={t('memberRemoveConfirm', { name: m.name })} onConfirm={() => remove(m)}>
                        <Button size="small" type="link" danger icon={<DeleteOutlined />}>
                          {t('memberRemove')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <MemberForm team={team} member={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

interface MemberValues {
  userId?: string;
  skills: string[];
  certificates: { name: string; number?: string; expiresOn?: Dayjs | null }[];
}

/** Adds a person to the team, or edits a member's skills and certificates (the same call: put member). */
function MemberForm({ team, member, onClose }: { team: DutyTeam; member: DutyTeamMember | null; onClose: () => void }) {
  const t = useMessages(dutyMessages);
  const { message } = App.useApp();
  const ops = useTeamMutations();
  const staff = useZoneStaffOptions(!member);
  // A leader cannot read the zone's users: the team's own candidate list (rescue members and leaders, names only).
  const candidates = useDutyTeamCandidates(!member && !staff.canRead ? team.id : undefined);
  const roleName = useRoleLabel();
  const pn = usePunct();
  const [form] = Form.useForm<MemberValues>();
  const already = new Set(team.members.filter((m) => m.active).map((m) => m.userId));
  const options = staff.canRead
    ? staff.options.filter((o) => !already.has(o.value))
    : (candidates.data?.items ?? []).map((c) => ({ value: c.userId, label: `${c.name}${pn.paren(roleName(c.role))}` }));

  const submit = async (v: MemberValues) => {
    try {
      await ops.putMember.mutateAsync({
        teamId: team.id,
        userId: member?.userId ?? v.userId!,
        skills: v.skills ?? [],
        certificates: (v.certificates ?? []).map((c) => ({
          name: c.name.trim(),
          ...(c.number?.trim() ? { number: c.number.trim() } : {}),
          ...(c.expiresOn ? { expiresOn: c.expiresOn.format('YYYY-MM-DD') } : {}),
        })),
      });
      message.success(member ? t('saved') : t('memberAdded'));
      onClose();
    } catch (e) {
      applyFormErrors(form, e);
      message.error(errorText(e));
    }
  };

  return (
    <Modal
      open
      title={member ? `${member.name} · ${t('memberEdit')}` : t('memberAdd')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: ops.putMember.isPending, 'data-testid': 'duty-member-save' }}
      okText={t('save')}
      width={620}
      destroyOnHidden
    >
      <Form<MemberValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          skills: member?.skills ?? [],
          certificates: (member?.certificates ?? []).map((c) => ({ ...c, expiresOn: c.expiresOn ? dayjs(c.expiresOn) : null })),
        }}
      >
        {!member &&
          (staff.canRead || !candidates.isError ? (
            <Form.Item name="userId" label={t('user')} rules={[{ required: true, message: t('userRequired') }]}>
              <Select
                options={options}
                loading={!staff.canRead && candidates.isPending}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('userPh')}
                data-testid="duty-member-user"
              />
            </Form.Item>
          ) : (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('noStaffList')} />
          ))}
        <Form.Item name="skills" label={t('skills')}>
          <Select
            mode="tags"
            placeholder={t('skillsPh')}
            tokenSeparators={[',', '，', '、']}
            open={false}
            data-testid="duty-member-skills"
          />
        </Form.Item>
        <Form.Item label={t('certificates')} style={{ marginBottom: 0 }}>
          <Form.List name="certificates">
            {(fields, { add, remove }) => (
              <Flex vertical gap={0}>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} align="flex-start">
                    <Form.Item
                      name={[f.name, 'name']}
                      rules={[{ required: true, whitespace: true, message: t('certName') }]}
                      style={{ flex: 2 }}
                    >
                      <Input maxLength={60} placeholder={t('certNamePh')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'number']} style={{ flex: 1.4 }}>
                      <Input maxLength={60} placeholder={t('certNumber')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'expiresOn']} style={{ flex: 1.4 }}>
                      <DatePicker placeholder={t('certExpires')} style={{ width: '100%' }} />
                    </Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })} style={{ marginBottom: 12 }}>
                  {t('certAdd')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Rotations({ team, canManage }: { team: DutyTeam; canManage: boolean }) {
  const t = useMessages(dutyMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const list = useRotations(team.id);
  const [editing, setEditing] = useState<DutyRotation | 'new' | null>(null);
  const name = useMemo(() => new Map(team.members.map((m) => [m.userId, m.name])), [team.members]);
  const who = (r: DutyRotation) =>
    r.order
      ? pn.list(r.order.map((id) => name.get(id) ?? '?'))
      : Object.entries(r.weekdayPattern ?? {})
          .map(
            ([d, ids]) =>
              `${t('weekdayN', { d: t(`weekday_${d}` as DutyKey) })} ${pn.list((ids ?? []).map((id) => name.get(id) ?? '?'))}`,
          )
          .join(lang === 'en' ? '; ' : '；');

  if (list.error && !list.data) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      {canManage && (
        <Flex justify="flex-end" style={{ marginBottom: 8 }}>
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="duty-rot-create">
            {t('rotationCreate')}
          </Button>
        </Flex>
      )}
      <Table<DutyRotation>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        data-testid="duty-rot-table"
        locale={{ emptyText: <Empty description={t('rotationsEmpty')} /> }}
        columns={[
          {
            key: 'name',
            title: t('rotationName'),
            dataIndex: 'name',
            width: 140,
            render: (v: string) => <span data-user-text>{v}</span>,
          },
          {
            key: 'pattern',
            title: t('pattern'),
            dataIndex: 'pattern',
            width: 110,
            render: (p: string) => t(`pattern_${p}` as DutyKey),
          },
          { key: 'handoff', title: t('handoff'), dataIndex: 'handoffTime', width: 80 },
          { key: 'perShift', title: t('perShift'), dataIndex: 'perShift', width: 80 },
          {
            key: 'who',
            title: t('assignBy'),
            render: (_: unknown, r) => (
              <Flex vertical gap={0}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.order ? t('assign_order') : t('assign_weekday')}
                </Typography.Text>
                <span data-user-text>{who(r)}</span>
              </Flex>
            ),
          },
          {
            key: 'dates',
            title: t('period'),
            width: 190,
            render: (_: unknown, r) => `${r.startsOn} — ${r.endsOn ?? ''}`,
          },
          {
            key: 'active',
            title: t('status'),
            width: 70,
            render: (_: unknown, r) => (r.active ? <Tag color="green">{t('active')}</Tag> : <Tag>{t('inactive')}</Tag>),
          },
          ...(canManage
            ? [
                {
                  key: 'actions',
                  title: t('actions'),
                  width: 80,
                  render: (_: unknown, r: DutyRotation) => (
                    <Button
                      size="small"
                      type="link"
                      icon={<EditOutlined />}
                      onClick={() => setEditing(r)}
                      data-testid="duty-rot-edit"
                    >
                      {t('edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <RotationForm team={team} rotation={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

interface TeamValues {
  name: string;
  kind: DutyTeamKind;
  leaderUserId?: string | null;
  minOnDuty: number;
  active: boolean;
}

/** Creates a team or edits one (name, kind, leader, the minimum on duty below which a slot is a gap). */
function TeamForm({ team, onClose }: { team: DutyTeam | null; onClose: (createdId?: string) => void }) {
  const t = useMessages(dutyMessages);
  const { message } = App.useApp();
  const ops = useTeamMutations();
  const staff = useZoneStaffOptions();
  const [form] = Form.useForm<TeamValues>();
  // Leader: any staff member when the zone's users can be read, else the team's own members.
  const leaderOptions = staff.canRead ? staff.options : memberOptions(team ?? undefined);

  const submit = async (v: TeamValues) => {
    const body = {
      name: v.name.trim(),
      kind: v.kind,
      leaderUserId: v.leaderUserId ?? null,
      minOnDuty: v.minOnDuty,
      active: v.active,
    };
    try {
      if (team) {
        await ops.update.mutateAsync({ id: team.id, ...body });
        message.success(t('saved'));
        onClose();
      } else {
        const created = await ops.create.mutateAsync(body);
        message.success(t('teamCreated'));
        onClose(created.id);
      }
    } catch (e) {
      applyFormErrors(form, e);
      message.error(errorText(e));
    }
  };

  return (
    <Modal
      open
      title={team ? t('teamEdit') : t('teamCreate')}
      onCancel={() => onClose()}
      onOk={() => form.submit()}
      okButtonProps={{ loading: ops.create.isPending || ops.update.isPending, 'data-testid': 'duty-team-save' }}
      okText={t('save')}
      destroyOnHidden
    >
      <Form<TeamValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          team
            ? {
                name: team.name,
                kind: team.kind,
                leaderUserId: team.leaderUserId,
                minOnDuty: team.minOnDuty,
                active: team.active,
              }
            : { kind: 'rescue_squad', minOnDuty: 1, active: true }
        }
      >
        <Form.Item
          name="name"
          label={t('teamName')}
          rules={[{ required: true, whitespace: true, message: t('teamNameRequired') }]}
        >
          <Input maxLength={100} placeholder={t('teamNamePh')} data-testid="duty-team-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('teamKind')}>
          <Select options={DUTY_TEAM_KINDS.map((k) => ({ value: k, label: t(`teamKind_${k}` as DutyKey) }))} />
        </Form.Item>
        <Form.Item name="leaderUserId" label={t('leader')}>
          <Select allowClear options={leaderOptions} showSearch={{ optionFilterProp: 'label' }} placeholder={t('leaderPh')} />
        </Form.Item>
        <Flex gap={16}>
          <Form.Item name="minOnDuty" label={t('minOnDutyLabel')} rules={[{ required: true }]}>
            <InputNumber min={1} max={50} precision={0} />
          </Form.Item>
          <Form.Item name="active" label={t('active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}
