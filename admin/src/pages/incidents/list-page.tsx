import { useState } from 'react';
import { Button, Flex, Space, Typography } from 'antd';
import { DesktopOutlined, PhoneOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useIncidents, type Incident } from '../../api/incident-queries.ts';
import { useRealtimeEvent } from '../../api/socket.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { EnterprisePicker } from '../../components/enterprise-picker.tsx';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { fmtMinute } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { sosDescriptionEn } from './event-text.ts';
import { ClockBadge, DrillTag, GradeTag, LevelTag, sourceText, StatusTag, typeOptions, typeText } from './labels.tsx';
import { incidentMessages } from './messages.ts';
import { NewIncidentDialog } from './new-incident-dialog.tsx';
import './incidents.css';

const OPEN = new Set(['reported', 'responding', 'controlled']);

/** The list's columns: number (opens the desk), type, level, status, drill, grade, clock, enterprise, learned. */
function useColumns(): ListColumn<Incident>[] {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  return [
    {
      key: 'no',
      title: t('no'),
      width: 210,
      fixed: 'left',
      render: (_: unknown, r) => (
        <Space size={4}>
          <Link to={`/incidents/${r.id}`} className="mono" data-testid="inc-link" data-id={r.id}>
            {r.no}
          </Link>
          {r.isDrill && <DrillTag t={t} />}
        </Space>
      ),
    },
    {
      key: 'type',
      title: t('type'),
      width: 200,
      grow: true,
      ellipsis: true,
      render: (_: unknown, r) => (
        <Flex vertical gap={0}>
          <span>{typeText(r.type, lang)}</span>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }} data-user-text>
            {(lang === 'en' && sosDescriptionEn(r)) || r.description}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'level', title: t('level'), width: 120, render: (_: unknown, r) => <LevelTag level={r.level} lang={lang} /> },
    { key: 'status', title: t('status'), width: 100, render: (_: unknown, r) => <StatusTag status={r.status} lang={lang} /> },
    {
      key: 'clock',
      title: t('clock'),
      width: 170,
      priority: 2,
      render: (_: unknown, r) =>
        OPEN.has(r.status) || r.clock?.state === 'done' ? <ClockBadge clock={r.clock} isDrill={r.isDrill} t={t} /> : '—',
    },
    {
      key: 'grade',
      title: t('grade'),
      width: 110,
      priority: 2,
      render: (_: unknown, r) => <GradeTag grade={r.grade} lang={lang} none={t('noGrade')} />,
    },
    {
      key: 'enterprise',
      title: t('enterprise'),
      width: 180,
      ellipsis: true,
      priority: 2,
      render: (_: unknown, r) => <span data-user-text>{r.enterpriseName ?? r.address ?? '—'}</span>,
    },
    { key: 'source', title: t('source'), width: 110, priority: 3, render: (_: unknown, r) => sourceText(r.source, lang) },
    { key: 'learnedAt', title: t('learnedAt'), width: 150, render: (_: unknown, r) => fmtMinute(r.learnedAt) },
  ];
}

/**
 * 事件列表: the zone's incidents by status (处置中 / 已结案 / 已取消 / 全部), type, drill (含 / 不含 / 仅演练),
 * enterprise, time and keyword; a row opens the duty desk. New incidents and changes arrive live
 * (`incident.changed`). 接警录入 logs a phone call as a new incident.
 */
export function IncidentsPage() {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  const navigate = useNavigate();
  const { effective } = useSession();
  const [creating, setCreating] = useState(false);
  const canManage = hasPermission(effective, 'incidents.manage');
  const canHall = hasPermission(effective, 'command_hall.view');
  const spec: FilterSpec[] = [
    {
      key: 'status',
      kind: 'segmented',
      defaultValue: 'open',
      testId: 'inc-status-filter',
      options: (['open', 'closed', 'cancelled', 'all'] as const).map((s) => ({ value: s, label: t(`f_${s}`) })),
    },
    { key: 'q', kind: 'text', label: t('keyword'), width: 200, testId: 'inc-search' },
    { key: 'type', kind: 'select', label: t('type'), width: 150, options: typeOptions(lang) },
    {
      key: 'drill',
      kind: 'select',
      label: t('drillFilter'),
      width: 130,
      options: [
        { value: 'include', label: t('drillInclude') },
        { value: 'exclude', label: t('drillExclude') },
        { value: 'only', label: t('drillOnly') },
      ],
    },
    {
      key: 'enterpriseId',
      kind: 'custom',
      label: t('enterprise'),
      control: <EnterprisePicker allowClear placeholder={t('selectPh')} style={{ width: 220 }} />,
    },
    { key: 'range', kind: 'dateRange', keys: ['from', 'to'], label: t('dateRange'), width: 320, time: true },
  ];
  const lq = useListQuery({ filters: spec, cursor: true });
  const params = { ...lq.params, status: lq.params.status || 'open' };
  const list = useIncidents(params);
  const columns = useColumns();
  useRealtimeEvent('incident.changed', () => void list.refetch());

  return (
    <ListPage<Incident>
      title={t('listTitle')}
      description={t('listDesc')}
      lq={lq}
      list={list}
      testId="inc-list"
      views="incidents"
      tableTitle={t('listTable')}
      emptyText={t('listEmpty')}
      extra={
        <Space size={8}>
          {canHall && (
            // The wall screen opens in its own window (full screen, outside the console's frame).
            <Button icon={<DesktopOutlined />} href="/command-hall" target="_blank" data-testid="inc-command-hall">
              {t('commandHall')}
            </Button>
          )}
          {canManage && (
            <Button type="primary" danger icon={<PhoneOutlined />} onClick={() => setCreating(true)} data-testid="inc-new">
              {t('newIncident')}
            </Button>
          )}
        </Space>
      }
      table={{
        rowKey: 'id',
        columns,
        testId: 'inc-table',
        rowClassName: (r) => (r.status === 'reported' ? 'row-danger' : ''),
      }}
    >
      {creating && (
        <NewIncidentDialog
          onClose={() => setCreating(false)}
          onCreated={(inc) => {
            setCreating(false);
            navigate(`/incidents/${inc.id}`);
          }}
        />
      )}
    </ListPage>
  );
}
