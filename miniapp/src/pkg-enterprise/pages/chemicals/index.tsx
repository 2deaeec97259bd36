import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { RecordList } from '../../../components/record-list';
import { Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { loadCached } from '../../../services/cache';
import { useSignedInMe } from '../../../services/use-session';
import { loadRecords } from '../../services/data';
import { ENTERPRISE_PAGES, majorHazardGradeLabel, num } from '../../services/enterprise-ui';
import type { Chemical, MajorHazardReport } from '../../services/types';
import './index.scss';

const UNIT_NAMES = { t: '吨', kg: '千克', m3: '立方米', L: '升' } as const;

/**
 * 危化品 and the GB 18218-2018 result per unit: S = Σ q/Q (≥ 1: 重大危险源), R = α · Σ β·q/Q and its grade,
 * with every substance's share — so the enterprise sees why.
 */
export default function ChemicalsPage() {
  const me = useSignedInMe();
  const enterpriseId = me?.enterpriseId;

  return (
    <Screen className="chem">
      <RecordList<Chemical, MajorHazardReport>
        enabled={!!enterpriseId}
        fetchKey={enterpriseId}
        fetchPage={async () => {
          const id = enterpriseId!;
          const [c, r] = await Promise.all([
            loadRecords<Chemical>(id, 'chemicals'),
            loadCached(`major-hazard:${id}`, () => client.enterprises.majorHazard(id)),
          ]);
          return { items: c.data, extra: r.data, offlineSince: c.offlineSince ?? r.offlineSince };
        }}
        errorText="加载失败"
        emptyText="未登记危险化学品"
        emptyDesc="如有使用或储存，请点击下方按钮登记"
        header={({ items: chemicals, extra: report }) =>
          report ? (
            <>
              <View className={`wx-card chem-result ${report.grade ? 'chem-result--major' : ''}`}>
                <View className="chem-result__title">重大危险源辨识（GB 18218-2018）</View>
                <View className="chem-result__grade">{majorHazardGradeLabel(report.grade)}</View>
                <View className="chem-result__rule">
                  各单元 S = Σ q/Q，S ≥ 1 构成重大危险源；分级 R = α · Σ β·q/Q（R ≥ 100 一级，50–100 二级，10–50 三级，&lt; 10
                  四级）。
                </View>
                <View className="chem-result__rule">
                  {report.peopleWithin500m == null
                    ? '一企一档未填写“周边 500 米人数”，α 暂按 0 人取 0.5。'
                    : `周边 500 米约 ${report.peopleWithin500m} 人。`}
                  {report.tableReviewed ? '' : '临界量与校正系数数据待人工复核，结果仅供参考。'}
                </View>
              </View>

              {report.units.map((u) => (
                <View key={u.unitName} className="wx-card chem-unit">
                  <View className="chem-unit__head">
                    <Text className="chem-unit__name">{u.unitName}</Text>
                    <Text className={`tag ${u.isMajor ? 'tag--red' : 'tag--green'}`}>
                      {u.isMajor ? majorHazardGradeLabel(u.grade) : '未构成'}
                    </Text>
                  </View>
                  <View className="chem-unit__figures">
                    <View className="chem-unit__figure">
                      <Text className="chem-unit__value">{num(u.s)}</Text>
                      <Text className="chem-unit__key">S（≥1 构成）</Text>
                    </View>
                    <View className="chem-unit__figure">
                      <Text className="chem-unit__value">{num(u.r)}</Text>
                      <Text className="chem-unit__key">R（分级）</Text>
                    </View>
                    <View className="chem-unit__figure">
                      <Text className="chem-unit__value">{num(u.alpha)}</Text>
                      <Text className="chem-unit__key">α</Text>
                    </View>
                  </View>
                  <View className="chem-table">
                    <View className="chem-table__row chem-table__row--head">
                      <Text className="chem-table__c1">物质</Text>
                      <Text className="chem-table__c">q（吨）</Text>
                      <Text className="chem-table__c">Q（吨）</Text>
                      <Text className="chem-table__c">q/Q</Text>
                      <Text className="chem-table__c chem-table__c--narrow">β</Text>
                    </View>
                    {u.contributions.map((c) => (
                      <View key={c.label} className="chem-table__row">
                        <Text className="chem-table__c1">{c.label}</Text>
                        <Text className="chem-table__c">{num(c.tonnes)}</Text>
                        <Text className="chem-table__c">{num(c.criticalTonnes)}</Text>
                        <Text className="chem-table__c">{num(c.ratio)}</Text>
                        <Text className="chem-table__c chem-table__c--narrow">{num(c.beta)}</Text>
                      </View>
                    ))}
                  </View>
                  {u.unmatchedDetails.length ? (
                    <View className="chem-unit__unmatched">
                      未计入 S 的物质（{u.unmatchedDetails.length}）：
                      {u.unmatchedDetails.map((d) => (
                        <View key={d.label}>
                          {d.label}：{d.message}
                        </View>
                      ))}
                    </View>
                  ) : null}
                </View>
              ))}

              <View className="wx-section-title">危险化学品（{chemicals.length}）</View>
            </>
          ) : null
        }
        renderItem={(c) => (
          <View
            className="wx-card chem-item"
            onClick={() => void Taro.navigateTo({ url: `${ENTERPRISE_PAGES.chemicalEdit}?id=${c.id}` })}
          >
            <View className="chem-item__head">
              <Text className="chem-item__name">{c.name}</Text>
              {c.keySupervised ? <Text className="tag tag--red">重点监管</Text> : null}
              <View className="chem-item__spacer" />
              <Text className="chem-item__qty">
                {num(c.maxQuantity)} {UNIT_NAMES[c.unit]}
              </Text>
            </View>
            <View className="chem-item__meta">
              {c.cas ? `CAS ${c.cas} · ` : ''}
              {c.unitName}
              {c.storagePlace ? ` · ${c.storagePlace}` : ''}
            </View>
            {c.unmatched ? (
              <View className="chem-item__meta chem-item__unmatched">未计入重大危险源辨识：{c.unmatched.message}</View>
            ) : (
              <View className="chem-item__meta">
                {c.criticalTonnes != null
                  ? `临界量 ${num(c.criticalTonnes)} 吨（${c.basis ?? 'GB 18218'}）`
                  : '未列入 GB 18218 临界量表'}
              </View>
            )}
          </View>
        )}
        after={<View className="wx-tips">最大储存量为现场任一时刻可能存在的最大数量；数据变化后重大危险源结果自动重算。</View>}
        add={{ label: '登记危化品', url: ENTERPRISE_PAGES.chemicalEdit, className: 'chem__add' }}
      />
    </Screen>
  );
}
