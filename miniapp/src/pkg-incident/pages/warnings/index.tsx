import { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { WARNING_LEVEL_LABELS, type MyWarnings } from '@yuanan/contracts';
import { RecordNotices, RecordPending } from '../../../components/record-detail';
import { Empty, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { reportError, toast } from '../../../services/feedback';
import { formatDateTime } from '../../../services/format';
import { useCachedRecord } from '../../../services/use-cached-record';
import { useSignedInMe } from '../../../services/use-session';
import { usePolling } from '../../../services/use-polling';
import { INCIDENT_POLL_MS, LEVEL_TONE, sortWarnings, typeText, warningWhereText } from '../../services/incident-ui';
import './index.scss';

type Warning = MyWarnings['items'][number];

/**
 * 预警通知 (an enterprise's downwind warnings): what the duty desk sent when an incident's smoke or gas may reach the
 * enterprise — the incident, its level, the message (关闭门窗、停止室外作业…), where the enterprise lies from it — and
 * 收到 to acknowledge (the desk sees who and when). Unacknowledged first. Drill warnings are marked 演练. Reloaded
 * every 10 s while shown.
 */
export default function WarningsPage() {
  const me = useSignedInMe();
  const { data, error, offlineSince, load } = useCachedRecord<MyWarnings>('incidents:warnings', () =>
    client.get<MyWarnings>('/incidents/warnings/mine'),
  );
  const [busy, setBusy] = useState<string | null>(null);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  usePolling(() => load(), { ms: INCIDENT_POLL_MS });

  if (!me || !data) return <RecordPending failed={me && error ? `预警加载失败：${error}` : null} onRetry={() => void load()} />;

  const ack = async (w: Warning) => {
    if (busy) return;
    setBusy(w.id);
    try {
      await client.post(`/incidents/warnings/${w.id}/ack`, {});
      toast('已确认收到预警');
      await load();
    } catch (e) {
      void reportError(e, { what: '确认预警', retry: () => ack(w) });
    } finally {
      setBusy(null);
    }
  };

  const items = sortWarnings(data.items);
  return (
    <Screen className="warnings">
      <RecordNotices offlineSince={offlineSince} waiting={undefined} />
      {items.length === 0 ? <Empty text="暂无预警" desc="园区发生事故、本企业处于下风向时，预警会出现在这里" /> : null}
      {items.map((w) => (
        <View
          key={w.id}
          className={`wx-card warning ${w.acknowledgedAt ? 'warning--acked' : 'warning--open'}`}
          data-testid="warning"
          data-id={w.id}
        >
          <View className="warning__tags">
            {w.simulated || w.incident.isDrill ? <Text className="tag tag--purple">演练</Text> : null}
            <Text className={`tag tag--${LEVEL_TONE[w.incident.level] ?? 'grey'}`}>
              {WARNING_LEVEL_LABELS[w.incident.level].zh}
            </Text>
            <Text className="warning__no">
              {w.incident.no} · {typeText(w.incident.type)}
            </Text>
          </View>
          <View className="warning__message" data-testid="warning-message">
            {w.message}
          </View>
          <View className="warning__where" data-testid="warning-where">
            {warningWhereText(w, me.enterpriseName)}
          </View>
          <View className="warning__time">发布于 {formatDateTime(w.sentAt)}</View>
          {w.acknowledgedAt ? (
            <View className="warning__acked" data-testid="warning-acked">
              已确认收到 · {w.acknowledgedByName ?? ''} · {formatDateTime(w.acknowledgedAt)}
            </View>
          ) : (
            <View
              className={`wx-btn wx-btn--primary warning__ack ${busy === w.id ? 'wx-btn--disabled' : ''}`}
              data-testid="warning-ack"
              onClick={() => void ack(w)}
            >
              {busy === w.id ? '正在确认…' : '收到，已按要求处置'}
            </View>
          )}
        </View>
      ))}
    </Screen>
  );
}
