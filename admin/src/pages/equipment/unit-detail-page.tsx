import { useMemo, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Image,
  Input,
  Modal,
  Radio,
  Row,
  Space,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { PrinterOutlined, WarningFilled } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useParams } from 'react-router';
import {
  EQUIPMENT_CONDITIONS,
  EQUIPMENT_UNIT_TRANSITIONS,
  type EquipmentCondition,
  type EquipmentUnitAction,
} from '@yuanan/contracts';
import {
  useFiles,
  useUnit,
  useUnitMutations,
  type EquipmentLoan,
  type EquipmentUnitDetail,
} from '../../api/equipment-queries.ts';
import { applyFormErrors, errorText, isApiError } from '../../api/errors.ts';
import { useDownload } from '../../api/use-download.ts';
import { useApi } from '../../auth/session.tsx';
import { useCrumbTitle } from '../../components/app-layout.tsx';
import { RecordPending } from '../../components/record-pending.tsx';
import { fmtDate, fmtMinute } from '../../components/time.ts';
import { validated } from '../../components/validated.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePunct } from '../../i18n/punct.ts';
import {
  actionLabel,
  borrowerKindLabel,
  categoryLabel,
  conditionLabel,
  ConditionTag,
  MAINTENANCE_COLOURS,
  maintenanceStatusLabel,
  reservationStatusLabel,
  UnitStatusTag,
} from './labels.tsx';
import { CheckOutDialog, RecallDialog, ReturnDialog } from './loan-dialogs.tsx';
import { eqMessages } from './messages.ts';

/** Actions that change a lot or take a unit out of use: red buttons. */
const DANGER: EquipmentUnitAction[] = ['retire', 'report_lost', 'fail_maintenance', 'recall'];
/** Actions that need a reason. */
const NEEDS_NOTE: EquipmentUnitAction[] = ['retire', 'report_lost', 'fail_maintenance', 'send_to_maintenance'];

/** The unit's open loan (not returned, not recalled), if any. */
function openLoan(d: EquipmentUnitDetail): EquipmentLoan | undefined {
  return d.loans.find((l) => !l.returnedAt && !l.recalledAt);
}

/** Days ahead the occupancy strip shows. */
const STRIP_DAYS = 21;

/**
 * The next three weeks, a cell per day: on loan (blue; red when past due), reserved (gold) or free — the unit's
 * reservation calendar at a glance; hover names who.
 */
function OccupancyStrip({ d }: { d: EquipmentUnitDetail }) {
  const days = useMemo(() => {
    const start = dayjs().startOf('day');
    return Array.from({ length: STRIP_DAYS }, (_, i) => {
      const from = start.add(i, 'day');
      const to = from.add(1, 'day');
      const overlaps = (a: string, b: string) => dayjs(a).isBefore(to) && dayjs(b).isAfter(from);
      const loan = d.loans.find(
        (l) =>
          !l.returnedAt &&
          !l.recalledAt &&
          overlaps(l.checkedOutAt, dayjs(l.dueAt).isAfter(dayjs()) ? l.dueAt : dayjs().add(1, 'day').toISOString()),
      );
      const res = d.reservations.find((r) => r.status === 'active' && overlaps(r.startsAt, r.endsAt));
      return { date: from, loan, res };
    });
  }, [d]);
  return (
    <Flex gap={2} data-testid="eq-strip">
      {days.map(({ date, loan, res }) => {
        const colour = loan ? (loan.overdue ? '#ff4d4f' : '#1677ff') : res ? '#faad14' : '#f0f0f0';
        const who = loan ? (loan.enterpriseName ?? loan.borrowerName) : res ? (res.enterpriseName ?? res.borrowerName) : null;
        return (
          <Tooltip key={date.valueOf()} title={`${date.format('MM-DD')}${who ? ` · ${who}` : ''}`}>
            <Flex vertical align="center" style={{ flex: 1, minWidth: 0 }}>
              <div
                style={{ height: 18, width: '100%', background: colour, borderRadius: 3 }}
                data-day={date.format('YYYY-MM-DD')}
                data-busy={loan ? 'loan' : res ? 'reserved' : 'free'}
              />
              <span style={{ fontSize: 10, color: '#8c8c8c' }}>{date.format('D')}</span>
            </Flex>
          </Tooltip>
        );
      })}
    </Flex>
  );
}

interface Event {
  key: string;
  at: string;
  colour: string;
  children: ReactNode;
}

/** 预约与借用记录: reservations, loans (out and back) and maintenance of the unit, newest first. */
function useTimeline(d: EquipmentUnitDetail): Event[] {
  const t = useMessages(eqMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  return useMemo(() => {
    const out: Event[] = [];
    for (const r of d.reservations)
      out.push({
        key: `r-${r.id}`,
        at: r.startsAt,
        colour: r.status === 'active' ? 'gold' : 'gray',
        children: (
          <div data-testid="eq-ev" data-kind="reservation" data-status={r.status}>
            <Typography.Text strong>
              {t('ev_reservation', { from: fmtMinute(r.startsAt), to: fmtMinute(r.endsAt) })}
            </Typography.Text>{' '}
            <Tag style={{ marginInlineEnd: 0 }}>{reservationStatusLabel(r.status, lang)}</Tag>
            <div>
              <Typography.Text type="secondary" data-user-text>
                {borrowerKindLabel(r.borrowerKind, lang)} · {r.enterpriseName ?? r.incidentRef ?? r.borrowerName}
              </Typography.Text>
            </div>
          </div>
        ),
      });
    for (const l of d.loans) {
      const who = l.enterpriseName ? `${l.enterpriseName}${pn.paren(l.borrowerName)}` : (l.incidentRef ?? l.borrowerName);
      out.push({
        key: `l-${l.id}`,
        at: l.checkedOutAt,
        colour: l.overdue ? 'red' : 'blue',
        children: (
          <div data-testid="eq-ev" data-kind="loan">
            <Typography.Text strong data-user-text>
              {t('ev_loan', { who })}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary">
                {fmtMinute(l.checkedOutAt)} · {pn.labelled(t('dueAt'), fmtMinute(l.dueAt))} ·{' '}
                {pn.labelled(t('outCondition'), conditionLabel(l.outCondition, lang))}
                {l.checkedOutByName ? (
                  <>
                    {' · '}
                    <span data-user-text>{l.checkedOutByName}</span>
                  </>
                ) : null}
              </Typography.Text>
            </div>
            {l.overdue && (
              <Tag color="red" icon={<WarningFilled />}>
                {t('overdueDays', { n: l.overdueDays })}
              </Tag>
            )}
            {l.returnDeclaredAt && !l.returnedAt && <Tag color="cyan">{t('declared')}</Tag>}
          </div>
        ),
      });
      if (l.returnedAt)
        out.push({
          key: `lr-${l.id}`,
          at: l.returnedAt,
          colour: l.returnCondition === 'damaged' ? 'red' : 'green',
          children: (
            <div data-testid="eq-ev" data-kind="return">
              <Typography.Text strong>{t('ev_returned')}</Typography.Text> <ConditionTag condition={l.returnCondition} />
              <div>
                <Typography.Text type="secondary">
                  {fmtMinute(l.returnedAt)}
                  {l.returnedByName ? (
                    <>
                      {' · '}
                      <span data-user-text>{l.returnedByName}</span>
                    </>
                  ) : null}
                </Typography.Text>
              </div>
              {l.damageNote && (
                <Typography.Text type="danger" data-user-text>
                  {l.damageNote}
                </Typography.Text>
              )}
            </div>
          ),
        });
      if (l.recalledAt)
        out.push({
          key: `lc-${l.id}`,
          at: l.recalledAt,
          colour: 'volcano',
          children: (
            <div data-testid="eq-ev" data-kind="recall">
              <Typography.Text strong>{actionLabel('recall', lang)}</Typography.Text>
              <div>
                <Typography.Text type="secondary" data-user-text>
                  {fmtMinute(l.recalledAt)} · {l.recallReason}
                </Typography.Text>
              </div>
            </div>
          ),
        });
    }
    for (const m of d.maintenance)
      out.push({
        key: `m-${m.id}`,
        at: m.performedAt ?? `${m.dueOn}T00:00:00.000Z`,
        colour: MAINTENANCE_COLOURS[m.status] === 'gold' ? 'orange' : (MAINTENANCE_COLOURS[m.status] ?? 'gray'),
        children: (
          <div data-testid="eq-ev" data-kind="maintenance" data-status={m.status}>
            <Typography.Text strong data-user-text>
              {t('ev_maintenance', { label: m.label })}
            </Typography.Text>{' '}
            <Tag color={MAINTENANCE_COLOURS[m.status]} style={{ marginInlineEnd: 0 }}>
              {maintenanceStatusLabel(m.status, lang)}
            </Tag>
            <div>
              <Typography.Text type="secondary">
                {m.performedAt ? fmtMinute(m.performedAt) : pn.labelled(t('dueOn'), fmtDate(m.dueOn))}
                {m.performedByName ? (
                  <>
                    {' · '}
                    <span data-user-text>{m.performedByName}</span>
                  </>
                ) : null}
              </Typography.Text>
            </div>
            {m.resultNote && (
              <Typography.Text type="secondary" data-user-text>
                {m.resultNote}
              </Typography.Text>
            )}
          </div>
        ),
      });
    return out.sort((a, b) => b.at.localeCompare(a.at));
  }, [d, t, lang, pn]);
}

/**
 * 器材详情: the unit's ledger fields, its state and what may be done now (the state machine's actions the api
 * offers, each sent with the unit's `version`; a stale one is 409 and the page reloads), the next three weeks'
 * occupancy and the timeline of reservations, loans and maintenance; its label as a PDF.
 */
export function UnitDetailPage() {
  const t = useMessages(eqMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const { id } = useParams<{ id: string }>();
  const api = useApi();
  const q = useUnit(id);
  const { busy: printing, download } = useDownload();
  const [acting, setActing] = useState<EquipmentUnitAction | null>(null);
  const photos = useFiles(q.data?.model.photoFileIds ?? []);
  // The asset tag names the unit (the model's name is on the page; the breadcrumb carries no user-text mark).
  useCrumbTitle(q.data?.assetTag ?? null);
  const timeline = useTimeline(q.data ?? ({ reservations: [], loans: [], maintenance: [] } as unknown as EquipmentUnitDetail));

  if (!q.data) return <RecordPending query={q} notFound={t('notFound')} back={t('backToUnits')} backTo="/equipment/units" />;
  const d = q.data;
  const loan = openLoan(d);
  const label = () =>
    download(api.equipment.units.labelsPdfUrl({ ids: [d.id] }), `器材标签-${d.assetTag}.pdf`, (name) =>
      t('labelsSaved', { name }),
    );

  return (
    <div className="page">
      <Card style={{ marginBottom: 16 }} data-testid="eq-unit-head">
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div style={{ minWidth: 0, flex: 1 }}>
            <Flex align="center" gap={10} wrap>
              <Typography.Title level={4} style={{ margin: 0 }} className="mono" data-testid="eq-unit-tag">
                {d.assetTag}
              </Typography.Title>
              <Typography.Text strong style={{ fontSize: 16 }} data-user-text>
                {d.modelName}
              </Typography.Text>
              <UnitStatusTag status={d.status} />
              <ConditionTag condition={d.condition} />
              {d.lendableBlockedReason && (
                <Tooltip title={d.lendableBlockedReason}>
                  <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="eq-blocked">
                    {t('blocked')}
                  </Tag>
                </Tooltip>
              )}
            </Flex>
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {categoryLabel(d.category, lang)}
              {[d.model.model, d.model.manufacturer, d.location].filter(Boolean).map((x) => (
                <span key={x}>
                  {' · '}
                  <span data-user-text>{x}</span>
                </span>
              ))}
            </Typography.Paragraph>
          </div>
          <Space wrap data-testid="eq-unit-actions">
            {d.actions.map((a) => (
              <Button
                key={a}
                danger={DANGER.includes(a)}
                type={a === 'check_out' || a === 'return' ? 'primary' : 'default'}
                disabled={(a === 'return' || a === 'recall') && !loan}
                onClick={() => setActing(a)}
                data-testid={`eq-act-${a}`}
              >
                {actionLabel(a, lang)}
              </Button>
            ))}
            <Button icon={<PrinterOutlined />} loading={printing} onClick={() => void label()} data-testid="eq-unit-label">
              {t('labels')}
            </Button>
          </Space>
        </Flex>
        {d.lendableBlockedReason && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 12 }}
            title={
              <>
                {t('blocked')}
                {pn.colon}
                <span data-user-text>{d.lendableBlockedReason}</span>
              </>
            }
          />
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('unitInfo')}>
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'serial', label: t('serial'), children: <span data-user-text>{d.serial ?? '—'}</span> },
                  { key: 'loc', label: t('location'), children: <span data-user-text>{d.location ?? '—'}</span> },
                  { key: 'buy', label: t('purchasedOn'), children: fmtDate(d.purchasedOn) },
                  { key: 'warranty', label: t('warrantyUntil'), children: fmtDate(d.warrantyUntil) },
                  { key: 'next', label: t('nextMaintenance'), children: fmtDate(d.nextMaintenanceOn) },
                  {
                    key: 'lend',
                    label: t('lendable'),
                    children: d.model.lendable ? t('yes') : t('no'),
                  },
                  ...(d.model.specs.length
                    ? [
                        {
                          key: 'specs',
                          label: t('specs'),
                          children: (
                            <Flex vertical gap={0} data-user-text>
                              {d.model.specs.map((s) => (
                                <span key={s.key}>{pn.labelled(s.key, s.value)}</span>
                              ))}
                            </Flex>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
              {(photos.data ?? []).some(Boolean) && (
                <Image.PreviewGroup>
                  <Flex gap={8} wrap style={{ marginTop: 8 }}>
                    {(photos.data ?? []).map((f) =>
                      f ? (
                        <Image key={f.id} src={f.url} width={110} height={80} style={{ objectFit: 'cover', borderRadius: 6 }} />
                      ) : null,
                    )}
                  </Flex>
                </Image.PreviewGroup>
              )}
            </Card>
            {loan && (
              <Card size="small" title={t('openLoan')} data-testid="eq-unit-loan">
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    {
                      key: 'who',
                      label: t('borrower'),
                      children: (
                        <span data-user-text>
                          {loan.enterpriseName ? `${loan.enterpriseName}${pn.paren(loan.borrowerName)}` : loan.borrowerName}
                        </span>
                      ),
                    },
                    { key: 'phone', label: t('borrowerPhone'), children: loan.borrowerPhone ?? '—' },
                    { key: 'out', label: t('checkedOutAt'), children: fmtMinute(loan.checkedOutAt) },
                    {
                      key: 'due',
                      label: t('dueAt'),
                      children: (
                        <Space size={6}>
                          {fmtMinute(loan.dueAt)}
                          {loan.overdue && <Tag color="red">{t('overdueDays', { n: loan.overdueDays })}</Tag>}
                        </Space>
                      ),
                    },
                    ...(loan.returnDeclaredAt
                      ? [{ key: 'decl', label: t('declared'), children: fmtMinute(loan.returnDeclaredAt) }]
                      : []),
                  ]}
                />
                <LoanProof loan={loan} />
              </Card>
            )}
          </Flex>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('timeline')} data-testid="eq-timeline">
            <OccupancyStrip d={d} />
            <div style={{ marginTop: 16 }}>
              {timeline.length ? (
                <Timeline items={timeline.map((e) => ({ key: e.key, color: e.colour, content: e.children }))} />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timelineEmpty')} />
              )}
            </div>
          </Card>
        </Col>
      </Row>
      {acting === 'check_out' && <CheckOutDialog unitId={d.id} onClose={() => setActing(null)} />}
      {acting === 'return' && loan && <ReturnDialog loan={loan} onClose={() => setActing(null)} />}
      {acting === 'recall' && loan && <RecallDialog loan={loan} onClose={() => setActing(null)} />}
      {acting && EQUIPMENT_UNIT_TRANSITIONS[acting].via === 'unit' && (
        <UnitActionModal unit={d} action={acting} onClose={() => setActing(null)} onStale={() => void q.refetch()} />
      )}
    </div>
  );
}

/** The check-out photos and the borrower's signature of a loan. */
function LoanProof({ loan }: { loan: EquipmentLoan }) {
  const t = useMessages(eqMessages);
  const ids = [...loan.outPhotoFileIds, ...(loan.signatureFileId ? [loan.signatureFileId] : [])];
  const files = useFiles(ids);
  const byId = new Map((files.data ?? []).filter(Boolean).map((f) => [f!.id, f!]));
  if (!ids.length) return null;
  return (
    <Flex vertical gap={6} style={{ marginTop: 8 }}>
      <Image.PreviewGroup>
        <Flex gap={8} wrap>
          {loan.outPhotoFileIds.map((id) =>
            byId.get(id) ? (
              <Image key={id} src={byId.get(id)!.url} width={96} height={72} style={{ objectFit: 'cover', borderRadius: 6 }} />
            ) : null,
          )}
        </Flex>
      </Image.PreviewGroup>
      {loan.signatureFileId && byId.get(loan.signatureFileId) && (
        <div>
          <Typography.Text type="secondary">{t('signature')}</Typography.Text>
          <img
            src={byId.get(loan.signatureFileId)!.url}
            alt={t('signature')}
            style={{ display: 'block', height: 64, background: '#fafafa', borderRadius: 6 }}
            data-testid="eq-loan-signature"
          />
        </div>
      )}
    </Flex>
  );
}

/**
 * One action of the state machine on the unit (预留, 出动, 送修, 报废, 报失…): a note (required where the action
 * takes the unit out of use), the incident for 出动, the condition for 归队. Sent with the unit's version.
 */
function UnitActionModal({
  unit,
  action,
  onClose,
  onStale,
}: {
  unit: EquipmentUnitDetail;
  action: EquipmentUnitAction;
  onClose: () => void;
  onStale: () => void;
}) {
  const t = useMessages(eqMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const { message } = App.useApp();
  const { act } = useUnitMutations();
  const [form] = Form.useForm<{ note?: string; incidentRef?: string; condition?: EquipmentCondition }>();
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    try {
      await act.mutateAsync({
        id: unit.id,
        action,
        version: unit.version,
        note: v.note?.trim() || undefined,
        incidentRef: v.incidentRef?.trim() || undefined,
        condition: v.condition,
      });
      message.success(t('actionDone', { action: actionLabel(action, lang) }));
      onClose();
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        message.error(`${t('conflict')}${pn.paren(errorText(e))}`);
        onStale();
        onClose();
      } else {
        applyFormErrors(form, e);
        message.error(errorText(e));
      }
    }
  };
  return (
    <Modal
      open
      title={`${actionLabel(action, lang)}${pn.colon}${unit.assetTag}`}
      okText={actionLabel(action, lang)}
      cancelText={t('cancel')}
      okButtonProps={{ danger: DANGER.includes(action), 'data-testid': 'eq-act-ok' }}
      confirmLoading={act.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="eq-act-modal"
    >
      <Form form={form} layout="vertical" initialValues={{ condition: 'good' }}>
        {action === 'deploy' && (
          <Form.Item name="incidentRef" label={t('incidentRef')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input />
          </Form.Item>
        )}
        {action === 'stand_down' && (
          <Form.Item name="condition" label={t('returnCondition')} rules={[{ required: true }]}>
            <Radio.Group options={EQUIPMENT_CONDITIONS.map((c) => ({ value: c, label: conditionLabel(c, lang) }))} />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={t('reason')}
          rules={[{ required: NEEDS_NOTE.includes(action), whitespace: true }, { max: 1000 }]}
        >
          <Input.TextArea rows={3} placeholder={t('reasonPh')} data-testid="eq-act-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
