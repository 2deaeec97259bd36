import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Divider,
  Empty,
  Flex,
  Modal,
  Popconfirm,
  Skeleton,
  Space,
  Radio,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ButtonProps } from 'antd';
import { SendOutlined, TeamOutlined } from '@ant-design/icons';
import { EQUIPMENT_CONDITIONS, type EquipmentCondition } from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { errorText } from '../../api/errors.ts';
import {
  useDispatchProposal,
  useIncidentMutations,
  type DispatchProposal,
  type IncidentDetail,
} from '../../api/incident-queries.ts';
import { fmtMinute } from '../../components/time.ts';
import { useMessages, type FeatureT } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Run } from './desk-page.tsx';
import { conditionText, DispatchTag, mmss, useNow } from './labels.tsx';
import { incidentMessages, type IncidentMessageKey } from './messages.ts';

type Dispatch = IncidentDetail['dispatches'][number];
type Person = DispatchProposal['teams'][number]['people'][number];

const LIVE = new Set(['pending_ack', 'acknowledged', 'en_route', 'on_scene']);

/**
 * The equipment categories an incident type usually needs, used only when the api does not mark the units it proposes
 * (`proposed`): the proposal ticks the nearest unit in store of each (the desk may change it). A desk convention, not a rule: a leak or a confined space needs breathing apparatus and
 * a gas detector first, a fire firefighting kit, a flood boats and flood kit.
 */
const WANTED_UNITS: Record<string, string[]> = {
  leak_poisoning: ['breathing_apparatus', 'gas_detector'],
  fire: ['firefighting', 'breathing_apparatus'],
  explosion: ['firefighting', 'breathing_apparatus', 'medical'],
  confined_space: ['breathing_apparatus', 'gas_detector', 'urban_rescue'],
  flood_typhoon: ['flood', 'boat'],
  mechanical_injury: ['urban_rescue', 'medical'],
  electric_shock: ['medical'],
  other: [],
};
type Unit = DispatchProposal['units'][number];

/**
 * The units to tick in the proposal: the ones the api marks `proposed` (matched to the incident type by the domain's
 * proposal) when it says so; an older api without the flag → the nearest unit in store of each category of
 * WANTED_UNITS.
 */
function proposedUnits(units: Unit[], type: string): Set<string> {
  if (units.some((u) => typeof u.proposed === 'boolean')) return new Set(units.filter((u) => u.proposed).map((u) => u.unitId));
  const picked = new Set<string>();
  for (const c of WANTED_UNITS[type] ?? []) {
    const u = units.find((x) => x.category === c && x.status === 'available');
    if (u) picked.add(u.unitId);
  }
  return picked;
}

/** A distance for the desk: metres under 1 km, else km with one decimal. */
function distanceText(m: number): string {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`;
}

const ORDER: Record<string, number> = {
  pending_ack: 0,
  acknowledged: 1,
  en_route: 2,
  on_scene: 3,
  escalated: 4,
  done: 5,
  stood_down: 6,
};

/**
 * 出动力量: who was dispatched and where each one is (待确认 with the ack countdown, 已确认, 出发, 到场, 完成; 超时已升级
 * with the replacement, a late ack marked), 撤回 per person, the roll-call times, and the equipment deployed or
 * recalled: 归还 per unit still out (with its condition), the return time of each returned one. 派遣建议 opens the proposal with the on-duty team preselected: one click dispatches.
 */
export function DispatchBoard({
  inc,
  canManage,
  canRelease,
  run,
}: {
  inc: IncidentDetail;
  /** The desk may dispatch and stand down (incidents.manage, incident open). */
  canManage: boolean;
  /** The desk may return units still out (incidents.manage; also after closing, for a unit the close left out). */
  canRelease: boolean;
  run: Run;
}) {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  const m = useIncidentMutations();
  const now = useNow();
  const [proposing, setProposing] = useState(false);
  const byId = useMemo(() => new Map(inc.dispatches.map((d) => [d.id, d])), [inc.dispatches]);
  const list = useMemo(
    () =>
      [...inc.dispatches].sort(
        (a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) || a.dispatchedAt.localeCompare(b.dispatchedAt),
      ),
    [inc.dispatches],
  );
  // 出动力量 counts everyone who turned out: still on it, done, or sent back after accepting (a close stands down
  // whoever was not on scene) — a closed incident's crew is not 0. Not counted: escalated without an ack, recalled
  // before accepting.
  const turnedOut = inc.dispatches.filter(
    (d) => LIVE.has(d.status) || d.status === 'done' || (d.status === 'stood_down' && d.acknowledgedAt != null),
  ).length;

  return (
    <Card
      size="small"
      className="inc-fill"
      title={
        <Space size={6}>
          {t('dispatchBoard')}
          <Badge
            count={turnedOut}
            showZero
            color={turnedOut ? '#1677ff' : '#bfbfbf'}
            data-testid="inc-dispatch-count"
            data-n={turnedOut}
          />
        </Space>
      }
      extra={
        canManage && (
          <Button
            type="primary"
            size="small"
            icon={<TeamOutlined />}
            onClick={() => setProposing(true)}
            data-testid="inc-propose"
          >
            {t('proposal')}
          </Button>
        )
      }
      data-testid="inc-dispatch-board"
    >
      {list.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noDispatch')} />
      ) : (
        list.map((d) => (
          <DispatchRow
            key={d.id}
            d={d}
            now={now}
            t={t}
            lang={lang}
            replaced={d.replacesDispatchId ? byId.get(d.replacesDispatchId)?.userName : undefined}
            onStandDown={
              canManage && LIVE.has(d.status) ? () => void run(() => m.standDown.mutateAsync(d.id), t('stoodDownOk')) : undefined
            }
          />
        ))
      )}
      {inc.equipment.length > 0 && (
        <>
          <Divider plain style={{ margin: '8px 0' }}>
            {t('equipment')}
          </Divider>
          {inc.equipment.map((e) => (
            <EquipmentRow
              key={e.id}
              e={e}
              open={inc.status !== 'closed' && inc.status !== 'cancelled'}
              t={t}
              lang={lang}
              onRelease={
                canRelease && !e.releasedAt
                  ? (condition) =>
                      run(() => m.releaseUnit.mutateAsync({ id: inc.id, unitId: e.unitId, condition }), t('releasedOk'))
                  : undefined
              }
            />
          ))}
        </>
      )}
      {proposing && <ProposalModal inc={inc} onClose={() => setProposing(false)} />}
    </Card>
  );
}

type Equipment = IncidentDetail['equipment'][number];

/**
 * One unit on the incident: asset tag, model, the borrower it was recalled from; its state (出库调用 / 召回 while out,
 * 已归还 with the return time, 未归还 when the incident ended with it still out) and 归还 while it is out (the desk
 * picks its condition: damaged units go to maintenance).
 */
function EquipmentRow({
  e,
  open,
  t,
  lang,
  onRelease,
}: {
  e: Equipment;
  open: boolean;
  t: FeatureT<IncidentMessageKey>;
  lang: 'zh-CN' | 'en';
  onRelease?: (condition: EquipmentCondition) => Promise<boolean>;
}) {
  const [condition, setCondition] = useState<EquipmentCondition>('good');
  return (
    <Flex
      justify="space-between"
      align="center"
      gap={8}
      data-testid="inc-equipment"
      data-how={e.how}
      data-unit={e.unitId}
      data-released={String(!!e.releasedAt)}
      style={{ padding: '2px 0' }}
    >
      <Typography.Text ellipsis>
        <span className="mono">{e.assetTag}</span> <span data-user-text>{e.modelName}</span>
        {e.borrowerName && (
          <Typography.Text type="secondary" data-user-text>
            {' '}
            · {e.borrowerName}
          </Typography.Text>
        )}
      </Typography.Text>
      <Space size={4}>
        {e.releasedAt ? (
          <Tooltip title={fmtMinute(e.releasedAt)}>
            <Tag data-testid="inc-equipment-released">
              {t('released')} {fmtMinute(e.releasedAt).slice(11)}
            </Tag>
          </Tooltip>
        ) : !open ? (
          <Tag color="red">{t('notReleased')}</Tag>
        ) : (
          <Tag color={e.how === 'recalled' ? 'orange' : 'blue'}>{e.how === 'recalled' ? t('recalled') : t('deployed')}</Tag>
        )}
        {onRelease && (
          <Popconfirm
            title={t('releaseConfirm')}
            description={
              <Flex vertical gap={4}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('releaseCondition')}
                </Typography.Text>
                <Radio.Group
                  size="small"
                  value={condition}
                  onChange={(ev) => setCondition(ev.target.value as EquipmentCondition)}
                  data-testid="inc-release-condition"
                  options={EQUIPMENT_CONDITIONS.map((c) => ({ value: c, label: conditionText(c, lang) }))}
                />
              </Flex>
            }
            onConfirm={() => onRelease(condition)}
            onOpenChange={(o) => o && setCondition('good')}
            okText={t('release')}
            cancelText={t('cancel')}
            okButtonProps={{ 'data-testid': 'inc-release-ok' } as ButtonProps}
          >
            <Button size="small" type="link" data-testid="inc-release">
              {t('release')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    </Flex>
  );
}

function DispatchRow({
  d,
  now,
  t,
  lang,
  replaced,
  onStandDown,
}: {
  d: Dispatch;
  now: number;
  t: FeatureT<IncidentMessageKey>;
  lang: 'zh-CN' | 'en';
  replaced?: string;
  onStandDown?: () => void;
}) {
  const left = Date.parse(d.ackDueAt) - now;
  return (
    <div className="inc-dispatch" data-testid="inc-dispatch" data-id={d.id} data-user={d.userId} data-status={d.status}>
      <Flex justify="space-between" align="center" gap={6}>
        <Space size={4} style={{ minWidth: 0 }}>
          <Typography.Text strong data-user-text>
            {d.userName}
          </Typography.Text>
          {d.isLeader && <Tag>{t('leader')}</Tag>}
          {d.phone && (
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
              {d.phone}
            </Typography.Text>
          )}
        </Space>
        <Space size={4}>
          <DispatchTag status={d.status} lang={lang} />
          {onStandDown && (
            <Popconfirm title={t('standDownConfirm')} onConfirm={onStandDown} okText={t('ok')} cancelText={t('cancel')}>
              <Button size="small" type="link" data-testid="inc-stand-down">
                {t('standDown')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </Flex>
      <Flex gap={8} wrap style={{ fontSize: 12 }}>
        {d.status === 'pending_ack' && (
          <Typography.Text type={left <= 0 ? 'danger' : 'warning'} data-testid="inc-ack-countdown" style={{ fontSize: 12 }}>
            {left > 0 ? t('ackIn', { t: mmss(left) }) : t('ackOverdue', { t: mmss(left) })}
          </Typography.Text>
        )}
        {d.lateAck && (
          <Tag color="red" data-testid="inc-late-ack">
            {t('lateAck')}
          </Tag>
        )}
        {replaced && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('replaces')} <span data-user-text>{replaced}</span>
          </Typography.Text>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {fmtMinute(d.dispatchedAt).slice(11)}
          {d.acknowledgedAt && ` → ${fmtMinute(d.acknowledgedAt).slice(11)}`}
          {d.enRouteAt && ` → ${fmtMinute(d.enRouteAt).slice(11)}`}
          {d.onSceneAt && ` → ${fmtMinute(d.onSceneAt).slice(11)}`}
        </Typography.Text>
        {d.status === 'on_scene' && d.rollCallDueAt && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('rollCallDue', { t: fmtMinute(d.rollCallDueAt).slice(11) })}
          </Typography.Text>
        )}
        {d.lastAccountedAt && (
          <Typography.Text type="success" style={{ fontSize: 12 }}>
            {t('lastAccounted', { t: fmtMinute(d.lastAccountedAt).slice(11) })}
          </Typography.Text>
        )}
      </Flex>
    </div>
  );
}

/** A proposal person's state word: available, committed to another incident (its number), on leave, off duty. */
function personState(p: Person, t: FeatureT<IncidentMessageKey>): string {
  if (p.status === 'committed') return t('ps_committed', { no: p.committedTo?.no ?? '' });
  return t(`ps_${p.status}` as IncidentMessageKey);
}

/**
 * 派遣建议: the team(s) on duty now with every member (available ones ticked; committed / on leave / off duty shown
 * with the reason and not selectable), other members (off duty, selectable only by hand through the api's rule),
 * and the deployable equipment nearest first (in store first, then on loan — recalled from the borrower).
 * 确认派遣 sends the ticked people and units in one call; refusals come back per person.
 */
function ProposalModal({ inc, onClose }: { inc: IncidentDetail; onClose: () => void }) {
  const t = useMessages(incidentMessages);
  const { dispatch } = useIncidentMutations();
  const proposal = useDispatchProposal(inc.id, true);
  const p = proposal.data;
  const already = useMemo(() => new Set(inc.dispatches.filter((d) => LIVE.has(d.status)).map((d) => d.userId)), [inc.dispatches]);
  const [people, setPeople] = useState<Set<string>>(new Set());
  const [units, setUnits] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<string[]>([]);
  // The proposed units (marked 建议) come first, the rest in the api's order (nearest first); the order stays put
  // while the desk ticks and unticks.
  const suggested = useMemo(() => (p ? proposedUnits(p.units, inc.type) : new Set<string>()), [p, inc.type]);
  const unitList = useMemo(
    () => [...(p?.units ?? [])].sort((a, b) => Number(suggested.has(b.unitId)) - Number(suggested.has(a.unitId))),
    [p, suggested],
  );
  useEffect(() => {
    if (!p) return;
    setPeople(
      new Set(
        p.teams.flatMap((tm) => tm.people.filter((x) => x.status === 'available' && !already.has(x.userId)).map((x) => x.userId)),
      ),
    );
    setUnits(new Set(suggested));
  }, [p, already, suggested]);

  const toggle = (set: Set<string>, setter: (s: Set<string>) => void, id: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    setter(next);
  };

  const submit = async () => {
    setErrors([]);
    try {
      await dispatch.mutateAsync({ id: inc.id, userIds: [...people], units: [...units].map((unitId) => ({ unitId })) });
      onClose();
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fieldErrors).length) setErrors(Object.values(e.fieldErrors));
      else setErrors([errorText(e)]);
      void proposal.refetch();
    }
  };

  const personRow = (x: Person, selectable: boolean) => (
    <div
      className="inc-proposal-person"
      key={x.userId}
      data-testid="inc-proposal-person"
      data-user={x.userId}
      data-status={x.status}
    >
      <Checkbox
        checked={people.has(x.userId)}
        disabled={!selectable || already.has(x.userId)}
        onChange={(e) => toggle(people, setPeople, x.userId, e.target.checked)}
      >
        <Space size={4}>
          <span data-user-text>{x.name}</span>
          {x.isLeader && <Tag>{t('leader')}</Tag>}
          {x.skills.slice(0, 3).map((s) => (
            <Tag key={s} color="cyan" data-user-text>
              {s}
            </Tag>
          ))}
        </Space>
      </Checkbox>
      <Space size={4}>
        <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
          {x.phone}
        </Typography.Text>
        <Tag color={x.status === 'available' ? 'green' : x.status === 'committed' ? 'red' : 'default'}>
          {already.has(x.userId) ? t('dispatchBoard') : personState(x, t)}
        </Tag>
      </Space>
    </div>
  );

  return (
    <Modal
      open
      width={760}
      title={t('proposalTitle')}
      okText={t('confirmDispatch')}
      cancelText={t('cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={dispatch.isPending}
      okButtonProps={{ icon: <SendOutlined />, disabled: !people.size && !units.size, 'data-testid': 'inc-dispatch-confirm' }}
      data-testid="inc-proposal"
      styles={{ body: { maxHeight: '62vh', overflow: 'auto' } }}
    >
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="inc-dispatch-errors"
          title={errors.map((e) => (
            <div key={e}>{e}</div>
          ))}
        />
      )}
      {!p ? (
        proposal.isError ? (
          <Alert type="error" title={errorText(proposal.error)} />
        ) : (
          <Skeleton active />
        )
      ) : (
        <>
          <Typography.Text type="secondary">{t('proposalAt', { t: fmtMinute(p.at) })}</Typography.Text>
          {p.teams.length === 0 && <Alert type="warning" showIcon title={t('noTeamOnDuty')} style={{ margin: '8px 0' }} />}
          {p.teams.map((tm) => (
            <div key={tm.teamId} data-testid="inc-proposal-team">
              <Divider titlePlacement="start" plain style={{ margin: '8px 0' }}>
                <Space size={6}>
                  <Typography.Text strong data-user-text>
                    {tm.teamName}
                  </Typography.Text>
                  {tm.slot && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-user-text>
                      {tm.slot}
                    </Typography.Text>
                  )}
                  {tm.gap && <Tag color="red">{t('gap')}</Tag>}
                </Space>
              </Divider>
              {tm.people.length ? (
                tm.people.map((x) => personRow(x, x.status === 'available'))
              ) : (
                <Typography.Text type="secondary">{t('teamEmpty')}</Typography.Text>
              )}
            </div>
          ))}
          {p.others.length > 0 && (
            <>
              <Divider titlePlacement="start" plain style={{ margin: '8px 0' }}>
                {t('otherMembers')}
              </Divider>
              {p.others.map((x) => personRow(x, false))}
            </>
          )}
          <Divider titlePlacement="start" plain style={{ margin: '8px 0' }}>
            {t('units')}
          </Divider>
          {p.units.length === 0 ? (
            <Typography.Text type="secondary">{t('unitsEmpty')}</Typography.Text>
          ) : (
            unitList.map((u) => (
              <div
                className="inc-proposal-person"
                key={u.unitId}
                data-testid="inc-proposal-unit"
                data-id={u.unitId}
                data-status={u.status}
                data-category={u.category}
                data-suggested={String(suggested.has(u.unitId))}
              >
                <Checkbox checked={units.has(u.unitId)} onChange={(e) => toggle(units, setUnits, u.unitId, e.target.checked)}>
                  <span className="mono">{u.assetTag}</span> <span data-user-text>{u.modelName}</span>
                </Checkbox>
                <Space size={4}>
                  {suggested.has(u.unitId) && <Tag color="gold">{t('unitSuggested')}</Tag>}
                  {u.distanceM != null && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="inc-proposal-unit-distance">
                      {distanceText(u.distanceM)}
                    </Typography.Text>
                  )}
                  {u.status === 'on_loan' ? (
                    <Tag color="orange">
                      {t('onLoanRecall')}
                      {u.borrower ? ` · ${u.borrower.name}` : ''}
                    </Tag>
                  ) : (
                    <Tag color="green">{t('us_available')}</Tag>
                  )}
                </Space>
              </div>
            ))
          )}
        </>
      )}
    </Modal>
  );
}
