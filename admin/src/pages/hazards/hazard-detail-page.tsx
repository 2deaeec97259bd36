import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, Image, Row, Space, Tag, Timeline, Typography } from 'antd';
import {
  CheckOutlined,
  CloseOutlined,
  EditOutlined,
  FileWordOutlined,
  PlayCircleOutlined,
  RedoOutlined,
  StopOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { errorText } from '../../api/errors.ts';
import { useChecklist, useDecideExtension, useHazard } from '../../api/hazard-queries.ts';
import { useTenant } from '../../api/risk-queries.ts';
import { useRealtimeEvent } from '../../api/socket.ts';
import type { HazardDetail, HazardEvent } from '../../api/types.ts';
import { hasPermission } from '../../auth/access.ts';
import { useApi, useSession } from '../../auth/session.tsx';
import { useDownload } from '../../api/use-download.ts';
import { useCrumbTitle } from '../../components/app-layout.tsx';
import { RecordPending } from '../../components/record-pending.tsx';
import { useRoleLabel } from '../../components/role-label.ts';
import { fmtMinute } from '../../components/time.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { ActionModal, type OfficeAction } from './action-modal.tsx';
import { CitationsModal } from './citations-modal.tsx';
import { LawCitationLinks } from '../../components/law-citation/law-citation-links.tsx';
import { DeadlineCell, GradeTag, StatusTag } from './hazard-bits.tsx';
import { actionVerb, eventLabel, sourceLabel, statusLabel, treatmentLabel } from './labels.ts';
import { MajorPanel } from './major-panel.tsx';
import { hzMessages } from './messages.ts';

/** The office's buttons, in the order people read them; the api says which are possible (availableActions). */
const ACTIONS: Array<{ key: OfficeAction; icon: React.ReactNode; primary?: boolean; danger?: boolean }> = [
  { key: 'confirm', icon: <SafetyCertificateOutlined />, primary: true },
  { key: 'approve', icon: <CheckOutlined />, primary: true },
  { key: 'reject', icon: <CloseOutlined />, danger: true },
  { key: 'start', icon: <PlayCircleOutlined /> },
  { key: 'dismiss', icon: <StopOutlined />, danger: true },
  { key: 'reopen', icon: <RedoOutlined /> },
];
const EVENT_COLOURS: Record<string, string> = {
  report: 'blue',
  confirm: 'cyan',
  submit: 'purple',
  approve: 'green',
  fix_on_spot: 'green',
  reject: 'red',
  dismiss: 'gray',
  reopen: 'orange',
  escalated: 'red',
  extension_requested: 'orange',
  extension_approved: 'green',
  extension_rejected: 'red',
};

function Photos({ photos, empty }: { photos: { id: string; url: string }[]; empty: string }) {
  if (!photos.length) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <Image.PreviewGroup>
      <Flex gap={8} wrap>
        {photos.map((p) => (
          <Image key={p.id} src={p.url} width={120} height={90} style={{ objectFit: 'cover', borderRadius: 6 }} />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}

/** A moment as the zone's clock shows it, in words: 11月30日 08:00 / 30 Nov, 08:00. */
function zoneMinute(iso: string, timeZone: string, lang: 'zh-CN' | 'en'): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    month: lang === 'en' ? 'short' : 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '';
  const day = Number(p('day'));
  return lang === 'en'
    ? `${day} ${p('month')}, ${p('hour')}:${p('minute')}`
    : `${Number(p('month'))}月${day}日 ${p('hour')}:${p('minute')}`;
}

/** 隐患详情: the hazard, its photos before and after, its timeline, and the steps the office may take now. */
export function HazardDetailPage() {
  const t = useMessages(hzMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const { id } = useParams<{ id: string }>();
  const api = useApi();
  const { effective } = useSession();
  const roleName = useRoleLabel();
  const pn = usePunct();
  const h = useHazard(id);
  const decide = useDecideExtension();
  const [action, setAction] = useState<OfficeAction | null>(null);
  const [editCitations, setEditCitations] = useState(false);
  const { busy: downloading, download } = useDownload();
  const checklist = useChecklist(h.data?.enterpriseId, !!h.data?.majorChecklistItems.length);
  const tenant = useTenant();
  useCrumbTitle(h.data?.code ?? null);
  const canManage = hasPermission(effective, 'hazards.manage');

  useRealtimeEvent<{ id: string }>('hazard.changed', (p) => {
    if (p.id !== id) return;
    void h.refetch();
    if (action) message.info(t('refreshed'));
  });

  const reload = async (): Promise<HazardDetail | undefined> => (await h.refetch()).data;

  const notice = async () => {
    if (!h.data) return;
    await download(api.hazards.noticeUrl(h.data.id), `隐患整改通知书-${h.data.code}.docx`, (name) =>
      t('noticeDownloaded', { name }),
    );
  };

  const decideExt = async (approve: boolean) => {
    const x = h.data?.pendingExtension;
    if (!h.data || !x) return;
    try {
      await decide.mutateAsync({ id: h.data.id, extId: x.id, approve });
      message.success(approve ? t('extensionApproved') : t('extensionRejected'));
    } catch (e) {
      message.error(errorText(e));
      void h.refetch();
    }
  };

  if (!h.data) return <RecordPending query={h} notFound={t('notFound')} back={t('backToList')} backTo="/hazards" />;
  const d = h.data;
  const available = ACTIONS.filter((a) => d.availableActions.includes(a.key));
  const clause = new Map((checklist.data?.items ?? []).map((i) => [i.code, i]));

  const timelineItems = [...d.events]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((e: HazardEvent) => ({
      key: e.id,
      color: EVENT_COLOURS[e.action] ?? 'blue',
      content: (
        <div className="hz-event" data-testid="hz-event" data-action={e.action}>
          <Space size={6} wrap>
            <Typography.Text strong>{eventLabel(e.action, lang)}</Typography.Text>
            {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {statusLabel(e.fromStatus, lang)} → {statusLabel(e.toStatus, lang)}
              </Typography.Text>
            )}
          </Space>
          <div className="hz-event-meta">
            {fmtMinute(e.at)} · {e.actorName ?? '—'}
            {e.role && pn.paren(roleName(e.role))}
          </div>
          {e.comment && !(e.action === 'report' && e.comment === d.description) && (
            <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{e.comment}</Typography.Paragraph>
          )}
          {e.photos.length > 0 && (
            <div style={{ marginTop: 6 }}>
              <Image.PreviewGroup>
                <Flex gap={6} wrap>
                  {e.photos.map((p) => (
                    <Image key={p.id} src={p.url} width={64} height={48} style={{ objectFit: 'cover', borderRadius: 4 }} />
                  ))}
                </Flex>
              </Image.PreviewGroup>
            </div>
          )}
        </div>
      ),
    }));

  return (
    <div className="page">
      <Card style={{ marginBottom: 16 }} data-testid="hz-head">
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div style={{ minWidth: 0, flex: 1 }}>
            <Flex align="center" gap={10} wrap>
              <Typography.Title level={4} style={{ margin: 0 }} className="mono" data-testid="hz-code">
                {d.code}
              </Typography.Title>
              <StatusTag status={d.status} />
              <GradeTag grade={d.grade} />
              {d.overdue && <Tag color="red">{t('overdue')}</Tag>}
              {d.supervision && !d.supervision.cancelledAt && (
                <Tag color="volcano">{t('supervised', { no: d.supervision.ledgerNo })}</Tag>
              )}
            </Flex>
            <Typography.Paragraph style={{ margin: '10px 0 4px', fontSize: 15 }} data-testid="hz-description">
              {d.description}
            </Typography.Paragraph>
            <Typography.Text type="secondary">
              <Link to={`/enterprises/${d.enterpriseId}?tab=hazards`}>{d.enterpriseName}</Link>
              {d.place && ` · ${d.place}`}
            </Typography.Text>
          </div>
          <Space wrap>
            {canManage &&
              available.map((a) => (
                <Button
                  key={a.key}
                  type={a.primary ? 'primary' : 'default'}
                  danger={a.danger}
                  icon={a.icon}
                  onClick={() => setAction(a.key)}
                  data-testid={`hz-action-${a.key}`}
                >
                  {actionVerb(a.key, lang)}
                </Button>
              ))}
            <Button icon={<FileWordOutlined />} loading={downloading} onClick={() => void notice()} data-testid="hz-notice">
              {t('notice')}
            </Button>
          </Space>
        </Flex>
        {d.pendingExtension && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            title={t('extensionTitle')}
            description={
              t('extensionDesc', {
                by: d.responsibleName ?? '',
                date: d.pendingExtension.requestedDeadline,
                reason: d.pendingExtension.reason,
              }) + (d.pendingExtension.requestedByMe ? pn.paren(t('extensionMine')) : '')
            }
            action={
              // 四眼原则: one's own request waits for another officer's decision.
              canManage &&
              !d.pendingExtension.requestedByMe && (
                <Space orientation="vertical">
                  <Button
                    size="small"
                    type="primary"
                    loading={decide.isPending}
                    onClick={() => void decideExt(true)}
                    data-testid="hz-ext-approve"
                  >
                    {t('extensionApprove')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    loading={decide.isPending}
                    onClick={() => void decideExt(false)}
                    data-testid="hz-ext-reject"
                  >
                    {t('extensionReject')}
                  </Button>
                </Space>
              )
            }
            data-testid="hz-extension"
          />
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('basicInfo')}>
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'cat', label: t('category'), children: d.categoryName ?? d.categoryCode },
                  { key: 'src', label: t('source'), children: sourceLabel(d.source, lang) },
                  { key: 'rep', label: t('reportedBy'), children: `${d.reportedByName ?? '—'} · ${fmtMinute(d.reportedAt)}` },
                  { key: 'place', label: t('place'), children: d.place ?? '—' },
                  { key: 'tr', label: t('treatment'), children: treatmentLabel(d.treatment, lang) },
                  { key: 'resp', label: t('responsible'), children: d.responsibleName ?? '—' },
                  { key: 'dl', label: t('deadline'), children: <DeadlineCell hazard={d} /> },
                  ...(d.nextEscalation
                    ? [
                        {
                          key: 'esc',
                          label: t('nextEscalation'),
                          children: (
                            <span data-testid="hz-next-escalation" data-stage={d.nextEscalation.stage}>
                              {d.nextEscalation.label}
                              <Typography.Text type="secondary">
                                {' · '}
                                {zoneMinute(d.nextEscalation.at, tenant.data?.timeZone ?? 'Asia/Shanghai', lang)}
                              </Typography.Text>
                            </span>
                          ),
                        },
                      ]
                    : []),
                  ...(d.closedAt ? [{ key: 'closed', label: t('closedAt'), children: fmtMinute(d.closedAt) }] : []),
                  ...(d.majorChecklistItems.length
                    ? [
                        {
                          key: 'cl',
                          label: t('checklistItems'),
                          span: 2,
                          children: (
                            <Flex vertical gap={4}>
                              {d.majorChecklistItems.map((c) => (
                                <Typography.Text key={c} type="danger">
                                  {clause.get(c) ? `${clause.get(c)!.article} ${clause.get(c)!.text}` : c}
                                </Typography.Text>
                              ))}
                            </Flex>
                          ),
                        },
                      ]
                    : []),
                  ...(d.legalBasis ? [{ key: 'lb', label: t('legalBasis'), span: 2, children: d.legalBasis }] : []),
                  ...(d.citations.length || canManage
                    ? [
                        {
                          key: 'cite',
                          label: t('citations'),
                          span: 2,
                          children: (
                            <Flex vertical gap={6} data-testid="hz-citations">
                              {d.citationFlag && (
                                <Alert type="warning" showIcon title={t('citationFlagDesc')} data-testid="hz-citation-flag" />
                              )}
                              <Flex gap={8} align="flex-start" wrap>
                                <LawCitationLinks citations={d.citations} emptyText="—" />
                                {canManage && (
                                  <Button
                                    size="small"
                                    type="link"
                                    icon={<EditOutlined />}
                                    onClick={() => setEditCitations(true)}
                                    data-testid="hz-citations-edit-open"
                                  >
                                    {t('citationsEdit')}
                                  </Button>
                                )}
                              </Flex>
                            </Flex>
                          ),
                        },
                      ]
                    : []),
                  ...(d.measures ? [{ key: 'm', label: t('measures'), span: 2, children: d.measures }] : []),
                  ...(d.cost != null ? [{ key: 'cost', label: t('cost'), children: t('costYuan', { n: d.cost }) }] : []),
                  ...(d.dismissReason ? [{ key: 'dr', label: t('dismissReason'), span: 2, children: d.dismissReason }] : []),
                ]}
              />
            </Card>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Card size="small" title={t('photosBefore')} style={{ height: '100%' }} data-testid="hz-photos">
                  <Photos photos={d.photos} empty={t('noPhotos')} />
                </Card>
              </Col>
              <Col xs={24} md={12}>
                <Card size="small" title={t('photosAfter')} style={{ height: '100%' }} data-testid="hz-after-photos">
                  <Photos photos={d.afterPhotos} empty={t('noPhotos')} />
                </Card>
              </Col>
            </Row>
            {d.grade === 'major' && <MajorPanel hazard={d} canManage={canManage} />}
          </Flex>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('timeline')} data-testid="hz-timeline">
            {timelineItems.length ? <Timeline items={timelineItems} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
          </Card>
        </Col>
      </Row>
      {!available.length && canManage && d.status !== 'closed' && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('noActions')}
        </Typography.Paragraph>
      )}
      <ActionModal hazard={d} action={action} onClose={() => setAction(null)} onReload={reload} />
      {canManage && <CitationsModal hazard={d} open={editCitations} onClose={() => setEditCitations(false)} onReload={reload} />}
    </div>
  );
}
