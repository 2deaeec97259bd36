import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { DUTY_SWAP_STATUS_LABELS, type DutyMyShift } from '@yuanan/contracts';
import { RecordList, useRecordPages } from '../../../components/record-list';
import { Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { loadCached } from '../../../services/cache';
import { DUTY_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import { SLOT_KIND_TEXT, SWAP_TONES, shiftRange, untilText } from '../../services/duty-ui';
import './index.scss';

const DAYS = 30;

/**
 * 我的班次: my shifts of the next 30 days (rotation, or covering someone), who is on with me, and the state of a
 * swap touching one. 申请换班 on a shift that has not started and has no open swap opens the swap form.
 */
export default function MyShiftsPage() {
  const me = useSignedInMe();
  const list = useRecordPages<DutyMyShift>(
    async () => {
      const r = await loadCached('duty-shifts', () => client.duty.me.shifts(DAYS));
      return { items: r.data.items, offlineSince: r.offlineSince };
    },
    { enabled: !!me, keyOf: (s) => `${s.teamId}:${s.start}` },
  );
  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  const swap = (s: DutyMyShift) =>
    void Taro.navigateTo({
      url: `${DUTY_PAGES.swapNew}?teamId=${s.teamId}&start=${encodeURIComponent(s.start)}&end=${encodeURIComponent(s.end)}`,
    });
  return (
    <Screen className="shifts">
      <View className="wx-tips">未来 {DAYS} 天的班次。换班须对方同意并经队长批准后生效。</View>
      <RecordList<DutyMyShift>
        source={list}
        errorText="班次加载失败"
        emptyText="未来 30 天没有您的班次"
        emptyDesc="排班由队长在管理后台制定"
        renderItem={(s) => {
          const started = Date.parse(s.start) <= Date.now();
          return (
            <View className="shift-card" data-testid="shift" data-start={s.start}>
              <View className="shift-card__head">
                <Text className="shift-card__time">{shiftRange(s.start, s.end)}</Text>
              </View>
              <View className="shift-card__meta">
                <Text className="tag tag--orange">{SLOT_KIND_TEXT[s.kind]}</Text>
                {s.source !== 'rotation' ? <Text className="tag tag--purple">替班</Text> : null}
                <Text className="shift-card__team">{s.teamName}</Text>
                <Text className="shift-card__until">{untilText(s.start, s.end)}</Text>
              </View>
              {s.colleagues.length ? (
                <View className="shift-card__with">同班：{s.colleagues.map((p) => p.name).join('、')}</View>
              ) : null}
              <View className="shift-card__foot">
                {s.swap ? (
                  <Text
                    className={`tag tag--${SWAP_TONES[s.swap.status]} shift-card__swap`}
                    data-testid="shift-swap"
                    onClick={() => void Taro.navigateTo({ url: DUTY_PAGES.swaps })}
                  >
                    {s.swap.role === 'requester' ? '换班申请' : '对方请求换班'}：{DUTY_SWAP_STATUS_LABELS[s.swap.status].zh} ›
                  </Text>
                ) : !started ? (
                  <View className="wx-btn wx-btn--mini wx-btn--plain shift-card__ask" onClick={() => swap(s)}>
                    申请换班
                  </View>
                ) : null}
              </View>
            </View>
          );
        }}
      />
    </Screen>
  );
}
