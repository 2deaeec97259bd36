import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Button, Card, Dropdown, Empty, Flex, Result, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import {
  CheckCircleOutlined,
  CloseCircleOutlined,
  DownloadOutlined,
  EditOutlined,
  FileDoneOutlined,
  MoreOutlined,
} from '@ant-design/icons';
import { ApiError } from '@yuanan/sdk';
import { Link, useParams } from 'react-router';
import { errorText } from '../../api/errors.ts';
import { useIncident, useIncidentMutations, useSensitiveTargets, type IncidentDetail } from '../../api/incident-queries.ts';
import { useRiskMap } from '../../api/risk-queries.ts';
import { useRealtimeEvent } from '../../api/socket.ts';
import { useDownload } from '../../api/use-download.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { useCrumbTitle } from '../../components/app-layout.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtMinute } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { CancelDialog, CasualtiesCard, CloseDialog, EditDialog } from './desk-dialogs.tsx';
import { DispatchBoard } from './desk-dispatch.tsx';
import { MediaStrip, mediaIds } from './desk-media.tsx';
import { ChecklistCard } from './desk-checklist.tsx';
import { TimelineCard } from './desk-timeline.tsx';
import { DownwindCard, useDeskDownwind } from './desk-warnings.tsx';
import { IncidentMap, type MapEnterprise, type MapTarget } from './incident-map.tsx';
import { ClockBadge, DrillTag, LEVEL_HEX, LevelTag, sourceText, StatusTag, targetKindText, typeText } from './labels.tsx';
import { incidentMessages } from './messages.ts';
import './incidents.css';

const NONE_COLOUR = '#8c8c8c';

/** Runs a desk action: success says `done`; a stale version (409) reloads the incident and says so. */
export type Run = (fn: () => Promise<unknown>, done: string) => Promise<boolean>;

/** An incident is still being handled (not closed or cancelled). */
export const isOpen = (i: { status: string }) => i.status !== 'closed' && i.status !== 'cancelled';

/**
 * 应急处置台 (/incidents/:id): one screen at 1600×900 for the duty desk — the incident's head (number, type,
 * warning level, status, drill, the 1-hour reporting clock, actions; the SOS photos and voice note and later scene
 * photos), then three columns: the map with the
 * downwind sector, enterprises and sensitive targets (and the wind / warnings under it); the dispatch board
 * (proposal → one-click dispatch, live statuses with ack countdowns, equipment) with casualties and the authority
 * report; the plan checklist with due times and the timeline. Live: `incident.changed` for this incident re-reads it.
 */
export function IncidentDeskPage() {
  const t = useMessages(incidentMessages);
  const { id } = useParams();
  const { message } = App.useApp();
  const { effective } = useSession();
  const q = useIncident(id);
  const inc = q.data;
  useCrumbTitle(inc ? inc.no : null);
  useRealtimeEvent<{ id: string }>('incident.changed', (p) => {
    if (p.id === id) void q.refetch();
  });
  const canManage = hasPermission(effective, 'incidents.manage');

  const run: Run = async (fn, done) => {
    try {
      await fn();
      if (done) message.success(done);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.code !== 'conflict_reason') {
        message.warning(t('stale'));
        void q.refetch();
      } else message.error(errorText(e));
      return false;
    }
  };

  if (q.isError && !inc) {
    if (q.error instanceof ApiError && q.error.status === 404) return <Result status="404" title={t('notFound')} />;
    return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  }
  if (!inc) return <Skeleton active />;
  return <Desk inc={inc} canManage={canManage} run={run} />;
}

/**
 * The desk's height: from its top to the window's bottom less what the page has below it (padding, footer), so it fills one screen
 * whatever sits above it (the alarm banner, the acting banner); at least 600 px.
 */
function useFillHeight() {
  const ref = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState<number | undefined>(undefined);
  useEffect(() => {
    const measure = () => {
      const el = ref.current;
      if (!el) return;
      const r = el.getBoundingClientRect();
      const top = r.top + window.scrollY;
      // What the page has below the desk (the content's padding, the footer) stays on screen too.
      const below = Math.max(0, document.documentElement.scrollHeight - (r.bottom + window.scrollY));
      setHeight(Math.max(600, Math.floor(window.innerHeight - top - below)));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(document.body);
    window.addEventListener('resize', measure);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, []);
  return { ref, height };
}

function Desk({ inc, canManage, run }: { inc: IncidentDetail; canManage: boolean; run: Run }) {
  const t = useMessages(incidentMessages);
  const fill = useFillHeight();
  const { lang } = useI18n();
  const m = useIncidentMutations();
  const [dialog, setDialog] = useState<'close' | 'cancel' | 'edit' | null>(null);
  const { busy, download } = useDownload();
  const open = isOpen(inc);
  const plan = useRiskMap({ view: 'plan' });
  const targets = useSensitiveTargets({ pageSize: 200 });
  const downwind = useDeskDownwind(inc);
  const dw = downwind.query.data;

  const inside = useMemo(() => new Set(dw?.enterprises.map((e) => e.enterpriseId) ?? []), [dw]);
  const insideTargets = useMemo(() => new Set(dw?.targets.map((x) => x.targetId) ?? []), [dw]);
  const palette = (plan.data?.palette ?? {}) as Record<string, { color: string }>;
  const enterprises = useMemo<MapEnterprise[]>(
    () =>
      (plan.data?.markers ?? []).map((mk) => ({
        id: mk.id,
        name: mk.name,
        colour: mk.colour ? (palette[mk.colour]?.color ?? NONE_COLOUR) : NONE_COLOUR,
        lat: mk.lat,
        lng: mk.lng,
        planX: mk.planX,
        planY: mk.planY,
        inside: inside.has(mk.id),
      })),
    [plan.data, inside, palette],
  );
  const mapTargets = useMemo<MapTarget[]>(
    () =>
      (targets.data?.items ?? []).map((x) => ({
        id: x.id,
        name: x.name,
        kindText: targetKindText(x.kind, lang),
        lat: x.lat,
        lng: x.lng,
        planX: x.planX,
        planY: x.planY,
        inside: insideTargets.has(x.id),
      })),
    [targets.data, insideTargets, lang],
  );
  // The SOS photos and voice note and every photo added since (the incident's files; a voice id kept apart too).
  const media = useMemo(
    () => mediaIds({ fileIds: inc.fileIds, voiceFileId: (inc as { voiceFileId?: string | null }).voiceFileId }),
    [inc],
  );
  const sector = dw ? { polygon: dw.sector.polygon, calm: dw.sector.calm } : null;
  const incidentPoint = useMemo(
    () => ({ lat: inc.lat, lng: inc.lng, planX: inc.planX, planY: inc.planY, label: `${inc.no} ${typeText(inc.type, lang)}` }),
    [inc.lat, inc.lng, inc.planX, inc.planY, inc.no, inc.type, lang],
  );

  const more = [
    { key: 'initial', icon: <DownloadOutlined />, label: t('initialReport') },
    ...(inc.status === 'closed' ? [{ key: 'after', icon: <DownloadOutlined />, label: t('afterAction') }] : []),
    ...(canManage && open ? [{ key: 'cancel', icon: <CloseCircleOutlined />, label: t('cancel_'), danger: true }] : []),
  ];
  const onMore = (key: string) => {
    if (key === 'cancel') setDialog('cancel');
    else if (key === 'initial')
      void download(`/api/v1/incidents/${inc.id}/initial-report.docx`, `${inc.no}-快报.docx`, (name) =>
        t('downloaded', { name }),
      );
    else if (key === 'after')
      void download(`/api/v1/incidents/${inc.id}/after-action-report.docx`, `${inc.no}-事后报告.docx`, (name) =>
        t('downloaded', { name }),
      );
  };

  return (
    <div
      ref={fill.ref}
      style={fill.height ? { height: fill.height } : undefined}
      className="inc-desk"
      data-testid="inc-desk"
      data-id={inc.id}
      data-status={inc.status}
      data-drill={String(inc.isDrill)}
    >
      <div className="inc-desk-head" style={{ ['--inc-level' as string]: LEVEL_HEX[inc.level] ?? '#d9d9d9' }}>
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Space size={8} wrap>
            <Typography.Title level={4} className="mono" data-testid="inc-no">
              {inc.no}
            </Typography.Title>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {typeText(inc.type, lang)}
            </Typography.Text>
            <LevelTag level={inc.level} lang={lang} />
            <StatusTag status={inc.status} lang={lang} />
            {inc.isDrill && <DrillTag t={t} />}
            <ClockBadge clock={inc.clock} isDrill={inc.isDrill} t={t} large />
          </Space>
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 900 }}>
            {sourceText(inc.source, lang)} · {t('learnedAt')} {fmtMinute(inc.learnedAt)}
            {inc.enterpriseId && (
              <>
                {' · '}
                <Link to={`/enterprises/${inc.enterpriseId}`} data-user-text>
                  {inc.enterpriseName}
                </Link>
              </>
            )}
            {inc.address && <span data-user-text> · {inc.address}</span>}
            {' · '}
            <Tooltip title={inc.description}>
              <span data-user-text data-testid="inc-description">
                {inc.description}
              </span>
            </Tooltip>
          </Typography.Text>
          {media.length > 0 && (
            <Flex gap={6} align="center" style={{ minWidth: 0 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
                {t('media')}
              </Typography.Text>
              <MediaStrip ids={media} size={32} max={10} testId="inc-files" />
            </Flex>
          )}
        </Flex>
        <Space size={8} wrap>
          {canManage && open && (
            <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="inc-edit">
              {t('editIncident')}
            </Button>
          )}
          {canManage && (inc.status === 'responding' || inc.status === 'reported') && (
            <Button
              icon={<CheckCircleOutlined />}
              loading={m.controlled.isPending}
              onClick={() => void run(() => m.controlled.mutateAsync({ id: inc.id, version: inc.version }), t('controlledOk'))}
              data-testid="inc-controlled"
            >
              {t('markControlled')}
            </Button>
          )}
          {canManage && open && (
            <Button
              type={inc.status === 'controlled' ? 'primary' : 'default'}
              icon={<FileDoneOutlined />}
              onClick={() => setDialog('close')}
              data-testid="inc-close"
            >
              {t('close')}
            </Button>
          )}
          <Dropdown menu={{ items: more, onClick: ({ key }) => onMore(key) }} trigger={['click']}>
            <Button icon={<MoreOutlined />} loading={busy} data-testid="inc-more" />
          </Dropdown>
        </Space>
      </div>
      <div className="inc-desk-body">
        <div className="inc-col">
          <Card
            size="small"
            className="inc-fill inc-map-card"
            title={t('map')}
            extra={
              <span className="inc-map-legend-inline">
                <Tag color="red">{t('legendIncident')}</Tag>
                <Tag color="blue">{t('legendTarget')}</Tag>
              </span>
            }
          >
            {inc.lat == null && inc.planX == null ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noPosition')} style={{ paddingTop: 40 }} />
            ) : plan.isLoading ? (
              <Skeleton active style={{ padding: 16 }} />
            ) : (
              <IncidentMap
                sitePlan={plan.data?.sitePlan ?? null}
                tileUrl={plan.data?.tileUrl ?? null}
                incident={incidentPoint}
                enterprises={enterprises}
                targets={mapTargets}
                sector={sector}
              />
            )}
          </Card>
          <DownwindCard inc={inc} downwind={downwind} canManage={canManage && open} run={run} />
        </div>
        <div className="inc-col">
          <DispatchBoard inc={inc} canManage={canManage && open} canRelease={canManage} run={run} />
          <CasualtiesCard inc={inc} canManage={canManage} run={run} />
        </div>
        <div className="inc-col">
          <ChecklistCard inc={inc} canManage={canManage && open} run={run} />
          <TimelineCard inc={inc} canManage={canManage} run={run} />
        </div>
      </div>
      {dialog === 'close' && <CloseDialog inc={inc} run={run} onClose={() => setDialog(null)} />}
      {dialog === 'cancel' && <CancelDialog inc={inc} run={run} onClose={() => setDialog(null)} />}
      {dialog === 'edit' && <EditDialog inc={inc} run={run} onClose={() => setDialog(null)} />}
    </div>
  );
}
