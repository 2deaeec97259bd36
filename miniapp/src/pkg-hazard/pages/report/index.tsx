import Taro, { useLoad } from '@tarojs/taro';
import { useEffect, useMemo, useState } from 'react';
import { Input, Switch, Text, Textarea, View } from '@tarojs/components';
import { isEnterpriseRole, type CatalogItem, type Enterprise, type Hazard } from '@yuanan/contracts';
import { ApiError, newIdempotencyKey } from '@yuanan/sdk';
import { Loading, Screen } from '../../../components/screen';
import { cachedCopy, loadCached } from '../../../services/cache';
import { client } from '../../../services/api';
import { useDraft } from '../../../services/draft';
import { confirm, errorMessage, reportError, toast, queuedNotice } from '../../../services/feedback';
import { submitToOutbox } from '../../../services/offline';
import { HAZARD_PAGES } from '../../../services/routes';
import { meState, zoneState } from '../../../services/session';
import { useSignedInMe } from '../../../services/use-session';
import { PhotoPicker } from '../../components/photos';
import { EMPTY_REPORT, SOURCE_LABELS, reportItem, reportProblems, sourceOf, type ReportForm } from '../../services/hazard-ui';
import { locate } from '../../services/location';
import './index.scss';

type Checklist = Awaited<ReturnType<typeof client.hazards.checklist>>;
type Problems = Partial<Record<keyof ReportForm, string>>;

function draftKey(): string {
  return `hazard-report:${zoneState.get()?.code ?? ''}:${meState.get()?.id ?? 'anon'}`;
}

/** Maps the server's field errors (photoIds, fixedOnSpot.measures…) onto the form. */
function problemsFrom(e: unknown): Problems {
  if (!(e instanceof ApiError)) return {};
  const p: Problems = {};
  for (const [path, message] of Object.entries(e.fieldErrors)) {
    if (path.startsWith('fixedOnSpot.photoIds')) p.afterPhotos = message;
    else if (path.startsWith('fixedOnSpot')) p.measures = message;
    else if (path.startsWith('photoIds')) p.photos = message;
    else if (path === 'majorChecklistItems') p.checklist = message;
    else if (path in EMPTY_REPORT) p[path as keyof ReportForm] = message;
  }
  return p;
}

/**
 * 隐患上报, made to take under a minute: photos first (camera or album), a category chip, a sentence, send.
 * Where the phone is comes by itself (never blocking). Without a network the report is kept on the phone with
 * its photos and sent later, once (its Idempotency-Key is made when 提交 is pressed). The form is a draft.
 */
export default function ReportPage() {
  const me = useSignedInMe();
  const enterpriseUser = me ? isEnterpriseRole(me.role) : false;
  const [form, setForm, clearForm] = useDraft<ReportForm>(draftKey(), EMPTY_REPORT);
  const [problems, setProblems] = useState<Problems>({});
  const [categories, setCategories] = useState<CatalogItem[] | null>(
    () => cachedCopy<CatalogItem[]>('hazard-categories')?.data ?? null,
  );
  const [enterprises, setEnterprises] = useState<Enterprise[] | null>(null);
  // Why the list could not be loaded (network, server), as opposed to loaded and empty.
  const [enterprisesError, setEnterprisesError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [query, setQuery] = useState('');
  const [locating, setLocating] = useState<'idle' | 'busy' | 'denied' | 'unavailable'>('idle');
  const [checklist, setChecklist] = useState<Checklist | null>(null);
  const [showChecklist, setShowChecklist] = useState(form.checklist.length > 0);
  const [busy, setBusy] = useState(false);

  const findLocation = async () => {
    setLocating('busy');
    const r = await locate();
    if (r.ok) {
      setForm({ location: { lat: r.lat, lng: r.lng } });
      setLocating('idle');
    } else setLocating(r.reason);
  };

  useLoad(() => {
    void loadCached('hazard-categories', () => client.tenant.catalog('hazard_category'))
      .then((r) => setCategories(r.data.filter((c) => c.enabled).sort((a, b) => a.sort - b.sort)))
      .catch((e: unknown) => {
        if (!cachedCopy('hazard-categories')) toast(`隐患类别加载失败：${errorMessage(e)}`, 3000);
      });
    if (!form.location) void findLocation();
  });

  // Enterprise users report for their own enterprise; the others choose (their grids' enterprises first).
  useEffect(() => {
    if (!me) return;
    if (isEnterpriseRole(me.role)) {
      if (me.enterpriseId && form.enterpriseId !== me.enterpriseId)
        setForm({ enterpriseId: me.enterpriseId, enterpriseName: me.enterpriseName ?? '' });
      return;
    }
    void loadCached(
      'enterprises',
      async () => (await client.enterprises.list({ pageSize: 200, status: 'active', sort: 'name' })).items,
    )
      .then((r) => {
        const mine = new Set(me.gridIds);
        setEnterprises([...r.data].sort((a, b) => Number(mine.has(b.gridId ?? '')) - Number(mine.has(a.gridId ?? ''))));
      })
      .catch((e: unknown) => {
        setEnterprisesError(errorMessage(e));
        setEnterprises([]);
      });
  }, [me?.id]);

  const loadChecklist = async () => {
    setShowChecklist(!showChecklist);
    if (checklist || !form.enterpriseId) return;
    try {
      const r = await loadCached(`checklist:${form.enterpriseId}`, () => client.hazards.checklist(form.enterpriseId));
      setChecklist(r.data);
    } catch (e) {
      toast(`判定标准加载失败：${errorMessage(e)}`);
    }
  };

  const shownEnterprises = useMemo(() => {
    const q = query.trim();
    return (enterprises ?? []).filter((e) => !q || e.name.includes(q) || (e.gridName ?? '').includes(q));
  }, [enterprises, query]);

  const fix = (p: Problems) => setProblems((prev) => ({ ...prev, ...p }));

  const submit = async () => {
    if (!me || busy) return;
    const found = reportProblems(form);
    setProblems(found);
    const first = Object.values(found)[0];
    if (first) {
      toast(first);
      return;
    }
    setBusy(true);
    // The report's key is made now: every later attempt (offline, lost answer, app restarted) sends this one.
    const item = reportItem(form, sourceOf(me.role), newIdempotencyKey(), draftKey());
    clearForm(true); // the outbox holds it from here (photos included)
    try {
      const r = await submitToOutbox<Hazard>(item);
      if (r.status === 'sent') {
        void Taro.showToast({ title: '上报成功', icon: 'success' });
        void Taro.redirectTo({ url: `${HAZARD_PAGES.detail}?id=${r.result.id}` });
      } else if (r.status === 'queued') {
        await queuedNotice('当前网络不可用。隐患和照片已保存在本机，联网后自动上报，不会重复提交。');
        void Taro.redirectTo({ url: HAZARD_PAGES.list });
      } else {
        setForm(form); // back on the form, nothing lost
        const p = problemsFrom(r.error);
        setProblems(p);
        if (Object.keys(p).length === 0) void reportError(r.error, { what: '上报' });
        else toast(Object.values(p)[0]!, 3000);
      }
    } catch (e) {
      setForm(form);
      void reportError(e, { what: '上报' });
    } finally {
      setBusy(false);
    }
  };

  const leave = async () => {
    const typed = form.description.trim() || form.photos.length;
    if (!typed) return Taro.navigateBack();
    const ok = await confirm({
      title: '保留草稿？',
      content: '已填写的内容会保存在本机，下次打开“隐患上报”时继续。',
      confirmText: '保留',
      cancelText: '清空',
    });
    if (!ok) clearForm();
    return Taro.navigateBack();
  };

  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }

  return (
    <Screen className="report">
      <View className="report__source">
        来源：{SOURCE_LABELS[sourceOf(me.role)]}
        <Text className="report__source-tip">带 * 为必填，约一分钟即可完成</Text>
      </View>

      {enterpriseUser ? (
        <View className="wx-cells report__block">
          <View className="wx-cell">
            <View className="wx-cell__hd">所在企业</View>
            <View className="wx-cell__bd report__ent-name">{me.enterpriseName ?? '未关联企业'}</View>
          </View>
        </View>
      ) : (
        <View className="wx-cells report__block">
          <View className="wx-cell wx-cell--link report__enterprise" onClick={() => setPicking(true)}>
            <View className="wx-cell__hd">所在企业 *</View>
            <View className={`wx-cell__bd ${form.enterpriseName ? 'report__ent-name' : 'report__placeholder'}`}>
              {form.enterpriseName || '请选择企业'}
            </View>
          </View>
        </View>
      )}
      {problems.enterpriseId ? <View className="wx-error">{problems.enterpriseId}</View> : null}

      <View className="wx-card report__block report__photos">
        <View className="wx-label">现场照片 *</View>
        <PhotoPicker
          photos={form.photos}
          hint="拍照 / 相册"
          onAdd={(added) => {
            setForm((f) => ({ photos: [...f.photos, ...added] }));
            fix({ photos: undefined });
          }}
          onRemove={(p) => setForm((f) => ({ photos: f.photos.filter((x) => x.path !== p.path) }))}
        />
        {problems.photos ? <View className="wx-field-error">{problems.photos}</View> : null}
      </View>

      <View className="wx-card report__block">
        <View className="wx-label">隐患类别 *</View>
        {categories === null ? (
          <View className="report__placeholder">正在加载类别…</View>
        ) : (
          <View className="chips report__categories">
            {categories.map((c) => (
              <Text
                key={c.code}
                className={`chip ${form.categoryCode === c.code ? 'chip--active' : ''}`}
                onClick={() => {
                  setForm({ categoryCode: c.code, categoryName: c.name });
                  fix({ categoryCode: undefined });
                }}
              >
                {c.name}
              </Text>
            ))}
          </View>
        )}
        {problems.categoryCode ? <View className="wx-field-error">{problems.categoryCode}</View> : null}
      </View>

      <View className="wx-card report__block">
        <View className="wx-label">隐患描述 *</View>
        <Textarea
          className="wx-textarea report__description"
          value={form.description}
          maxlength={500}
          autoHeight
          placeholder="例：二号车间配电箱无盖板，线路裸露"
          onInput={(e) => {
            setForm({ description: e.detail.value });
            if (e.detail.value.trim().length >= 4) fix({ description: undefined });
          }}
        />
        {problems.description ? <View className="wx-field-error">{problems.description}</View> : null}
      </View>

      <View className="wx-cells report__block">
        <View className="wx-cell">
          <View className="wx-cell__hd">具体位置</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input report__place"
              value={form.place}
              maxlength={100}
              placeholder="选填，如：二号车间东侧"
              onInput={(e) => setForm({ place: e.detail.value })}
            />
          </View>
        </View>
        <View className="wx-cell report__location">
          <View className="wx-cell__hd">定位</View>
          <View className="wx-cell__bd report__location-text">
            {form.location
              ? `已定位（${form.location.lat.toFixed(5)}, ${form.location.lng.toFixed(5)}）`
              : locating === 'busy'
                ? '正在定位…'
                : locating === 'denied'
                  ? '未授权定位（选填）'
                  : '未获取定位（选填）'}
          </View>
          {locating !== 'busy' ? (
            <Text
              className="wx-link report__relocate"
              onClick={() => {
                if (locating === 'denied' && process.env.TARO_ENV === 'weapp') void Taro.openSetting();
                else void findLocation();
              }}
            >
              {form.location ? '重新定位' : locating === 'denied' && process.env.TARO_ENV === 'weapp' ? '去授权' : '重试'}
            </Text>
          ) : null}
        </View>
      </View>

      <View className="wx-cells report__block">
        <View className="wx-cell wx-cell--link" onClick={() => void loadChecklist()}>
          <View className="wx-cell__bd">
            对照重大事故隐患判定标准
            <View className="wx-cell__desc">
              {form.checklist.length ? `已勾选 ${form.checklist.length} 项：将按重大隐患上报` : '选填；符合任一条款即为重大隐患'}
            </View>
          </View>
        </View>
        {showChecklist ? (
          <View className="report__checklist">
            {!form.enterpriseId ? (
              <View className="wx-tips">请先选择企业</View>
            ) : checklist === null ? (
              <Loading />
            ) : (
              checklist.items.map((i) => {
                const on = form.checklist.includes(i.code);
                return (
                  <View
                    key={i.code}
                    className={`report__clause ${on ? 'report__clause--on' : ''}`}
                    onClick={() =>
                      setForm((f) => ({
                        checklist: on ? f.checklist.filter((c) => c !== i.code) : [...f.checklist, i.code],
                        checklistVersion: checklist.id,
                        fixOnSpot: on ? f.fixOnSpot : false,
                      }))
                    }
                  >
                    <View className="report__check" />
                    <View className="report__clause-text">
                      <Text className="report__article">{i.article}</Text>
                      {i.text}
                    </View>
                  </View>
                );
              })
            )}
          </View>
        ) : null}
      </View>

      <View className="wx-cells report__block">
        <View className="wx-cell">
          <View className="wx-cell__bd">
            即查即改
            <View className="wx-cell__desc">
              {enterpriseUser ? '已当场整改完毕：提交后由安监人员复核' : '已督促当场整改完毕：上报即闭环'}
            </View>
          </View>
          <Switch
            className="report__fix-switch"
            checked={form.fixOnSpot}
            color="#07C160"
            disabled={form.checklist.length > 0}
            onChange={(e) => setForm({ fixOnSpot: e.detail.value })}
          />
        </View>
      </View>
      {form.checklist.length > 0 ? <View className="wx-tips">重大隐患须制定治理方案，不能即查即改。</View> : null}
      {form.fixOnSpot ? (
        <View className="wx-card report__block">
          <View className="wx-label">整改后照片 *</View>
          <PhotoPicker
            photos={form.afterPhotos}
            hint="整改后照片"
            onAdd={(added) => {
              setForm((f) => ({ afterPhotos: [...f.afterPhotos, ...added] }));
              fix({ afterPhotos: undefined });
            }}
            onRemove={(p) => setForm((f) => ({ afterPhotos: f.afterPhotos.filter((x) => x.path !== p.path) }))}
          />
          {problems.afterPhotos ? <View className="wx-field-error">{problems.afterPhotos}</View> : null}
          <View className="wx-label report__measures-label">整改措施 *</View>
          <Textarea
            className="wx-textarea report__measures"
            value={form.measures}
            maxlength={1000}
            autoHeight
            placeholder="例：已加装配电箱盖板并上锁"
            onInput={(e) => setForm({ measures: e.detail.value })}
          />
          {problems.measures || problems.fixOnSpot ? (
            <View className="wx-field-error">{problems.measures ?? problems.fixOnSpot}</View>
          ) : null}
        </View>
      ) : null}

      <View className="wx-tips">没有网络时会先保存在本机（显示“待同步”），联网后自动上报，不会重复。</View>
      <View className="action-bar-space" />
      <View className="action-bar">
        <View className="wx-btn wx-btn--plain report__later" onClick={() => void leave()}>
          稍后再报
        </View>
        <View className={`wx-btn wx-btn--primary report__submit ${busy ? 'wx-btn--disabled' : ''}`} onClick={() => void submit()}>
          {busy ? '正在提交…' : '提交上报'}
        </View>
      </View>

      {picking ? (
        <View className="sheet" onClick={() => setPicking(false)}>
          <View className="sheet__panel" onClick={(e) => e.stopPropagation()}>
            <View className="sheet__head">
              <Text className="sheet__title">选择企业</Text>
              <Text className="sheet__close" onClick={() => setPicking(false)}>
                取消
              </Text>
            </View>
            <View className="sheet__search">
              <Input
                className="wx-input"
                value={query}
                placeholder="搜索企业名称或网格"
                onInput={(e) => setQuery(e.detail.value)}
              />
            </View>
            <View className="sheet__list">
              {enterprises === null ? <Loading /> : null}
              {enterprises !== null && shownEnterprises.length === 0 ? (
                <View className="wx-tips" data-testid="report-enterprise-empty">
                  {enterprises.length > 0
                    ? '没有匹配的企业'
                    : enterprisesError
                      ? `企业列表加载失败：${enterprisesError}`
                      : me?.role === 'inspector'
                        ? '您的检查机构还没有分配服务企业：服务合同由园区安监办登记后，合同内的企业会出现在这里。'
                        : '园区还没有在册企业：企业档案由园区安监办建立。'}
                </View>
              ) : null}
              {shownEnterprises.map((e) => (
                <View
                  key={e.id}
                  className={`sheet__item ${form.enterpriseId === e.id ? 'sheet__item--on' : ''}`}
                  onClick={() => {
                    setForm({ enterpriseId: e.id, enterpriseName: e.name, checklist: [] });
                    setChecklist(null);
                    fix({ enterpriseId: undefined });
                    setPicking(false);
                  }}
                >
                  <View className="sheet__name">{e.name}</View>
                  <View className="sheet__desc">
                    {e.gridName ?? '未划分网格'}
                    {me.gridIds.includes(e.gridId ?? '') ? ' · 我的网格' : ''}
                  </View>
                </View>
              ))}
            </View>
          </View>
        </View>
      ) : null}
    </Screen>
  );
}
