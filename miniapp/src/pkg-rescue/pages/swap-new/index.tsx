import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import type { DutySlot, DutyTeam } from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { Failed, Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { errorMessage, reportError, toast } from '../../../services/feedback';
import { addDays, isoDay } from '../../../services/format';
import { DUTY_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import { SLOT_KIND_TEXT, shiftRange } from '../../services/duty-ui';
import './index.scss';

/** How far ahead a colleague's shifts are offered in return (the roster answers ≤ 62 days). */
const RETURN_DAYS = 30;

/**
 * 申请换班: the shift I give away (from 我的班次), the colleague asked (a member of the team), optionally their shift
 * I take in return (else they cover mine), and why. Sent, it waits for the colleague's answer and then the
 * leader's approval (换班请求). Colleagues already on that shift (同班) or on leave then (请假) are greyed out and cannot
 * be picked (the roster tells); the api checks again and its words are shown.
 */
export default function SwapNewPage() {
  const me = useSignedInMe();
  const params = useRouter().params;
  const teamId = params.teamId ?? '';
  const start = decodeURIComponent(params.start ?? '');
  const end = decodeURIComponent(params.end ?? '');
  const [team, setTeam] = useState<DutyTeam | null>(null);
  const [slots, setSlots] = useState<DutySlot[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [counterpartId, setCounterpartId] = useState<string>('');
  const [theirStart, setTheirStart] = useState<string>('');
  const [reason, setReason] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      const today = isoDay();
      // From my shift's day (it may have begun yesterday) so its roster slot tells who is on it already.
      const myDay = start ? isoDay(new Date(start)) : today;
      const from = myDay < today ? myDay : today;
      const [t, roster] = await Promise.all([
        client.duty.teams.get(teamId),
        client.duty.roster({ teamId, from, to: addDays(today, RETURN_DAYS) }),
      ]);
      setTeam(t);
      setSlots(roster.slots);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  useLoad(() => {
    if (teamId && start) void load();
    else setError('缺少要换出的班次');
  });

  if (!me || (!team && !error)) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  if (!team) {
    return (
      <Screen>
        <Failed message={`加载失败：${error}`} onRetry={() => void load()} />
      </Screen>
    );
  }

  const colleagues = team.members.filter((m) => m.active && m.userId !== me.id);
  // Who cannot take my shift (the api would refuse after sending): already on it (同班) or on leave then (请假).
  const mySlot = slots.find((s) => Date.parse(s.start) === Date.parse(start));
  const unavailable = new Map<string, string>();
  for (const r of mySlot?.removed ?? []) if (r.reason === 'leave') unavailable.set(r.userId, '请假');
  for (const id of mySlot?.userIds ?? []) unavailable.set(id, '同班');
  const now = Date.now();
  // Their shifts I could take: theirs, not started, not mine already, not the one I give away.
  const theirSlots = counterpartId
    ? slots.filter(
        (s) =>
          s.userIds.includes(counterpartId) &&
          !s.userIds.includes(me.id) &&
          Date.parse(s.start) > now &&
          Date.parse(s.start) !== Date.parse(start),
      )
    : [];

  const submit = async () => {
    if (busy) return;
    const p: Record<string, string> = {};
    if (!counterpartId) p.counterpartId = '请选择换班的同事';
    setFieldErrors(p);
    if (Object.keys(p).length) return toast(Object.values(p)[0]!);
    setBusy(true);
    try {
      await client.duty.swaps.create({
        teamId,
        requesterSlotStart: start,
        counterpartId,
        counterpartSlotStart: theirStart || null,
        reason: reason.trim() || undefined,
      });
      void Taro.showToast({ title: '已发送换班申请', icon: 'success' });
      setTimeout(() => void Taro.redirectTo({ url: `${DUTY_PAGES.swaps}?tab=outgoing` }), 600);
    } catch (e) {
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors);
      void reportError(e, { what: '申请换班', retry: submit });
    } finally {
      setBusy(false);
    }
  };
  const err = (k: string) => (fieldErrors[k] ? <View className="wx-field-error">{fieldErrors[k]}</View> : null);

  return (
    <Screen className="swap-new">
      <View className="wx-section-title">换出的班次</View>
      <View className="wx-card swap-new__mine" data-testid="swap-mine">
        <View className="swap-new__time">{shiftRange(start, end)}</View>
        <View className="swap-new__team">{team.name}</View>
      </View>
      {err('requesterSlotStart')}

      <View className="wx-section-title">请谁换班 *</View>
      <View className="wx-card">
        {colleagues.length === 0 ? <View className="wx-tips">队里没有其他成员</View> : null}
        <View className="chips swap-new__people">
          {colleagues.map((m) => {
            const why = unavailable.get(m.userId);
            return (
              <Text
                key={m.userId}
                className={`chip swap-new__person ${counterpartId === m.userId ? 'chip--active' : ''} ${
                  why ? 'swap-new__person--off' : ''
                }`}
                data-user={m.userId}
                data-off={why ?? ''}
                onClick={() => {
                  if (why) return toast(`${m.name} ${why === '同班' ? '在该时段已在值班' : '在该时段请假'}，不能换班`);
                  setCounterpartId(m.userId);
                  setTheirStart('');
                  setFieldErrors({});
                }}
              >
                {m.name}
                {why ? <Text className="swap-new__why">（{why}）</Text> : null}
              </Text>
            );
          })}
        </View>
        {err('counterpartId')}
      </View>

      {counterpartId ? (
        <>
          <View className="wx-section-title">换回对方的班次（选填）</View>
          <View className="wx-cells swap-new__slots">
            <View
              className={`wx-cell swap-new__slot ${theirStart === '' ? 'swap-new__slot--on' : ''}`}
              data-start=""
              onClick={() => setTheirStart('')}
            >
              <View className="wx-cell__bd">不换回，请对方代班</View>
              {theirStart === '' ? <Text className="swap-new__check">✓</Text> : null}
            </View>
            {theirSlots.map((s) => (
              <View
                key={s.start}
                className={`wx-cell swap-new__slot ${theirStart === s.start ? 'swap-new__slot--on' : ''}`}
                data-start={s.start}
                onClick={() => setTheirStart(s.start)}
              >
                <View className="wx-cell__bd">
                  <View>{shiftRange(s.start, s.end)}</View>
                  <View className="wx-cell__desc">{SLOT_KIND_TEXT[s.kind]}</View>
                </View>
                {theirStart === s.start ? <Text className="swap-new__check">✓</Text> : null}
              </View>
            ))}
          </View>
          {theirSlots.length === 0 ? <View className="wx-tips">对方未来 {RETURN_DAYS} 天没有可换回的班次。</View> : null}
          {err('counterpartSlotStart')}
        </>
      ) : null}

      <View className="wx-section-title">换班原因</View>
      <View className="wx-card">
        <Textarea
          className="wx-textarea swap-new__reason"
          value={reason}
          maxlength={200}
          autoHeight
          placeholder="选填，例：家中有事"
          onInput={(e) => setReason(e.detail.value)}
        />
        {err('reason')}
      </View>
      <View className="wx-tips">对方同意后，由队长审批；批准后班表自动调整。</View>

      <View className="action-bar-space" />
      <View className="action-bar">
        <View
          className={`wx-btn wx-btn--primary swap-new__submit ${busy ? 'wx-btn--disabled' : ''}`}
          onClick={() => void submit()}
        >
          {busy ? '正在提交…' : '发送换班申请'}
        </View>
      </View>
    </Screen>
  );
}
