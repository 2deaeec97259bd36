import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { DutyCheckIn, DutyMyShift, DutyOnDutyTeam, DutyTeam, Me } from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { client } from '../../services/api';
import { loadCached } from '../../services/cache';
import { confirm, errorMessage, reportError, toast } from '../../services/feedback';
import { formatTime } from '../../services/format';
import { DUTY_PAGES } from '../../services/routes';
import { SLOT_KIND_TEXT, hm, nextShift, shiftRange, untilText } from '../services/duty-ui';
import './duty-panel.scss';

interface DutyHome {
  shifts: DutyMyShift[];
  checkIn: DutyCheckIn | null;
  teams: DutyTeam[];
  onDuty: DutyOnDutyTeam[];
}

/** The team a check-in is for: the team of the shift going on or next, else my first team. */
function checkInTeam(d: DutyHome): string | null {
  return nextShift(d.shifts)?.teamId ?? d.teams[0]?.id ?? null;
}

/**
 * The rescue home's duty part (值班): my next shift (or the one going on), who of my team is on duty now (checked in
 * or not, a gap in red), and check-in / check-out at the duty room — by button, or by scanning the room's QR code
 * (WeChat's scanner; in a browser the code is typed or pasted). Reloaded each time the home shows.
 */
export function DutyPanel({ me }: { me: Me }) {
  const [d, setD] = useState<DutyHome | null>(null);
  const [offlineSince, setOfflineSince] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState<'button' | 'qr' | 'out' | null>(null);
  const [qrOpen, setQrOpen] = useState(false);
  const [qrCode, setQrCode] = useState('');
  const [qrError, setQrError] = useState<string | null>(null);

  const load = async () => {
    try {
      const r = await loadCached(`duty-home:${me.id}`, async () => {
        const [shifts, ci, teams, onDuty] = await Promise.all([
          client.duty.me.shifts(30),
          client.duty.me.checkIn(),
          client.duty.teams.list({ mine: 'true', pageSize: 50 }),
          client.duty.onDuty(),
        ]);
        const mine = new Set(teams.items.map((t) => t.id));
        return {
          shifts: shifts.items,
          checkIn: ci.checkIn,
          teams: teams.items,
          onDuty: onDuty.teams.filter((t) => mine.has(t.teamId)),
        } satisfies DutyHome;
      });
      setD(r.data);
      setOfflineSince(r.offlineSince);
      setFailed(null);
    } catch (e) {
      setFailed(errorMessage(e));
    }
  };
  useDidShow(() => {
    void load();
  });

  const checkIn = async (method: 'button' | 'qr', code?: string) => {
    if (!d || busy) return;
    const teamId = checkInTeam(d);
    if (!teamId) return toast('您还不是任何值班队伍的成员');
    setBusy(method);
    try {
      const c = await client.duty.checkIn(method === 'qr' ? { teamId, method, code: code!.trim() } : { teamId, method });
      setD({ ...d, checkIn: c });
      setQrOpen(false);
      void Taro.showToast({ title: '签到成功', icon: 'success' });
      void load();
    } catch (e) {
      // a wrong or another zone's code: say so next to the code (the field's own words, 二维码无效…)
      const why = (e instanceof ApiError && Object.values(e.fieldErrors)[0]) || errorMessage(e);
      if (method === 'qr' && e instanceof ApiError && e.status === 422) setQrError(why);
      else void reportError(e, { what: '签到' });
    } finally {
      setBusy(null);
    }
  };

  const scan = async () => {
    if (process.env.TARO_ENV === 'h5') {
      setQrError(null);
      setQrOpen(true);
      return;
    }
    try {
      const r = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] });
      await checkIn('qr', r.result);
    } catch (e) {
      const msg = (e as { errMsg?: string })?.errMsg ?? '';
      if (!/cancel/i.test(msg)) toast(`扫码失败：${errorMessage(e)}`);
    }
  };

  const checkOut = async () => {
    if (!d?.checkIn || busy) return;
    const ok = await confirm({ title: '签退', content: `确认结束本次值班签到（${hm(d.checkIn.checkedInAt)} 签到）？` });
    if (!ok) return;
    setBusy('out');
    try {
      await client.duty.checkOut();
      setD({ ...d, checkIn: null });
      void Taro.showToast({ title: '已签退', icon: 'success' });
      void load();
    } catch (e) {
      void reportError(e, { what: '签退' });
    } finally {
      setBusy(null);
    }
  };

  if (!d) {
    return (
      <View className="duty" data-testid="duty-panel">
        <View className="wx-section-title">我的值班</View>
        {failed ? (
          <View className="wx-card duty__failed">
            <View className="wx-error duty__failed-text">值班信息加载失败：{failed}</View>
            <View className="wx-btn wx-btn--mini wx-btn--plain" onClick={() => void load()}>
              重新加载
            </View>
          </View>
        ) : (
          <View className="wx-tips">加载中…</View>
        )}
      </View>
    );
  }

  const next = nextShift(d.shifts);
  const now = Date.now();
  const onNow = next ? Date.parse(next.start) <= now : false;
  const c = d.checkIn;

  return (
    <View className="duty" data-testid="duty-panel">
      <View className="wx-section-title duty__title">
        <Text>我的值班</Text>
        <Text className="wx-link duty__more" onClick={() => void Taro.navigateTo({ url: DUTY_PAGES.shifts })}>
          我的班次 ›
        </Text>
      </View>
      {offlineSince ? <View className="wx-tips">网络不可用，显示的是 {formatTime(offlineSince)} 的内容</View> : null}

      <View className={`wx-card duty__next ${onNow ? 'duty__next--now' : ''}`} data-testid="next-shift">
        {next ? (
          <>
            <View className="duty__next-head">
              <Text className="duty__next-label">{onNow ? '正在值班' : '下一班'}</Text>
              <Text className="tag tag--orange">{SLOT_KIND_TEXT[next.kind]}</Text>
              <Text className="duty__next-until">{untilText(next.start, next.end)}</Text>
            </View>
            <View className="duty__next-time" data-testid="next-shift-time">
              {shiftRange(next.start, next.end)}
            </View>
            <View className="duty__next-meta">
              {next.teamName}
              {next.colleagues.length ? ` · 同班：${next.colleagues.map((p) => p.name).join('、')}` : ''}
              {next.source !== 'rotation' ? ' · 替班' : ''}
            </View>
          </>
        ) : (
          <View className="duty__none">未来 30 天没有您的班次</View>
        )}
      </View>

      <View className="wx-card duty__checkin" data-testid="duty-checkin">
        {c ? (
          <>
            <View className="duty__ci-state" data-testid="checked-in">
              已签到 · {c.teamName} · {hm(c.checkedInAt)}（{c.method === 'qr' ? '扫码' : '按钮'}）
            </View>
            <View
              className={`wx-btn wx-btn--plain wx-btn--warn duty__checkout ${busy ? 'wx-btn--disabled' : ''}`}
              onClick={() => void checkOut()}
            >
              {busy === 'out' ? '正在签退…' : '签退'}
            </View>
          </>
        ) : (
          <>
            <View className="duty__ci-tip">到达值班室后签到，记录实际值班时长。</View>
            <View className="duty__ci-btns">
              <View
                className={`wx-btn wx-btn--primary duty__checkin-btn ${busy ? 'wx-btn--disabled' : ''}`}
                onClick={() => void checkIn('button')}
              >
                {busy === 'button' ? '正在签到…' : '值班签到'}
              </View>
              <View
                className={`wx-btn wx-btn--plain duty__scan-btn ${busy ? 'wx-btn--disabled' : ''}`}
                onClick={() => void scan()}
              >
                扫码签到
              </View>
            </View>
          </>
        )}
      </View>

      {d.onDuty.map((t) => (
        <View key={t.teamId} className="wx-card duty__now" data-testid="on-duty" data-team={t.teamId}>
          <View className="duty__now-head">
            <Text className="duty__now-title">{t.teamName} · 当前在岗</Text>
            {t.gap ? <Text className="tag tag--red">缺 {Math.max(1, t.minOnDuty - t.people.length)} 人</Text> : null}
          </View>
          {t.slot ? <View className="duty__now-slot">{shiftRange(t.slot.start, t.slot.end)}</View> : null}
          {t.people.length === 0 ? (
            <View className="duty__none">当前无人值班</View>
          ) : (
            <View className="duty__people">
              {t.people.map((p) => (
                <View key={p.userId} className="duty__person" data-user={p.userId}>
                  <Text className="duty__person-name">
                    {p.name}
                    {p.userId === me.id ? '（我）' : ''}
                  </Text>
                  <Text className={`tag ${p.checkedIn ? 'tag--green' : ''}`}>{p.checkedIn ? '已签到' : '未签到'}</Text>
                  {p.phone ? (
                    <Text
                      className="wx-link duty__call"
                      onClick={() => void Taro.makePhoneCall({ phoneNumber: p.phone! }).catch(() => undefined)}
                    >
                      {p.phone}
                    </Text>
                  ) : null}
                </View>
              ))}
            </View>
          )}
        </View>
      ))}

      {qrOpen ? (
        <View className="duty-sheet" onClick={() => setQrOpen(false)}>
          <View className="duty-sheet__panel" onClick={(e) => e.stopPropagation()}>
            <View className="duty-sheet__head">
              <Text className="duty-sheet__title">扫码签到</Text>
              <Text className="duty-sheet__close" onClick={() => setQrOpen(false)}>
                取消
              </Text>
            </View>
            <View className="wx-tips">浏览器中不能调用摄像头扫码：请输入或粘贴值班室二维码的内容。</View>
            <View className="duty-sheet__body">
              <Input
                className="wx-input duty-sheet__input"
                value={qrCode}
                placeholder="值班室二维码内容"
                onInput={(e) => {
                  setQrCode(e.detail.value);
                  setQrError(null);
                }}
              />
              <View
                className={`wx-btn wx-btn--primary duty-sheet__ok ${busy ? 'wx-btn--disabled' : ''}`}
                onClick={() => (qrCode.trim() ? void checkIn('qr', qrCode) : toast('请输入或粘贴二维码内容'))}
              >
                签到
              </View>
            </View>
            {qrError ? <View className="wx-error duty-sheet__error">{qrError}</View> : null}
          </View>
        </View>
      ) : null}
    </View>
  );
}
