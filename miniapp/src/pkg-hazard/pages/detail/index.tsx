import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { GOVERNANCE_PLAN_LABELS, isEnterpriseRole, type HazardAction } from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { DetailRow as Row, RecordNotices, RecordPending, Timeline } from '../../../components/record-detail';
import { Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { confirm, reportError, toast } from '../../../services/feedback';
import { formatDateTime, isoDay } from '../../../services/format';
import { useObservable } from '../../../services/observable';
import { onOutboxSent, outboxItems } from '../../../services/offline';
import { HAZARD_PAGES } from '../../../services/routes';
import { useCachedRecord } from '../../../services/use-cached-record';
import { useSignedInMe } from '../../../services/use-session';
import { LawCitations } from '../../components/law-citations';
import { RemotePhotos } from '../../components/photos';
import {
  FORM_ACTIONS,
  GRADE_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  TREATMENT_LABELS,
  actionLabel,
  deadlineText,
  eventLabel,
  orderActions,
  statusTone,
} from '../../services/hazard-ui';
import './index.scss';

type Detail = Awaited<ReturnType<typeof client.hazards.get>>;

/**
 * One hazard: what, where, photos, the deadline, the rectification, and the timeline (who, when, what, photos).
 * The buttons are the actions the server says this user may take now (`availableActions`); someone acting first
 * (409) reloads the page and says so.
 */
export default function HazardDetailPage() {
  const me = useSignedInMe();
  const id = useRouter().params.id ?? '';
  const {
    data: h,
    error,
    offlineSince,
    load,
  } = useCachedRecord<Detail>(id ? `hazard:${id}` : null, () => client.hazards.get(id));
  const [busy, setBusy] = useState(false);
  const outbox = useObservable(outboxItems);

  const shown = useRef(false);
  useDidShow(() => {
    void load();
    shown.current = true;
  });
  usePullDownRefresh(() => void load());
  useEffect(() => onOutboxSent((item) => item.meta?.hazardId === id && void load()), [id, load]);

  if (!me || !h) return <RecordPending failed={me && error ? `隐患加载失败：${error}` : null} onRetry={() => void load()} />;

  const waiting = outbox.find((i) => i.meta?.hazardId === h.id);
  const enterpriseUser = isEnterpriseRole(me.role);
  const due = deadlineText(h, isoDay());
  const actions = waiting ? [] : orderActions(h.availableActions);
  const canExtend = Boolean(
    enterpriseUser &&
    !waiting &&
    (h.status === 'confirmed' || h.status === 'rectifying') &&
    !h.pendingExtension &&
    h.deadlineDate,
  );

  const conflictReload = async (e: unknown) => {
    if (e instanceof ApiError && e.status === 409) {
      await load();
      await Taro.showModal({
        title: '状态已变化',
        content:
          e.code === 'conflict'
            ? '该隐患刚刚已被他人处理，页面已刷新为最新状态，请查看后再操作。'
            : `当前状态下不能执行该操作：${e.message}。页面已刷新。`,
        showCancel: false,
        confirmText: '知道了',
        confirmColor: '#07C160',
      });
      return true;
    }
    return false;
  };

  const act = async (action: HazardAction) => {
    if (busy) return;
    if (FORM_ACTIONS.includes(action)) {
      void Taro.navigateTo({ url: `${HAZARD_PAGES.action}?id=${h.id}&action=${action}` });
      return;
    }
    const ok = await confirm({
      title: actionLabel(action, me.role),
      content:
        action === 'start'
          ? '确认开始整改？整改完成后请上传整改后照片并提交。'
          : action === 'approve'
            ? h.grade === 'major'
              ? '确认重大隐患治理验收通过并销号？'
              : '确认整改已到位，复核通过后隐患闭环。'
            : `确认${actionLabel(action, me.role)}？`,
    });
    if (!ok) return;
    setBusy(true);
    try {
      await client.hazards.transition(h.id, { action, version: h.version });
      toast(`${actionLabel(action, me.role)}：已完成`);
      await load();
    } catch (e) {
      if (!(await conflictReload(e))) void reportError(e, { what: actionLabel(action, me.role), retry: () => act(action) });
    } finally {
      setBusy(false);
    }
  };

  const more = async (rest: HazardAction[]) => {
    const labels = [...rest.map((a) => actionLabel(a, me.role)), ...(canExtend ? ['申请延期'] : [])];
    try {
      const r = await Taro.showActionSheet({ itemList: labels });
      if (r.tapIndex < rest.length) void act(rest[r.tapIndex]!);
      else void Taro.navigateTo({ url: `${HAZARD_PAGES.action}?id=${h.id}&action=extension` });
    } catch {
      // cancelled
    }
  };

  const [primary, second, ...rest] = actions;
  const overflow: HazardAction[] = [...(second && (rest.length > 0 || canExtend) ? [second] : []), ...rest];
  const showSecond = second && overflow.length === 0;
  const hasBar = Boolean(primary) || canExtend;

  return (
    <Screen className="hz">
      <RecordNotices offlineSince={offlineSince} waiting={waiting} />

      <View className="wx-card hz-head">
        <View className="hz-head__top">
          <Text className="hz-head__code">{h.code}</Text>
          <Text className={`tag tag--${statusTone(h.status)} hz-head__status`}>{STATUS_LABELS[h.status]}</Text>
        </View>
        <View className="hz-head__desc">{h.description}</View>
        <View className="hz-head__tags">
          {h.grade ? (
            <Text className={`tag ${h.grade === 'major' ? 'tag--red' : 'tag--blue'}`}>{GRADE_LABELS[h.grade]}</Text>
          ) : null}
          <Text className="tag">{h.categoryName ?? h.categoryCode}</Text>
          <Text className="tag">{SOURCE_LABELS[h.source]}</Text>
          {h.supervision && !h.supervision.cancelledAt ? <Text className="tag tag--red">挂牌督办</Text> : null}
        </View>
        {due ? <View className={`hz-head__due hz-head__due--${due.tone}`}>{due.text}</View> : null}
      </View>

      <View className="wx-card">
        {!enterpriseUser ? <Row label="企业">{h.enterpriseName}</Row> : null}
        {h.place ? <Row label="位置">{h.place}</Row> : null}
        {h.lat != null && h.lng != null ? (
          <Row label="定位">
            {h.lat.toFixed(5)}, {h.lng.toFixed(5)}
          </Row>
        ) : null}
        <Row label="上报">
          {h.reportedByName ?? ''} · {formatDateTime(h.reportedAt)}
        </Row>
        {h.deadlineDate ? (
          <Row label="整改期限">
            {h.deadlineDate}
            {h.treatment ? `（${TREATMENT_LABELS[h.treatment]}）` : ''}
          </Row>
        ) : null}
        {h.responsibleName ? <Row label="整改责任人">{h.responsibleName}</Row> : null}
        {h.pendingExtension ? (
          <Row label="延期申请" className="detail-row--warn">
            申请延期至 {h.pendingExtension.requestedDeadline}，待安监审核（{h.pendingExtension.reason}）
          </Row>
        ) : null}
        {h.dismissReason ? <Row label="不予认定">{h.dismissReason}</Row> : null}
        {h.closedAt ? <Row label="闭环时间">{formatDateTime(h.closedAt)}</Row> : null}
      </View>

      {/* 法律依据: the cited articles (tap → the article in 法规查询); a copy cached before citations has none */}
      <LawCitations citations={h.citations ?? []} legalBasis={h.legalBasis} />

      {h.photos.length > 0 ? (
        <View className="wx-card">
          <View className="wx-label">现场照片（{h.photos.length}）</View>
          <RemotePhotos photos={h.photos} />
        </View>
      ) : null}

      {h.measures || h.afterPhotos.length > 0 ? (
        <View className="wx-card hz-rectify">
          <View className="wx-label">{h.status === 'rectifying' ? '上次提交的整改（复核未通过，见处理记录）' : '整改情况'}</View>
          {h.measures ? <Row label="整改措施">{h.measures}</Row> : null}
          {h.cost != null ? <Row label="整改资金">{h.cost} 元</Row> : null}
          {h.afterPhotos.length > 0 ? <RemotePhotos photos={h.afterPhotos} /> : null}
        </View>
      ) : null}

      {h.grade === 'major' ? (
        <View className="wx-card">
          <View className="wx-label">重大隐患治理</View>
          <Row label="治理方案">
            {h.governancePlan
              ? `已提交（${Object.values(GOVERNANCE_PLAN_LABELS).slice(0, 3).join('、')}等）`
              : '未提交（请在电脑端提交）'}
          </Row>
          <Row label="报告监管部门">{h.reportedToAuthorityAt ? formatDateTime(h.reportedToAuthorityAt) : '未报告'}</Row>
          <Row label="验收">
            {h.acceptedAt ? `已验收 ${formatDateTime(h.acceptedAt)}` : h.acceptanceRequestedAt ? '已申请验收' : '未申请'}
          </Row>
        </View>
      ) : null}

      <View className="wx-section-title">处理记录</View>
      <Timeline
        className="hz-timeline"
        events={h.events.map((e) => ({
          id: e.id,
          action: e.action,
          label: eventLabel(e.action),
          note:
            e.toStatus && e.toStatus !== e.fromStatus && e.toStatus in STATUS_LABELS
              ? `→ ${STATUS_LABELS[e.toStatus as keyof typeof STATUS_LABELS]}`
              : null,
          who: e.actorName ?? '系统',
          at: e.at,
          comment: e.action !== 'report' ? e.comment : null,
          children: e.photos.length > 0 ? <RemotePhotos photos={e.photos.filter((p) => p.url)} /> : null,
        }))}
      />

      {hasBar ? (
        <>
          <View className="action-bar-space" />
          <View className="action-bar hz-actions">
            {overflow.length > 0 || (canExtend && !second) ? (
              <View className="wx-btn wx-btn--plain hz-actions__more" onClick={() => void more(overflow)}>
                更多
              </View>
            ) : null}
            {showSecond ? (
              <View
                className={`wx-btn wx-btn--plain hz-action hz-action--${second} ${second === 'dismiss' || second === 'reject' ? 'wx-btn--warn' : ''}`}
                onClick={() => void act(second)}
              >
                {actionLabel(second, me.role)}
              </View>
            ) : null}
            {primary ? (
              <View
                className={`wx-btn wx-btn--primary hz-action hz-action--${primary} ${busy ? 'wx-btn--disabled' : ''}`}
                onClick={() => void act(primary)}
              >
                {actionLabel(primary, me.role)}
              </View>
            ) : null}
          </View>
        </>
      ) : null}
    </Screen>
  );
}
