import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import {
  EQUIPMENT_CATEGORIES,
  EQUIPMENT_CATEGORY_LABELS,
  can,
  measureWord,
  type AvailabilityResponse,
  type EquipmentCategory,
  type EquipmentModel,
  type Me,
} from '@yuanan/contracts';
import { Empty, Failed, Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { useDraft } from '../../../services/draft';
import { errorMessage, toast } from '../../../services/feedback';
import { addDays, daysBetween, isoDay } from '../../../services/format';
import { EQUIPMENT_PAGES } from '../../../services/routes';
import { zoneState } from '../../../services/session';
import { useSignedInMe } from '../../../services/use-session';
import { EMPTY_REQUEST, freeCounts, requestDraftKey, type RequestDraft } from '../../services/equipment-ui';
import './index.scss';

interface Catalogue {
  av: AvailabilityResponse;
  models: Map<string, EquipmentModel>;
}

/**
 * 可借器材: the lendable catalogue by category with how many units are free on every day of the chosen dates (from
 * GET /equipment/availability: counts only, never who holds a unit). Borrowers (enterprise users, rescue members)
 * pick models and quantities into the request draft, then 下一步 opens the request form.
 */
export default function CataloguePage() {
  const me = useSignedInMe();
  // Back from the request form (which may have changed the draft): start again from the stored draft.
  const [round, setRound] = useState(0);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) setRound((n) => n + 1);
    shown.current = true;
  });
  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  return <CatalogueBody key={round} me={me} />;
}

function CatalogueBody({ me }: { me: Me }) {
  const today = isoDay();
  const [draft, setDraft] = useDraft<RequestDraft>(requestDraftKey(zoneState.get()?.code, me.id), {
    ...EMPTY_REQUEST,
    from: addDays(today, 1),
    to: addDays(today, 2),
  });
  const from = draft.from && draft.from >= today ? draft.from : addDays(today, 1);
  const to = draft.to && draft.to >= from ? draft.to : from;
  const [category, setCategory] = useState<EquipmentCategory | ''>('');
  const [data, setData] = useState<Catalogue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const borrower = can(me.role, 'equipment.request');

  const load = async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const [av, models] = await Promise.all([
        client.equipment.availability({ from, to }),
        client.equipment.models.list({ lendable: 'true', pageSize: 200 }),
      ]);
      if (mine !== seq.current) return;
      setData({ av, models: new Map(models.items.map((m) => [m.id, m])) });
      setError(null);
    } catch (e) {
      if (mine === seq.current) setError(errorMessage(e));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  };
  useEffect(() => {
    void load();
  }, [from, to]);
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const setDates = (f: string, t: string) => {
    if (daysBetween(f, t) > 61) {
      toast('一次最多借用 62 天');
      return;
    }
    setDraft({ from: f, to: t < f ? f : t });
  };
  const qtyOf = (id: string) => draft.items.find((i) => i.modelId === id)?.quantity ?? 0;
  const setQty = (id: string, name: string, q: number) =>
    setDraft((d) => ({
      items:
        q <= 0
          ? d.items.filter((i) => i.modelId !== id)
          : qtyOf(id)
            ? d.items.map((i) => (i.modelId === id ? { ...i, quantity: q } : i))
            : [...d.items, { modelId: id, name, quantity: q }],
    }));

  const free = data ? freeCounts(data.av) : new Map<string, number>();
  const categories = data ? EQUIPMENT_CATEGORIES.filter((c) => data.av.models.some((m) => m.category === c)) : [];
  const models = (data?.av.models ?? []).filter((m) => !category || m.category === category);
  const picked = draft.items.reduce((n, i) => n + i.quantity, 0);

  return (
    <Screen className="eq-cat">
      <View className="eq-cat__bar">
        <View className="eq-cat__dates">
          <Picker mode="date" value={from} start={today} onChange={(e) => setDates(e.detail.value, to)}>
            <View className="eq-cat__date" data-testid="from">
              <Text className="eq-cat__date-k">借用日期</Text>
              <Text className="eq-cat__date-v">{from}</Text>
            </View>
          </Picker>
          <Text className="eq-cat__to">至</Text>
          <Picker mode="date" value={to} start={from} onChange={(e) => setDates(from, e.detail.value)}>
            <View className="eq-cat__date" data-testid="to">
              <Text className="eq-cat__date-k">归还日期</Text>
              <Text className="eq-cat__date-v">{to}</Text>
            </View>
          </Picker>
        </View>
        <View className="eq-cat__cats">
          <Text className={`chip ${category === '' ? 'chip--active' : ''}`} onClick={() => setCategory('')}>
            全部
          </Text>
          {categories.map((c) => (
            <Text
              key={c}
              className={`chip ${category === c ? 'chip--active' : ''}`}
              data-category={c}
              onClick={() => setCategory(c)}
            >
              {EQUIPMENT_CATEGORY_LABELS[c].zh}
            </Text>
          ))}
        </View>
      </View>
      {borrower ? (
        <View className="wx-tips eq-cat__tips">
          数量为所选日期内每天都可借的件数。
          <Text className="wx-link eq-cat__mine" onClick={() => void Taro.navigateTo({ url: EQUIPMENT_PAGES.mine })}>
            我的借用 ›
          </Text>
        </View>
      ) : null}

      {!data && loading ? <Loading /> : null}
      {!data && !loading && error ? <Failed message={`器材加载失败：${error}`} onRetry={() => void load()} /> : null}
      {data && models.length === 0 ? <Empty text="暂无可借器材" desc="器材室登记可外借的器材后会出现在这里" /> : null}
      {data && error ? <View className="wx-error">刷新失败：{error}</View> : null}

      {models.map((m) => {
        const info = data?.models.get(m.modelId);
        const mw = measureWord({ category: m.category, specs: info?.specs });
        const n = free.get(m.modelId) ?? 0;
        const q = qtyOf(m.modelId);
        return (
          <View
            key={m.modelId}
            className={`eq-model ${n === 0 ? 'eq-model--none' : ''}`}
            data-testid="eq-model"
            data-model={m.modelId}
          >
            <View className="eq-model__head">
              <Text className="eq-model__name">{m.name}</Text>
              <Text className="tag tag--blue">{EQUIPMENT_CATEGORY_LABELS[m.category].zh}</Text>
            </View>
            {info?.model || info?.manufacturer ? (
              <View className="eq-model__sub">{[info.model, info.manufacturer].filter(Boolean).join(' · ')}</View>
            ) : null}
            {info?.specs.length ? (
              <View className="eq-model__specs">
                {info.specs
                  .slice(0, 3)
                  .map((s) => `${s.key}：${s.value}`)
                  .join('；')}
              </View>
            ) : null}
            <View className="eq-model__foot">
              <Text className={`eq-model__free ${n === 0 ? 'eq-model__free--none' : ''}`} data-testid="eq-free">
                {n > 0 ? `可借 ${n} ${mw}` : '所选日期已借完'}
                <Text className="eq-model__total">
                  （共 {m.total} {mw}）
                </Text>
              </Text>
              {borrower && (n > 0 || q > 0) ? (
                <View className="eq-step" data-testid="eq-step">
                  {q > 0 ? (
                    <>
                      <Text className="eq-step__btn eq-step__minus" onClick={() => setQty(m.modelId, m.name, q - 1)}>
                        −
                      </Text>
                      <Text className="eq-step__n" data-testid="eq-qty">
                        {q}
                      </Text>
                    </>
                  ) : null}
                  <Text
                    className={`eq-step__btn eq-step__plus ${q >= n ? 'eq-step__btn--off' : ''}`}
                    onClick={() => (q >= n ? toast(`所选日期最多可借 ${n} ${mw}`) : setQty(m.modelId, m.name, q + 1))}
                  >
                    ＋
                  </Text>
                </View>
              ) : null}
            </View>
          </View>
        );
      })}

      {borrower ? (
        <>
          <View className="action-bar-space" />
          <View className="action-bar">
            <View
              className={`wx-btn wx-btn--primary eq-cat__next ${picked === 0 ? 'wx-btn--disabled' : ''}`}
              onClick={() =>
                picked === 0 ? toast('请先选择要借的器材') : void Taro.navigateTo({ url: EQUIPMENT_PAGES.request })
              }
            >
              {picked ? `下一步：填写借用申请（${picked} 件）` : '选择器材后填写借用申请'}
            </View>
          </View>
        </>
      ) : null}
    </Screen>
  );
}
