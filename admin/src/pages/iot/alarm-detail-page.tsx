import { useCallback, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Image,
  Input,
  Modal,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { CheckOutlined, CommentOutlined, FileDoneOutlined, FireOutlined, StopOutlined, UserAddOutlined } from '@ant-design/icons';
import { ALARM_CAUSES, isHazardCause, type AlarmCause } from '@yuanan/contracts';
import { useQueries } from '@tanstack/react-query';
import { ApiError } from '@yuanan/sdk';
import { Link, useNavigate, useParams } from 'react-router';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useRealtimeEvent } from '../../api/socket.ts';
import { useUsers } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useApi, useSession } from '../../auth/session.tsx';
import { useScope } from '../../api/keys.ts';
import { useCrumbTitle } from '../../components/app-layout.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtTime } from '../../components/time.ts';
import { FormDialog } from '../../components/form-dialog.tsx';
import { validated } from '../../components/validated.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { PhotoUpload, usePhotoState } from '../equipment/photo-upload.tsx';
import { NewIncidentDialog } from '../incidents/new-incident-dialog.tsx';
import { useAlarm, useAlarmMutations, useReadings, type IotAlarmDetail } from './iot-queries.ts';
import {
  alarmTypeText,
  AlarmStatusTag,
  causeLabel,
  eventLabel,
  formatValue,
  quantityLabel,
  SeverityTag,
  typeLabel,
} from './labels.tsx';
import { iotMessages } from './messages.ts';
import { ReadingChart, type ReadingSeries } from './reading-chart.tsx';
import './iot.css';

const EVENT_COLOURS: Record<string, string> = {
  raise: 'red',
  level: 'orange',
  ack: 'blue',
  assign: 'cyan',
  comment: 'gray',
  clear: 'green',
  escalate: 'volcano',
  close: 'green',
  hazard: 'purple',
  reopen: 'red',
};
/** The chart shows this much before the alarm and after its clear. */
const MARGIN_MS = 30 * 60_000;

/**
 * 报警详情: what the device measured, the alarm's state and who did what (timeline), the linked hazard, the
 * readings around the alarm with the set points, and the actions — 确认, 指派, 备注, 手动恢复, 处置 (handling
 * record: cause, measures, photos). Every action sends the version seen; a stale one (someone else was
 * faster) says so and shows the alarm as it is now.
 */
export function AlarmDetailPage() {
  const t = useMessages(iotMessages);
  const { lang } = useI18n();
  const { id } = useParams();
  const { message } = App.useApp();
  const { effective } = useSession();
  const alarm = useAlarm(id);
  const m = useAlarmMutations();
  const [dialog, setDialog] = useState<'assign' | 'comment' | 'clear' | 'close' | 'incident' | null>(null);
  const navigate = useNavigate();
  const a = alarm.data;
  useCrumbTitle(a ? alarmTypeText(a.type, lang) : null);
  useRealtimeEvent<{ id: string }>('iot.alarm', (p) => {
    if (p.id === id) void alarm.refetch();
  });

  const canHandle = hasPermission(effective, 'iot.alarms.handle');
  const isOffice = hasPermission(effective, 'iot.manage');
  const canAssign = canHandle && hasPermission(effective, 'users.read');
  // 立案: the duty desk opens an incident from the alarm (issue 12).
  const canIncident = hasPermission(effective, 'incidents.manage');

  /** Runs an action; a stale version (409) reloads the alarm and says so. */
  const run = async (fn: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await fn();
      message.success(done);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        message.warning(t('stale'));
        void alarm.refetch();
        setDialog(null);
      } else message.error(errorText(e));
      return false;
    }
  };

  if (alarm.isError && !a) return <QueryError error={alarm.error} onRetry={() => void alarm.refetch()} />;
  if (!a) return <Skeleton active />;

  const active = a.status === 'active_unack' || a.status === 'active_ack';
  const acked = !!a.acknowledgedAt;
  const closed = a.status === 'closed';

  return (
    <div className="page" data-testid="iot-alarm-detail" data-status={a.status} data-id={a.id}>
      <Flex justify="space-between" align="flex-start" gap={16} wrap className="page-head">
        <div style={{ minWidth: 0 }}>
          <Space size={8} wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-user-text>
              {a.deviceName}
            </Typography.Title>
            <SeverityTag severity={a.severity} lang={lang} />
            <AlarmStatusTag status={a.status} lang={lang} />
          </Space>
          <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
            {alarmTypeText(a.type, lang)} · {a.enterpriseName ? <span data-user-text>{a.enterpriseName}</span> : t('zoneDevice')}
            {a.location && (
              <>
                {' · '}
                <span data-user-text>{a.location}</span>
              </>
            )}{' '}
            · {fmtTime(a.startedAt)}
          </Typography.Paragraph>
        </div>
        <Flex gap={8} wrap>
          {canIncident && (
            <Button danger icon={<FireOutlined />} onClick={() => setDialog('incident')} data-testid="iot-to-incident">
              {lang === 'en' ? 'Open incident' : '立案/转为事件'}
            </Button>
          )}
          {canHandle && !closed && (
            <Flex gap={8} wrap>
              {!acked && (
                <Button
                  type="primary"
                  danger
                  icon={<CheckOutlined />}
                  loading={m.ack.isPending}
                  onClick={() => void run(() => m.ack.mutateAsync({ id: a.id, version: a.version }), t('acked'))}
                  data-testid="iot-ack"
                >
                  {t('ack')}
                </Button>
              )}
              {canAssign && (
                <Button icon={<UserAddOutlined />} onClick={() => setDialog('assign')} data-testid="iot-assign">
                  {t('assign')}
                </Button>
              )}
              <Button icon={<CommentOutlined />} onClick={() => setDialog('comment')} data-testid="iot-comment">
                {t('commentAdd')}
              </Button>
              {active && isOffice && (
                <Button icon={<StopOutlined />} onClick={() => setDialog('clear')} data-testid="iot-clear">
                  {t('clearManual')}
                </Button>
              )}
              <Button
                type={acked ? 'primary' : 'default'}
                icon={<FileDoneOutlined />}
                onClick={() => setDialog('close')}
                disabled={active && !isOffice}
                data-testid="iot-close"
              >
                {t('close')}
              </Button>
            </Flex>
          )}
        </Flex>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Flex vertical gap={16}>
            <Card size="small">
              <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid="iot-alarm-facts">
                <Descriptions.Item label={t('device')}>
                  <span data-user-text>{a.deviceName}</span>
                  <Typography.Text type="secondary" className="mono" style={{ marginInlineStart: 6 }}>
                    {a.deviceCode}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('deviceType')}>{typeLabel(a.deviceType, lang)}</Descriptions.Item>
                <Descriptions.Item label={t('enterprise')}>
                  {a.enterpriseId ? (
                    <Link to={`/enterprises/${a.enterpriseId}`} data-user-text>
                      {a.enterpriseName}
                    </Link>
                  ) : (
                    t('zoneDevice')
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('location')}>
                  <span data-user-text>{[a.device.keyPlace, a.location].filter(Boolean).join(' · ') || '—'}</span>
                </Descriptions.Item>
                {a.kind !== 'offline' && (
                  <>
                    <Descriptions.Item label={t('peak')}>
                      <Typography.Text strong type={a.severity === 'critical' ? 'danger' : undefined} data-testid="iot-peak">
                        {formatValue(a.quantity, a.peakValue, lang)}
                      </Typography.Text>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('value')}>
                      {formatValue(a.quantity, a.firstValue, lang)} → {formatValue(a.quantity, a.lastValue, lang)}
                    </Descriptions.Item>
                  </>
                )}
                <Descriptions.Item label={t('startedAt')}>{fmtTime(a.startedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('clearedAt')}>{fmtTime(a.clearedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('acknowledgedBy')}>
                  {a.acknowledgedAt ? (
                    <>
                      <span data-user-text>{a.acknowledgedByName ?? t('system')}</span> · {fmtTime(a.acknowledgedAt)}
                    </>
                  ) : (
                    '—'
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('assignedTo')}>
                  <span data-user-text>{a.assigneeName ?? '—'}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('linkedHazard')}>
                  {a.hazard ? (
                    <Link to={`/hazards/${a.hazard.id}`} data-testid="iot-hazard-link">
                      <span className="mono">{a.hazard.code}</span>
                    </Link>
                  ) : (
                    t('noHazard')
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('count')}>{a.count}</Descriptions.Item>
              </Descriptions>
            </Card>
            {a.handling && (
              <Card size="small" title={t('handling')} data-testid="iot-handling">
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={t('cause')}>
                    <Tag>{causeLabel(a.handling.cause, lang)}</Tag>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('measures')}>
                    <span data-user-text style={{ whiteSpace: 'pre-wrap' }}>
                      {a.handling.measures}
                    </span>
                  </Descriptions.Item>
                  {a.handling.note && (
                    <Descriptions.Item label={t('note')}>
                      <span data-user-text>{a.handling.note}</span>
                    </Descriptions.Item>
                  )}
                  <Descriptions.Item label={t('closedBy')}>
                    <span data-user-text>{a.closedByName ?? '—'}</span> · {fmtTime(a.closedAt)}
                  </Descriptions.Item>
                  {a.handling.photoIds.length > 0 && (
                    <Descriptions.Item label={t('photos')}>
                      <HandlingPhotos ids={a.handling.photoIds} />
                    </Descriptions.Item>
                  )}
                </Descriptions>
              </Card>
            )}
            <AlarmChart alarm={a} />
          </Flex>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('timeline')}>
            {a.timeline.length ? (
              <Timeline
                data-testid="iot-timeline"
                items={a.timeline.map((e) => ({
                  color: EVENT_COLOURS[e.action] ?? 'gray',
                  content: (
                    <div data-testid="iot-ev" data-action={e.action}>
                      <Typography.Text strong>{eventLabel(e.action, lang)}</Typography.Text>
                      {e.value != null && a.kind !== 'offline' && (
                        <Typography.Text style={{ marginInlineStart: 6 }}>
                          {formatValue(a.quantity, e.value, lang)}
                        </Typography.Text>
                      )}
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {e.actorId ? <span data-user-text>{e.actorName}</span> : t('iotPlatform')} · {fmtTime(e.at)}
                        </Typography.Text>
                      </div>
                      {e.comment && (
                        <Typography.Paragraph style={{ margin: '2px 0 0', whiteSpace: 'pre-wrap' }} data-user-text>
                          {e.comment}
                        </Typography.Paragraph>
                      )}
                    </div>
                  ),
                }))}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
      </Row>
      {dialog === 'close' && <CloseDialog alarm={a} canForce={isOffice} onClose={() => setDialog(null)} run={run} />}
      {dialog === 'comment' && <CommentDialog alarm={a} onClose={() => setDialog(null)} run={run} />}
      {dialog === 'assign' && <AssignDialog alarm={a} onClose={() => setDialog(null)} run={run} />}
      {dialog === 'clear' && <ClearDialog alarm={a} onClose={() => setDialog(null)} run={run} />}
      {dialog === 'incident' && (
        <NewIncidentDialog
          alarm={{ id: a.id, label: `${a.deviceName} · ${alarmTypeText(a.type, lang)}`, enterpriseId: a.enterpriseId }}
          onClose={() => setDialog(null)}
          onCreated={(inc) => navigate(`/incidents/${inc.id}`)}
        />
      )}
    </div>
  );
}

type Run = (fn: () => Promise<unknown>, done: string) => Promise<boolean>;

/** The handling record's photos: each file's signed URL (GET /files/:id), shown as thumbnails with a preview. */
function HandlingPhotos({ ids }: { ids: string[] }) {
  const api = useApi();
  const scope = useScope();
  const files = useQueries({
    queries: ids.map((id) => ({ queryKey: [scope, 'file', id], queryFn: () => api.files.get(id), staleTime: 300_000 })),
  });
  return (
    <Image.PreviewGroup>
      <Flex gap={8} wrap data-testid="iot-handling-photos">
        {files.map((f, i) =>
          f.data ? (
            <Image key={ids[i]} src={f.data.url} width={88} height={66} style={{ objectFit: 'cover', borderRadius: 4 }} />
          ) : (
            <Skeleton.Image key={ids[i]} active style={{ width: 88, height: 66 }} />
          ),
        )}
      </Flex>
    </Image.PreviewGroup>
  );
}

/** The readings from half an hour before the alarm to half an hour after its clear (now at most). */
function AlarmChart({ alarm: a }: { alarm: IotAlarmDetail }) {
  const t = useMessages(iotMessages);
  const { lang } = useI18n();
  const range = useMemo(() => {
    const start = Date.parse(a.startedAt);
    const end = Math.min(Date.now(), (a.clearedAt ? Date.parse(a.clearedAt) : Date.now()) + MARGIN_MS);
    const from = Math.max(start - MARGIN_MS, end - 7 * 86400_000 + 60_000);
    return { from: new Date(from).toISOString(), to: new Date(Math.max(end, from + 60_000)).toISOString(), start };
  }, [a.startedAt, a.clearedAt]);
  const readings = useReadings(a.deviceId, range.from, range.to, a.kind !== 'offline');
  const levelText = useCallback((level: 1 | 2, v: number) => t(level === 1 ? 'level1Line' : 'level2Line', { v }), [t]);
  const series = useMemo<ReadingSeries[]>(
    () =>
      (readings.data?.series ?? [])
        .filter((s) => !a.quantity || s.quantity === a.quantity)
        .map((s) => ({
          quantity: s.quantity,
          label: quantityLabel(s.quantity, lang),
          unit: s.unit,
          points: s.points.map((p) => [p.ts, p.max] as [number, number]),
          level1: a.condition?.quantity === s.quantity ? a.condition.level1 : null,
          level2: a.condition?.quantity === s.quantity ? a.condition.level2 : null,
        })),
    [readings.data, a.quantity, a.condition, lang],
  );
  if (a.kind === 'offline') return null;
  return (
    <Card size="small" title={t('chartAround')}>
      {readings.isLoading ? (
        <Skeleton active />
      ) : series.some((s) => s.points.length) ? (
        <ReadingChart
          series={series}
          levelText={levelText}
          span={{ from: range.start, to: a.clearedAt ? Date.parse(a.clearedAt) : Date.parse(range.to) }}
          testId="iot-alarm-chart"
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noReadings')} />
      )}
    </Card>
  );
}

interface CloseValues {
  cause: AlarmCause;
  measures: string;
  note?: string;
  forceClear?: boolean;
}

/** 报警处置记录: cause, measures, note, photos; an alarm still active needs 处置时一并恢复 (office only). */
function CloseDialog({
  alarm: a,
  canForce,
  onClose,
  run,
}: {
  alarm: IotAlarmDetail;
  canForce: boolean;
  onClose: () => void;
  run: Run;
}) {
  const t = useMessages(iotMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const { close } = useAlarmMutations();
  const [form] = Form.useForm<CloseValues>();
  const { photos, setPhotos, ready: photosReady } = usePhotoState();
  const cause = Form.useWatch('cause', form);
  const active = a.status === 'active_unack' || a.status === 'active_ack';
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    if (!photosReady()) return;
    try {
      await close.mutateAsync({
        id: a.id,
        version: a.version,
        forceClear: active ? true : undefined,
        handling: { cause: v.cause, measures: v.measures.trim(), note: v.note?.trim() || undefined, photoIds: photos.ids },
      });
      message.success(t('closed'));
      onClose();
    } catch (e) {
      if (applyFormErrors(form, e, { 'handling.cause': 'cause', 'handling.measures': 'measures', 'handling.note': 'note' }))
        return;
      await run(() => Promise.reject(e), '');
    }
  };
  return (
    <Modal
      open
      title={t('closeTitle')}
      okText={t('close')}
      cancelText={t('cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={close.isPending}
      okButtonProps={{ 'data-testid': 'iot-close-ok', disabled: active && !canForce }}
      width={600}
      data-testid="iot-close-dialog"
    >
      <Form form={form} layout="vertical">
        {active && <Alert type="warning" showIcon title={t('forceClearHint')} style={{ marginBottom: 12 }} />}
        <Form.Item name="cause" label={t('cause')} rules={[{ required: true }]}>
          <Select
            placeholder={t('selectPh')}
            options={ALARM_CAUSES.map((c) => ({ value: c, label: causeLabel(c, lang) }))}
            data-testid="iot-cause"
          />
        </Form.Item>
        {cause && isHazardCause(cause) && !a.hazardId && (
          // A zone device (no enterprise) opens no hazard: the office records the cause without one.
          <Alert
            type="info"
            showIcon
            title={t(a.enterpriseId ? 'hazardWillOpen' : 'hazardNotForZoneDevice')}
            style={{ marginBottom: 12 }}
            data-testid="iot-hazard-hint"
          />
        )}
        <Form.Item name="measures" label={t('measures')} rules={[{ required: true, whitespace: true, min: 2, max: 2000 }]}>
          <Input.TextArea rows={4} placeholder={t('measuresPh')} data-testid="iot-measures" />
        </Form.Item>
        <Form.Item name="note" label={t('note')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item label={t('photos')}>
          <PhotoUpload onChange={setPhotos} purpose="rectification_photo" max={12} testId="iot-close-photos" />
        </Form.Item>
        {active && canForce && (
          <Form.Item
            name="forceClear"
            valuePropName="checked"
            rules={[{ validator: (_r, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('forceClearHint')))) }]}
          >
            <Checkbox data-testid="iot-force-clear">{t('forceClear')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function CommentDialog({ alarm: a, onClose, run }: { alarm: IotAlarmDetail; onClose: () => void; run: Run }) {
  const t = useMessages(iotMessages);
  const { comment } = useAlarmMutations();
  const [form] = Form.useForm<{ comment: string }>();
  return (
    <FormDialog
      form={form}
      title={t('commentAdd')}
      okText={t('save')}
      cancelText={t('cancel')}
      pending={comment.isPending}
      okTestId="iot-comment-ok"
      submit={(v) => run(() => comment.mutateAsync({ id: a.id, comment: v.comment.trim() }), t('commented'))}
      onClose={onClose}
    >
      <Form.Item name="comment" label={t('comment')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
        <Input.TextArea rows={4} placeholder={t('commentPh')} data-testid="iot-comment-text" />
      </Form.Item>
    </FormDialog>
  );
}

function ClearDialog({ alarm: a, onClose, run }: { alarm: IotAlarmDetail; onClose: () => void; run: Run }) {
  const t = useMessages(iotMessages);
  const { clear } = useAlarmMutations();
  const [form] = Form.useForm<{ comment?: string }>();
  return (
    <FormDialog
      form={form}
      title={t('clearManual')}
      okText={t('ok')}
      cancelText={t('cancel')}
      pending={clear.isPending}
      okTestId="iot-clear-ok"
      submit={(v) =>
        run(() => clear.mutateAsync({ id: a.id, version: a.version, comment: v.comment?.trim() || undefined }), t('cleared'))
      }
      onClose={onClose}
    >
      <Form.Item name="comment" label={t('comment')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={3} placeholder={t('commentPh')} />
      </Form.Item>
    </FormDialog>
  );
}

function AssignDialog({ alarm: a, onClose, run }: { alarm: IotAlarmDetail; onClose: () => void; run: Run }) {
  const t = useMessages(iotMessages);
  const { assign } = useAlarmMutations();
  const users = useUsers({ pageSize: 200, status: 'active' });
  const [form] = Form.useForm<{ assigneeId: string }>();
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    const ok = await run(() => assign.mutateAsync({ id: a.id, version: a.version, assigneeId: v.assigneeId }), t('assigned'));
    if (ok) onClose();
  };
  const options = (users.data?.items ?? [])
    .filter((u) => !a.enterpriseId || !u.enterpriseId || u.enterpriseId === a.enterpriseId)
    .map((u) => ({ value: u.id, label: u.name }));
  return (
    <Modal
      open
      title={t('assign')}
      okText={t('ok')}
      cancelText={t('cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={assign.isPending}
      okButtonProps={{ 'data-testid': 'iot-assign-ok' }}
    >
      {users.isError ? (
        <Result status="warning" title={errorText(users.error)} />
      ) : (
        <Form form={form} layout="vertical" initialValues={{ assigneeId: a.assigneeId ?? undefined }}>
          <Form.Item name="assigneeId" label={t('assignedTo')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={users.isLoading}
              options={options}
              data-testid="iot-assignee"
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
