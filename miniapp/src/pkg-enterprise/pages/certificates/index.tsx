import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { RecordList } from '../../../components/record-list';
import { Screen } from '../../../components/screen';
import { daysBetween, isoDay } from '../../../services/format';
import { useSignedInMe } from '../../../services/use-session';
import { loadRecords } from '../../services/data';
import { CERT_KINDS, CERT_STATE, ENTERPRISE_PAGES } from '../../services/enterprise-ui';
import type { Certificate } from '../../services/types';
import './index.scss';

const ORDER = { expired: 0, expiring: 1, valid: 2 } as const;

/** 持证上岗: special-work and special-equipment certificates with their state (有效 / 即将到期 / 已过期). */
export default function CertificatesPage() {
  const me = useSignedInMe();
  const today = isoDay();
  const enterpriseId = me?.enterpriseId;
  const count = (items: Certificate[], st: Certificate['state']) => items.filter((c) => c.state === st).length;

  return (
    <Screen className="certs">
      <RecordList<Certificate>
        enabled={!!enterpriseId}
        fetchKey={enterpriseId}
        fetchPage={async () => {
          const r = await loadRecords<Certificate>(enterpriseId!, 'certificates');
          const items = [...r.data].sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.expiresOn.localeCompare(b.expiresOn));
          return { items, offlineSince: r.offlineSince };
        }}
        errorText="证书加载失败"
        emptyText="还没有登记持证人员"
        emptyDesc="电工、焊工、叉车司机等须持证上岗"
        header={({ items }) => (
          <View className="certs__summary">
            共 {items.length} 本
            {count(items, 'expired') ? <Text className="certs__bad"> · 已过期 {count(items, 'expired')}</Text> : null}
            {count(items, 'expiring') ? <Text className="certs__warn"> · 即将到期 {count(items, 'expiring')}</Text> : null}
          </View>
        )}
        renderItem={(c) => {
          const left = daysBetween(today, c.expiresOn);
          const state = CERT_STATE[c.state];
          return (
            <View
              className={`cert-card cert-card--${c.state}`}
              onClick={() => void Taro.navigateTo({ url: `${ENTERPRISE_PAGES.certificateEdit}?id=${c.id}` })}
            >
              <View className="cert-card__head">
                <Text className="cert-card__name">{c.personName}</Text>
                {c.post ? <Text className="cert-card__post">{c.post}</Text> : null}
                <View className="cert-card__spacer" />
                <Text className={`tag tag--${state.tone}`}>{state.label}</Text>
              </View>
              <View className="cert-card__meta">
                {c.category} · {CERT_KINDS[c.certKind]}
              </View>
              <View className="cert-card__meta">证号 {c.certNumber}</View>
              <View className={`cert-card__expiry cert-card__expiry--${c.state}`}>
                有效期至 {c.expiresOn}
                {c.state === 'expired' ? `（已过期 ${-left} 天）` : c.state === 'expiring' ? `（还剩 ${left} 天）` : ''}
                {c.reviewDueOn ? ` · 复审 ${c.reviewDueOn}` : ''}
              </View>
            </View>
          );
        }}
        after={({ items }) =>
          items.some((c) => c.state === 'expired') ? (
            <View className="wx-tips">证书过期的人员不得从事特种作业；请及时复审换证后更新有效期。</View>
          ) : null
        }
        add={{ label: '新增证书', url: ENTERPRISE_PAGES.certificateEdit }}
      />
    </Screen>
  );
}
