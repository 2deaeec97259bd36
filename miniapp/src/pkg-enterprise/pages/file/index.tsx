import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState, type ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { CatalogItem, Enterprise } from '@yuanan/contracts';
import { Failed, Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { loadCached } from '../../../services/cache';
import { errorMessage } from '../../../services/feedback';
import { formatTime } from '../../../services/format';
import { useSignedInMe } from '../../../services/use-session';
import { loadEnterprise, pendingFields } from '../../services/data';
import { ENTERPRISE_PAGES, FIELD_LABELS } from '../../services/enterprise-ui';
import './index.scss';

const SIZE = { large: '大型', medium: '中型', small: '小型', micro: '微型' } as const;

/** 一企一档: the enterprise's file as the zone keeps it; key-field changes waiting for approval are marked 审核中. */
export default function FilePage() {
  const me = useSignedInMe();
  const [e, setE] = useState<Enterprise | null>(null);
  const [tags, setTags] = useState<CatalogItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [offlineSince, setOfflineSince] = useState<string | null>(null);

  const load = async () => {
    const id = me?.enterpriseId;
    if (!id) return;
    try {
      const r = await loadEnterprise(id);
      setE(r.data);
      setOfflineSince(r.offlineSince);
      setError(null);
      void loadCached('key-place-tags', () => client.tenant.catalog('key_place_tag'))
        .then((t) => setTags(t.data))
        .catch(() => undefined);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      Taro.stopPullDownRefresh();
    }
  };
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  if (!me || (!e && !error)) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  if (!e) {
    return (
      <Screen>
        <Failed message={`档案加载失败：${error}`} onRetry={() => void load()} />
      </Screen>
    );
  }
  const pending = pendingFields(e.id, e.pendingChange);
  const pendingSet = new Set(pending?.fields ?? []);
  const row = (key: string, value: ReactNode, label = FIELD_LABELS[key] ?? key) => (
    <View className="wx-cell file-row">
      <View className="wx-cell__hd file-row__label">{label}</View>
      <View className="wx-cell__bd file-row__value">
        {value === null || value === undefined || value === '' ? <Text className="file-row__empty">未填写</Text> : value}
        {e.pendingChange && pendingSet.has(key) ? <Text className="tag tag--orange file-row__pending">审核中</Text> : null}
      </View>
    </View>
  );
  const tagName = (code: string) => tags.find((t) => t.code === code)?.name ?? code;
  const go = (url: string) => void Taro.navigateTo({ url });

  return (
    <Screen className="file">
      {offlineSince ? <View className="wx-tips">网络不可用，显示的是 {formatTime(offlineSince)} 保存在本机的内容</View> : null}
      <View className="file-head">
        <View className="file-head__name">{e.name}</View>
        <View className="file-head__code">统一社会信用代码 {e.creditCode}</View>
        <View className="file-head__tags">
          {e.sizeBand ? <Text className="tag tag--blue">{SIZE[e.sizeBand]}企业</Text> : null}
          {e.gridName ? <Text className="tag">{e.gridName}</Text> : null}
          {e.keyPlaceTags.map((t) => (
            <Text key={t} className="tag tag--orange">
              {tagName(t)}
            </Text>
          ))}
        </View>
      </View>

      {e.pendingChange ? (
        <View className="file-pending">
          <Text className="tag tag--orange">审核中</Text>
          <Text className="file-pending__text">
            关键信息变更已提交园区安监办审核
            {pending?.fields.length ? `（${pending.fields.map((f) => FIELD_LABELS[f] ?? f).join('、')}）` : ''}
            ，审核通过前档案仍显示原信息。
          </Text>
        </View>
      ) : null}

      <View className="wx-section-title">负责人</View>
      <View className="wx-cells">
        {row('principalName', e.principalName)}
        {row('principalPhone', e.principalPhone)}
        {row('legalRepresentative', e.legalRepresentative)}
        {row('safetyManagerName', e.safetyManagerName)}
        {row('safetyManagerPhone', e.safetyManagerPhone)}
      </View>

      <View className="wx-section-title">基本情况</View>
      <View className="wx-cells">
        {row('industryName', e.industryName ? `${e.industryName}（${e.industryCode ?? ''}）` : e.industryCode, '所属行业')}
        {row('ownership', e.ownership)}
        {row('employees', e.employees == null ? null : `${e.employees} 人`)}
        {row('annualRevenue', e.annualRevenue == null ? null : `${e.annualRevenue} 万元`)}
        {row('annualOutput', e.annualOutput == null ? null : `${e.annualOutput} 万元`)}
        {row('standardisationLevel', e.standardisationLevel)}
      </View>

      <View className="wx-section-title">场所</View>
      <View className="wx-cells">
        {row('address', e.address)}
        {row('buildingStructure', e.buildingStructure)}
        {row('hasSprinklers', e.hasSprinklers == null ? null : e.hasSprinklers ? '有' : '无')}
        {row('peopleWithin500m', e.peopleWithin500m == null ? null : `约 ${e.peopleWithin500m} 人`)}
        {e.landlordName ? row('landlordEnterpriseId', `位于「${e.landlordName}」厂区内`, '厂中厂') : null}
      </View>

      <View className="wx-section-title">安全档案</View>
      <View className="wx-cells">
        <View className="wx-cell wx-cell--link" onClick={() => go(ENTERPRISE_PAGES.supplies)}>
          <View className="wx-cell__bd">应急物资</View>
        </View>
        <View className="wx-cell wx-cell--link" onClick={() => go(ENTERPRISE_PAGES.certificates)}>
          <View className="wx-cell__bd">持证人员</View>
        </View>
        <View className="wx-cell wx-cell--link" onClick={() => go(ENTERPRISE_PAGES.chemicals)}>
          <View className="wx-cell__bd">危化品与重大危险源</View>
        </View>
        <View className="wx-cell wx-cell--link" onClick={() => go(ENTERPRISE_PAGES.colour)}>
          <View className="wx-cell__bd">风险四色</View>
        </View>
      </View>
      <View className="wx-tips">
        名称、负责人、行业、地址等关键信息修改后由园区安监办审核；其他信息保存即生效。所属网格、位置和重点场所标签由园区设置。
      </View>

      <View className="action-bar-space" />
      <View className="action-bar">
        <View className="wx-btn wx-btn--primary file__edit" onClick={() => go(ENTERPRISE_PAGES.fileEdit)}>
          修改信息
        </View>
      </View>
    </Screen>
  );
}
