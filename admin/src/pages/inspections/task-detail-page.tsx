import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Image, List, Row, Space, Tag, Typography } from 'antd';
import { EnvironmentOutlined, FileWordOutlined, QrcodeOutlined, WarningFilled } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTask, type InspectionTaskDetail } from '../../api/inspection-queries.ts';
import { useTenant } from '../../api/risk-queries.ts';
import { useApi } from '../../auth/session.tsx';
import { useDownload } from '../../api/use-download.ts';
import { useCrumbTitle } from '../../components/app-layout.tsx';
import { RecordPending } from '../../components/record-pending.tsx';
import { ColourTag } from '../../components/risk-colour.tsx';
import { useRoleLabel } from '../../components/role-label.ts';
import { fmtDate, fmtMinute } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { STATUS_COLOURS as HZ_COLOURS, statusLabel as hzStatusLabel } from '../hazards/labels.ts';
import { OutcomeTag, TaskStatusTag } from './bits.tsx';
import './inspections.css';
import { insMessages, type InsKey } from './messages.ts';
import { ProofMap, type Geofence } from './proof-map.tsx';

type Answer = NonNullable<InspectionTaskDetail['answers']>[number];
type Item = InspectionTaskDetail['template']['sections'][number]['items'][number];

/** The answer's value in words: 是 / 否, the number with its unit, the option's label, the text. */
function answerText(item: Item, a: Answer, t: (k: InsKey) => string): string {
  const v = a.value;
  // A photo item's answer is its photos (shown below the line), never a value: no 未填写 beside them.
  if (item.kind === 'photo') return a.photos?.length ? '' : t('answerEmpty');
  if (v === null || v === '') return t('answerEmpty');
  if (item.kind === 'yes_no') return v === true ? t('answerYes') : v === false ? t('answerNo') : String(v);
  if (item.kind === 'number') return `${String(v)}${item.unit ? ` ${item.unit}` : ''}`;
  if (item.kind === 'choice') return item.options?.find((o) => o.value === v)?.label ?? String(v);
  return String(v);
}

function Photos({ photos }: { photos: Answer['photos'] }) {
  const t = useMessages(insMessages);
  if (!photos.length) return null;
  return (
    <Image.PreviewGroup>
      <Flex gap={8} wrap style={{ marginTop: 6 }}>
        {photos.map((p) => (
          <figure key={p.fileId} className="ins-photo" data-testid="ins-answer-photo">
            {p.url ? (
              <Image src={p.url} width={150} height={110} style={{ objectFit: 'cover', borderRadius: 6 }} />
            ) : (
              <div className="tpl-photo-slot" />
            )}
            <figcaption>
              {p.takenAt && <div>{t('photoTaken', { at: fmtMinute(p.takenAt) })}</div>}
              {p.lat != null && p.lng != null && <div>{t('photoAt', { lat: p.lat.toFixed(5), lng: p.lng.toFixed(5) })}</div>}
            </figcaption>
          </figure>
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}

/** 签到凭证: how and when, inside or outside the geofence and how far, on a small map (or why there is none). */
function ProofCard({ d }: { d: InspectionTaskDetail }) {
  const t = useMessages(insMessages);
  const pn = usePunct();
  const tenant = useTenant();
  const c = d.checkIn;
  const fence: Geofence = d.geofence ?? { radiusM: d.geofenceRadiusM };
  const hasSite = d.lat != null && d.lng != null;
  return (
    <Card size="small" title={t('proof')} data-testid="ins-proof">
      {!c ? (
        <Typography.Text type="secondary">{t('noCheckIn')}</Typography.Text>
      ) : (
        <Flex vertical gap={10}>
          <Space size={8} wrap>
            <Tag icon={c.method === 'qr' ? <QrcodeOutlined /> : <EnvironmentOutlined />} style={{ marginInlineEnd: 0 }}>
              {c.method === 'qr' ? t('proofQr') : t('proofGps')}
            </Tag>
            <Typography.Text>{fmtMinute(c.at)}</Typography.Text>
            {c.inside ? (
              <Tag color="green" style={{ marginInlineEnd: 0 }} data-testid="ins-inside">
                {t('inside')}
              </Tag>
            ) : (
              <Tag color="red" icon={<WarningFilled />} style={{ marginInlineEnd: 0 }} data-testid="ins-outside">
                {t('flagged')}
              </Tag>
            )}
            {c.distanceM != null && (
              <Typography.Text data-testid="ins-distance">{t('distance', { n: Math.round(c.distanceM) })}</Typography.Text>
            )}
            {c.accuracyM != null && (
              <Typography.Text type="secondary">{t('accuracy', { n: Math.round(c.accuracyM) })}</Typography.Text>
            )}
          </Space>
          {c.reason && (
            <Typography.Text type={c.flagged ? 'danger' : 'secondary'}>{pn.labelled(t('flagReason'), c.reason)}</Typography.Text>
          )}
          {hasSite ? (
            <>
              <ProofMap
                site={{ lat: d.lat!, lng: d.lng! }}
                fence={fence}
                checkIn={c.lat != null && c.lng != null ? { lat: c.lat, lng: c.lng, accuracyM: c.accuracyM } : null}
                inside={c.inside}
                tileUrl={tenant.data?.settings.mapTileUrl ?? null}
                labels={{ site: d.enterpriseName, checkIn: c.inside ? t('inside') : t('outside') }}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {'polygon' in fence ? t('geofencePolygon') : t('geofenceRadius', { n: fence.radiusM })}
              </Typography.Text>
            </>
          ) : (
            <Alert type="warning" showIcon title={t('noLocation')} data-testid="ins-no-location" />
          )}
        </Flex>
      )}
    </Card>
  );
}

/** 检查结果: a task's enterprise, plan, template, people and times, the check-in proof, the answers, signature, hazards. */
export function TaskDetailPage() {
  const t = useMessages(insMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const roleName = useRoleLabel();
  const { id } = useParams<{ id: string }>();
  const api = useApi();
  const q = useTask(id);
  const { busy: downloading, download } = useDownload();
  useCrumbTitle(q.data?.enterpriseName ?? null);

  if (!q.data) return <RecordPending query={q} notFound={t('notFound')} back={t('backToTasks')} backTo="/inspections/tasks" />;
  const d = q.data;
  const answers = new Map((d.answers ?? []).map((a) => [a.itemKey, a]));
  const hazardByKey = new Map(d.hazards.filter((h) => h.itemKey).map((h) => [h.itemKey!, h]));

  const record = () =>
    download(api.inspections.tasks.recordUrl(d.id), `检查记录-${d.enterpriseName}.docx`, (name) =>
      t('recordDownloaded', { name }),
    );

  let n = 0;
  return (
    <div className="page">
      <Card style={{ marginBottom: 16 }} data-testid="ins-head">
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div style={{ minWidth: 0, flex: 1 }}>
            <Flex align="center" gap={10} wrap>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="ins-enterprise">
                <Link to={`/enterprises/${d.enterpriseId}`} data-user-text>
                  {d.enterpriseName}
                </Link>
              </Typography.Title>
              <ColourTag colour={d.enterpriseColour} />
              <TaskStatusTag status={d.status} late={d.late} />
              <Tag style={{ marginInlineEnd: 0 }}>{t(`kind_${d.kind}` as InsKey)}</Tag>
            </Flex>
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              <span data-user-text>{d.templateName}</span>
              {pn.paren(`v${d.template.version}`)}
              {d.summary && ` · ${t('resultSummary', { passed: d.summary.passed, failed: d.summary.failed, na: d.summary.na })}`}
            </Typography.Paragraph>
          </div>
          {d.status === 'done' && (
            <Button icon={<FileWordOutlined />} loading={downloading} onClick={() => void record()} data-testid="ins-record">
              {t('record')}
            </Button>
          )}
        </Flex>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('basicInfo')}>
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'plan', label: t('plan'), children: <span data-user-text>{d.planName ?? '—'}</span> },
                  {
                    key: 'tpl',
                    label: t('template'),
                    children: <span data-user-text>{`${d.templateName} v${d.template.version}`}</span>,
                  },
                  {
                    key: 'who',
                    label: t('assignee'),
                    children:
                      d.assigneeUserName || d.agencyName ? (
                        <span data-user-text>{d.assigneeUserName ?? d.agencyName}</span>
                      ) : d.assigneeRole ? (
                        roleName(d.assigneeRole)
                      ) : (
                        '—'
                      ),
                  },
                  { key: 'grid', label: t('grid'), children: <span data-user-text>{d.gridName ?? '—'}</span> },
                  { key: 'period', label: t('period'), children: fmtDate(d.periodKey) },
                  { key: 'start', label: t('startAt'), children: fmtMinute(d.startAt) },
                  { key: 'due', label: t('dueAt'), children: fmtMinute(d.dueAt) },
                  { key: 'ci', label: t('checkedInAt'), children: fmtMinute(d.checkIn?.at) },
                  {
                    key: 'done',
                    label: t('completedAt'),
                    children: (
                      <Space size={6}>
                        {fmtMinute(d.completedAt)}
                        {d.late && (
                          <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                            {t('late')}
                          </Tag>
                        )}
                      </Space>
                    ),
                  },
                  ...(d.enterpriseAddress
                    ? [{ key: 'addr', label: t('address'), span: 2, children: <span data-user-text>{d.enterpriseAddress}</span> }]
                    : []),
                  ...(d.recheckOfHazardId
                    ? [
                        {
                          key: 'rc',
                          label: t('recheckOf'),
                          children: <Link to={`/hazards/${d.recheckOfHazardId}`}>{t('recheckOf')}</Link>,
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
            <Card size="small" title={t('answers')} data-testid="ins-answers">
              {!d.answers ? (
                <Typography.Text type="secondary">{t('noAnswers')}</Typography.Text>
              ) : (
                d.template.sections.map((s, si) => (
                  <div key={si} style={{ marginBottom: 12 }}>
                    <div className="tpl-preview-section" data-user-text>
                      {s.title}
                    </div>
                    <List
                      size="small"
                      dataSource={s.items}
                      renderItem={(item) => {
                        const a = answers.get(item.key);
                        const h =
                          hazardByKey.get(item.key) ?? (a?.hazardId ? d.hazards.find((x) => x.id === a.hazardId) : undefined);
                        n++;
                        return (
                          <List.Item data-testid="ins-answer" data-key={item.key} data-outcome={a?.outcome ?? ''}>
                            <div style={{ width: '100%' }}>
                              <Flex justify="space-between" gap={12} align="flex-start">
                                <Typography.Text>
                                  {n}. <span data-user-text>{item.text}</span>
                                  {item.majorClause && (
                                    <Tag color="red" icon={<WarningFilled />} style={{ marginInlineStart: 6 }}>
                                      {t('major')}
                                    </Tag>
                                  )}
                                </Typography.Text>
                                <Space size={8} style={{ flex: 'none' }}>
                                  {a && answerText(item, a, t) && (
                                    <Typography.Text
                                      strong
                                      data-user-text={item.kind === 'text' || item.kind === 'choice' ? '' : undefined}
                                    >
                                      {answerText(item, a, t)}
                                    </Typography.Text>
                                  )}
                                  {a ? (
                                    <OutcomeTag outcome={a.outcome} />
                                  ) : (
                                    <Typography.Text type="secondary">{t('answerEmpty')}</Typography.Text>
                                  )}
                                </Space>
                              </Flex>
                              {a?.note && (
                                <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
                                  {t('note')}
                                  {pn.colon}
                                  <span data-user-text>{a.note}</span>
                                </Typography.Paragraph>
                              )}
                              {a && <Photos photos={a.photos} />}
                              {h && (
                                <div style={{ marginTop: 4 }}>
                                  <Link to={`/hazards/${h.id}`} className="mono" data-testid="ins-answer-hazard">
                                    {h.code}
                                  </Link>
                                </div>
                              )}
                            </div>
                          </List.Item>
                        );
                      }}
                    />
                  </div>
                ))
              )}
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={10}>
          <Flex vertical gap={16}>
            <ProofCard d={d} />
            <Card size="small" title={t('signature')} data-testid="ins-signature">
              {d.signature ? (
                <Flex vertical gap={6}>
                  {d.signature.url && (
                    <Image
                      src={d.signature.url}
                      height={120}
                      style={{ objectFit: 'contain', background: '#fafafa', borderRadius: 6 }}
                    />
                  )}
                  <Typography.Text>
                    {t('signer')}
                    {pn.colon}
                    <span data-user-text>{d.signature.signerName}</span>
                  </Typography.Text>
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t('noSignature')}</Typography.Text>
              )}
            </Card>
            <Card size="small" title={t('hazards')} data-testid="ins-hazards">
              {d.hazards.length ? (
                <List
                  size="small"
                  dataSource={d.hazards}
                  renderItem={(h) => (
                    <List.Item>
                      <Flex vertical gap={2} style={{ minWidth: 0 }}>
                        <Space size={8}>
                          <Link to={`/hazards/${h.id}`} className="mono" data-testid="ins-hazard-link">
                            {h.code}
                          </Link>
                          <Tag
                            color={HZ_COLOURS[h.status as keyof typeof HZ_COLOURS] ?? 'default'}
                            style={{ marginInlineEnd: 0 }}
                            data-testid="ins-hazard-status"
                          >
                            {hzStatusLabel(h.status, lang)}
                          </Tag>
                          {h.grade === 'major' && (
                            <Tag color="red" icon={<WarningFilled />} style={{ marginInlineEnd: 0 }}>
                              {t('major')}
                            </Tag>
                          )}
                        </Space>
                        <Typography.Text type="secondary" ellipsis data-user-text>
                          {h.description}
                        </Typography.Text>
                      </Flex>
                    </List.Item>
                  )}
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noHazards')} />
              )}
            </Card>
          </Flex>
        </Col>
      </Row>
    </div>
  );
}
