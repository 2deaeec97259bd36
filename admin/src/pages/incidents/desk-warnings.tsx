import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { AimOutlined, NotificationOutlined } from '@ant-design/icons';
import { compassName } from '@yuanan/domain';
import { errorText } from '../../api/errors.ts';
import { useDownwind, useIncidentMutations, type DownwindResponse, type IncidentDetail } from '../../api/incident-queries.ts';
import { fmtMinute } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Run } from './desk-page.tsx';
import { targetKindText, typeText } from './labels.tsx';
import { incidentMessages } from './messages.ts';

type Wind = { windFromDeg: number; windSpeed: number };

/** The fastest wind the api takes (m/s; the strongest typhoons stay below it): more is a typing error. */
const WIND_SPEED_MAX = 75;

/**
 * A bearing in degrees as the 16-point compass name the warning messages use (北, 北东北, 东北 … / N, NNE, NE …): the
 * domain's compassName, so the card and the message a warned enterprise reads name the same direction.
 */
export function compass(deg: number, lang: 'zh-CN' | 'en'): string {
  const n = compassName(deg);
  return lang === 'en' ? n.en : n.zh;
}

/**
 * The desk's downwind state: the tower's latest wind (asked with no wind given) or one entered by hand (at first the
 * one stored on the incident, if it was entered by hand); only for an incident with a position. `setManual(null)`
 * goes back to the tower.
 */
export function useDeskDownwind(inc: IncidentDetail) {
  // A wind entered by hand earlier (stored with the warnings) is used again when the desk is opened anew.
  const [manual, setManual] = useState<Wind | null>(() =>
    inc.windSource === 'manual' && inc.windFromDeg != null && inc.windSpeed != null
      ? { windFromDeg: inc.windFromDeg, windSpeed: inc.windSpeed }
      : null,
  );
  // When the hand-entered wind was entered (ISO): the stored windAt for the stored one, else the moment it was typed
  // in — the api answers a wind given in the query with its own clock, which is not when the wind was observed.
  const [manualAt, setManualAt] = useState<string | null>(() => (inc.windSource === 'manual' ? inc.windAt : null));
  const hasPoint = inc.lat != null && inc.lng != null;
  const query = useDownwind(inc.id, manual, hasPoint);
  const setManualWind = (w: Wind | null) => {
    setManual(w);
    setManualAt(w ? new Date().toISOString() : null);
  };
  return { query, manual, manualAt, setManual: setManualWind, hasPoint };
}

/**
 * 下风向预警: the wind (tower or by hand: direction it comes FROM, speed), the sector (smoke travels to from + 180°;
 * half-angle wider at low wind; calm = full circle), how many enterprises and sensitive targets are inside, 发送预警
 * (the inside ones ticked; a drill records the warnings and sends nothing), and the warnings sent with their
 * acknowledgement.
 */
export function DownwindCard({
  inc,
  downwind,
  canManage,
  run,
}: {
  inc: IncidentDetail;
  downwind: ReturnType<typeof useDeskDownwind>;
  canManage: boolean;
  run: Run;
}) {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  const [form] = Form.useForm<Wind>();
  const [sending, setSending] = useState(false);
  const d = downwind.query.data;
  const err = downwind.query.error;
  const acked = inc.warnings.filter((w) => w.acknowledgedAt).length;

  // Only a validated wind is used (onFinish runs after the field rules): a value out of range shows its field's error
  // and nothing is asked or sent until it is corrected — never clamped to the nearest bound.
  const compute = (v: Wind) => {
    if (v.windFromDeg == null || v.windSpeed == null) return;
    downwind.setManual({ windFromDeg: v.windFromDeg, windSpeed: v.windSpeed });
  };

  return (
    <Card
      size="small"
      title={t('warningsTitle')}
      data-testid="inc-downwind"
      extra={
        canManage &&
        d && (
          <Button
            size="small"
            type="primary"
            danger
            icon={<NotificationOutlined />}
            disabled={!d.enterprises.length && !d.targets.length}
            onClick={() => setSending(true)}
            data-testid="inc-warn-open"
          >
            {t('sendWarnings')}
          </Button>
        )
      }
      styles={{ body: { maxHeight: 230, overflow: 'auto' } }}
    >
      {!downwind.hasPoint ? (
        <Typography.Text type="secondary">{t('noPosition')}</Typography.Text>
      ) : (
        <Flex vertical gap={6}>
          {d?.wind ? (
            <Typography.Text data-testid="inc-wind" data-source={d.wind.source}>
              {t('windText', {
                dir: compass(d.wind.fromDeg, lang),
                speed: d.wind.speed,
                src: d.wind.source === 'tower' ? t('windTower') : t('windManual'),
                at: fmtMinute((d.wind.source === 'manual' && downwind.manualAt) || d.wind.at).slice(11),
              })}
            </Typography.Text>
          ) : err ? (
            <Alert type="warning" showIcon title={errorText(err) || t('windNone')} data-testid="inc-wind-none" />
          ) : null}
          {d && (
            <Typography.Text type="secondary" data-testid="inc-sector" style={{ fontSize: 12 }}>
              {d.sector.calm
                ? t('sectorCalm', { dist: d.sector.distanceM })
                : t('sectorText', { to: Math.round(d.sector.toDeg), half: d.sector.halfAngleDeg, dist: d.sector.distanceM })}
              {' · '}
              <span data-testid="inc-inside-enterprises" data-n={d.enterprises.length}>
                {t('insideEnterprises', { n: d.enterprises.length })}
              </span>
              {' · '}
              <span data-testid="inc-inside-targets" data-n={d.targets.length}>
                {t('insideTargets', { n: d.targets.length })}
              </span>
            </Typography.Text>
          )}
          {canManage && (
            <Form form={form} layout="inline" size="small" onFinish={compute}>
              <Form.Item
                name="windFromDeg"
                rules={[
                  { required: true, message: t('windFromRequired') },
                  { type: 'number', min: 0, max: 360, message: t('windFromRange') },
                ]}
                style={{ marginInlineEnd: 6 }}
                data-testid="inc-wind-from-item"
              >
                <InputNumber placeholder={t('windFrom')} style={{ width: 130 }} data-testid="inc-wind-from" />
              </Form.Item>
              <Form.Item
                name="windSpeed"
                rules={[
                  { required: true, message: t('windSpeedRequired') },
                  { type: 'number', min: 0, max: WIND_SPEED_MAX, message: t('windSpeedRange', { max: WIND_SPEED_MAX }) },
                ]}
                style={{ marginInlineEnd: 6 }}
                data-testid="inc-wind-speed-item"
              >
                <InputNumber step={0.1} placeholder={t('windSpeed')} style={{ width: 110 }} data-testid="inc-wind-speed" />
              </Form.Item>
              <Button size="small" htmlType="submit" icon={<AimOutlined />} data-testid="inc-wind-compute">
                {t('compute')}
              </Button>
              {downwind.manual && (
                <Button size="small" type="link" onClick={() => downwind.setManual(null)}>
                  {t('windTower')}
                </Button>
              )}
            </Form>
          )}
          {inc.warnings.length > 0 && (
            <div data-testid="inc-warnings">
              <Typography.Text strong style={{ fontSize: 12 }}>
                {t('warningAcked')} {acked}/{inc.warnings.length}
              </Typography.Text>
              {inc.warnings.map((w) => (
                <Flex
                  key={w.id}
                  justify="space-between"
                  gap={6}
                  data-testid="inc-warning"
                  data-acked={String(!!w.acknowledgedAt)}
                  style={{ fontSize: 12 }}
                >
                  <Typography.Text ellipsis style={{ fontSize: 12 }}>
                    <span data-user-text>{w.name}</span> · {Math.round(w.distanceM)} m{' '}
                    {w.distanceM >= 1 ? compass(w.bearingDeg, lang) : ''}
                  </Typography.Text>
                  {w.simulated ? (
                    <Tag color="purple">{t('warningSimulated')}</Tag>
                  ) : w.acknowledgedAt ? (
                    <Tooltip title={`${w.acknowledgedByName ?? ''} ${fmtMinute(w.acknowledgedAt)}`}>
                      <Tag color="green">{t('warningAcked')}</Tag>
                    </Tooltip>
                  ) : (
                    <Tag color="orange">{t('warningPending')}</Tag>
                  )}
                </Flex>
              ))}
            </div>
          )}
        </Flex>
      )}
      {sending && d && (
        <WarningsModal inc={inc} downwind={d} manual={downwind.manual} run={run} onClose={() => setSending(false)} />
      )}
    </Card>
  );
}

/** 发送预警: the inside enterprises and targets (all ticked), the message (a default naming the incident); one call. */
function WarningsModal({
  inc,
  downwind: d,
  manual,
  run,
  onClose,
}: {
  inc: IncidentDetail;
  downwind: DownwindResponse;
  manual: Wind | null;
  run: Run;
  onClose: () => void;
}) {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  const m = useIncidentMutations();
  const [ents, setEnts] = useState(() => new Set(d.enterprises.map((e) => e.enterpriseId)));
  const [tgts, setTgts] = useState(() => new Set(d.targets.map((x) => x.targetId)));
  const nearest = useMemo(() => Math.min(...d.enterprises.map((e) => e.distanceM), ...d.targets.map((x) => x.distanceM)), [d]);
  const [text, setText] = useState(() =>
    t('warningMessageDefault', {
      type: typeText(inc.type, lang),
      no: inc.no,
      dist: Number.isFinite(nearest) ? Math.round(nearest) : d.sector.distanceM,
    }),
  );
  const flip = (set: Set<string>, setter: (s: Set<string>) => void, id: string, on: boolean) => {
    const n = new Set(set);
    if (on) n.add(id);
    else n.delete(id);
    setter(n);
  };
  const submit = async () => {
    const body = {
      id: inc.id,
      ...(manual ?? (d.wind ? { windFromDeg: d.wind.fromDeg, windSpeed: d.wind.speed } : {})),
      message: text.trim() || undefined,
      enterpriseIds: [...ents],
      targetIds: [...tgts],
    };
    const ok = await run(
      () => m.warnings.mutateAsync(body),
      inc.isDrill ? t('warningsSimulated') : t('warningsSent', { n: ents.size + tgts.size }),
    );
    if (ok) onClose();
  };
  return (
    <Modal
      open
      width={640}
      title={t('sendWarnings')}
      okText={t('sendWarnings')}
      cancelText={t('cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={m.warnings.isPending}
      okButtonProps={{ danger: true, disabled: !ents.size && !tgts.size, 'data-testid': 'inc-warn-send' }}
      data-testid="inc-warn-modal"
    >
      {inc.isDrill && <Alert type="info" showIcon title={t('isDrillHint')} style={{ marginBottom: 8 }} />}
      <Typography.Text type="secondary">{t('pickTargets')}</Typography.Text>
      <Flex vertical gap={2} style={{ maxHeight: 240, overflow: 'auto', margin: '6px 0 12px' }}>
        {d.enterprises.map((e) => (
          <Checkbox
            key={e.enterpriseId}
            checked={ents.has(e.enterpriseId)}
            onChange={(ev) => flip(ents, setEnts, e.enterpriseId, ev.target.checked)}
            data-testid="inc-warn-enterprise"
          >
            <Space size={6}>
              <span data-user-text>{e.name}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {Math.round(e.distanceM)} m {e.distanceM >= 1 ? compass(e.bearingDeg, lang) : ''}
              </Typography.Text>
            </Space>
          </Checkbox>
        ))}
        {d.targets.map((x) => (
          <Checkbox
            key={x.targetId}
            checked={tgts.has(x.targetId)}
            onChange={(ev) => flip(tgts, setTgts, x.targetId, ev.target.checked)}
            data-testid="inc-warn-target"
          >
            <Space size={6}>
              <Tag color="red">{targetKindText(x.kind, lang)}</Tag>
              <span data-user-text>{x.name}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {Math.round(x.distanceM)} m
              </Typography.Text>
            </Space>
          </Checkbox>
        ))}
      </Flex>
      <Typography.Text strong>{t('warningMessage')}</Typography.Text>
      <Input.TextArea
        rows={4}
        maxLength={500}
        showCount
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid="inc-warn-text"
      />
    </Modal>
  );
}
