import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { isEnterpriseRole } from '@yuanan/contracts';
import { ApiError, newIdempotencyKey } from '@yuanan/sdk';
import { RecordPending } from '../../../components/record-detail';
import { Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { loadCached } from '../../../services/cache';
import { useDraft } from '../../../services/draft';
import { errorMessage, reportError, toast, queuedNotice } from '../../../services/feedback';
import { addDays, isoDay } from '../../../services/format';
import { submitToOutbox } from '../../../services/offline';
import { HAZARD_PAGES } from '../../../services/routes';
import { usePageTitle } from '../../../services/page-title';
import { meState } from '../../../services/session';
import { useSignedInMe } from '../../../services/use-session';
import { PhotoPicker } from '../../components/photos';
import { GRADE_LABELS, TREATMENT_LABELS, rectifyItem, type RectifyForm } from '../../services/hazard-ui';
import './index.scss';

type Detail = Awaited<ReturnType<typeof client.hazards.get>>;
type Kind = 'submit' | 'fix_on_spot' | 'confirm' | 'dismiss' | 'reject' | 'reopen' | 'extension';

interface Form extends RectifyForm {
  grade: 'general' | 'major' | '';
  treatment: 'immediate' | 'deadline';
  deadline: string;
  responsibleName: string;
  text: string;
}

const EMPTY: Form = {
  photos: [],
  measures: '',
  cost: '',
  grade: '',
  treatment: 'deadline',
  deadline: '',
  responsibleName: '',
  text: '',
};

const TITLES: Record<Kind, string> = {
  submit: '提交整改',
  fix_on_spot: '即查即改',
  confirm: '确认定级',
  dismiss: '不予认定',
  reject: '复核不通过',
  reopen: '重新打开',
  extension: '申请延期',
};

const BUTTONS: Record<Kind, string> = {
  submit: '提交整改',
  fix_on_spot: '提交并闭环',
  confirm: '确认定级',
  dismiss: '不予认定',
  reject: '退回整改',
  reopen: '重新打开',
  extension: '提交延期申请',
};

const TEXT_LABELS: Partial<Record<Kind, { label: string; placeholder: string }>> = {
  dismiss: { label: '不予认定的原因 *', placeholder: '例：经现场核实，不属于事故隐患' },
  reject: { label: '复核不通过的原因 *', placeholder: '例：盖板未上锁，请整改到位后重新提交' },
  reopen: { label: '重新打开的原因 *', placeholder: '例：复查发现问题再次出现' },
  extension: { label: '延期理由 *', placeholder: '例：需订购防爆电机，到货周期三周' },
  confirm: { label: '备注', placeholder: '选填：整改要求、依据等' },
};

/**
 * The forms behind a hazard's buttons: rectification with after-photos (works offline: kept with its photos and
 * sent later, once), confirmation with grade / deadline / responsible person, reasons for dismissing, rejecting
 * or reopening, and a deadline extension request. Every form is a draft; the server's refusal keeps the input.
 */
export default function HazardActionPage() {
  const me = useSignedInMe();
  const params = useRouter().params;
  const id = params.id ?? '';
  const kind = (params.action ?? 'submit') as Kind;
  const draftKey = `hazard-action:${meState.get()?.id ?? ''}:${id}:${kind}`;
  const [form, setForm, clearForm] = useDraft<Form>(draftKey, EMPTY);
  const [h, setH] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [deadlineDays, setDeadlineDays] = useState({ general: 7, major: 30 });
  const [busy, setBusy] = useState(false);
  const today = isoDay();
  usePageTitle(TITLES[kind] ?? '处理隐患');

  const load = async () => {
    try {
      const r = await loadCached(`hazard:${id}`, () => client.hazards.get(id));
      setH(r.data);
      setError(null);
      const d = r.data;
      if (kind === 'confirm') {
        const grade = form.grade || d.grade || (d.majorChecklistItems.length ? 'major' : 'general');
        // The zone's default deadlines and the enterprise's safety manager as the responsible person.
        const [tenant, ent] = await Promise.all([
          client.tenant.get().catch(() => null),
          client.enterprises.get(d.enterpriseId).catch(() => null),
        ]);
        const days = tenant?.settings.hazardDeadlineDays ?? deadlineDays;
        setDeadlineDays(days);
        setForm((f) => ({
          grade,
          treatment: grade === 'major' ? 'deadline' : (f.treatment ?? d.treatment ?? 'deadline'),
          deadline: f.deadline || addDays(isoDay(), days[grade]),
          responsibleName: f.responsibleName || ent?.safetyManagerName || ent?.principalName || '',
        }));
      }
      if (kind === 'extension' && !form.deadline && d.deadlineDate) setForm({ deadline: addDays(d.deadlineDate, 7) });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  useLoad(() => {
    void load();
  });

  const done = (msg: string) => {
    clearForm(true);
    void Taro.showToast({ title: msg, icon: 'success' });
    setTimeout(() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: `${HAZARD_PAGES.detail}?id=${id}` })), 600);
  };

  /** Someone acted first (409): the detail page reloads when shown; say so and go back to it. */
  const conflict = async (e: unknown): Promise<boolean> => {
    if (!(e instanceof ApiError) || e.status !== 409) return false;
    await Taro.showModal({
      title: '状态已变化',
      content:
        e.code === 'conflict'
          ? '该隐患刚刚已被他人处理。您填写的内容已保存，请返回查看最新状态。'
          : `当前状态下不能执行该操作：${e.message}。`,
      showCancel: false,
      confirmText: '返回查看',
      confirmColor: '#07C160',
    });
    void Taro.navigateBack();
    return true;
  };

  const validate = (): Record<string, string> => {
    const p: Record<string, string> = {};
    if (kind === 'submit' || kind === 'fix_on_spot') {
      if (form.photos.length === 0) p.photoIds = '请上传整改后照片（至少 1 张）';
      if (form.measures.trim().length < 2) p.measures = '请填写整改措施';
      if (form.cost.trim() && !(Number(form.cost) >= 0)) p.cost = '整改资金应为数字（元）';
    }
    if (kind === 'confirm') {
      if (!form.grade) p.grade = '请选择隐患等级';
      if (form.treatment === 'deadline' && !form.deadline) p.deadline = '请选择整改期限';
      if (!form.responsibleName.trim()) p.responsibleName = '请填写整改责任人';
    }
    if (['dismiss', 'reject', 'reopen'].includes(kind) && !form.text.trim()) p.text = '请填写原因';
    if (kind === 'extension') {
      if (!form.deadline || (h?.deadlineDate && form.deadline <= h.deadlineDate)) p.deadline = '新的期限须晚于当前期限';
      if (form.text.trim().length < 4) p.text = '请说明延期理由（至少 4 个字）';
    }
    return p;
  };

  const submit = async () => {
    if (!h || !me || busy) return;
    const p = validate();
    setFieldErrors(p);
    if (Object.keys(p).length) {
      toast(Object.values(p)[0]!);
      return;
    }
    setBusy(true);
    try {
      if (kind === 'submit' || kind === 'fix_on_spot') {
        // Through the outbox: photos kept on the phone, sent when there is a network, once.
        const item = rectifyItem(h, kind, form, newIdempotencyKey(), draftKey, `${HAZARD_PAGES.action}?id=${id}&action=${kind}`);
        clearForm(true);
        const r = await submitToOutbox(item);
        if (r.status === 'sent') done(kind === 'submit' ? '已提交，待复核' : '已闭环');
        else if (r.status === 'queued') {
          await queuedNotice('当前网络不可用。整改照片和措施已保存在本机，联网后自动提交。');
          void Taro.navigateBack();
        } else {
          setForm(form);
          if (await conflict(r.error)) return;
          const fe = r.error instanceof ApiError ? r.error.fieldErrors : {};
          setFieldErrors(fe);
          void reportError(r.error, { what: TITLES[kind] });
        }
        return;
      }
      if (kind === 'extension') {
        await client.hazards.requestExtension(h.id, { requestedDeadline: form.deadline, reason: form.text.trim() });
        done('已提交延期申请');
        return;
      }
      const text = form.text.trim() || undefined;
      await client.hazards.transition(h.id, {
        action: kind,
        version: h.version,
        ...(kind === 'confirm'
          ? {
              grade: form.grade || undefined,
              treatment: form.treatment,
              deadline: form.treatment === 'deadline' ? form.deadline : undefined,
              responsibleName: form.responsibleName.trim(),
              comment: text,
            }
          : kind === 'reject'
            ? { comment: text }
            : { reason: text }),
      });
      done(`${TITLES[kind]}：已完成`);
    } catch (e) {
      if (await conflict(e)) return;
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors);
      void reportError(e, { what: TITLES[kind], retry: submit });
    } finally {
      setBusy(false);
    }
  };

  if (!me || !h) return <RecordPending failed={me && error ? `隐患加载失败：${error}` : null} onRetry={() => void load()} />;

  const err = (k: string) => (fieldErrors[k] ? <View className="wx-field-error">{fieldErrors[k]}</View> : null);
  const textField = TEXT_LABELS[kind];
  const major = form.grade === 'major';

  return (
    <Screen className="hz-act">
      <View className="wx-card hz-act__subject">
        <View className="hz-act__code">
          {h.code} · {h.enterpriseName}
        </View>
        <View className="hz-act__desc">{h.description}</View>
        {kind === 'submit' && h.deadlineDate ? <View className="hz-act__hint">整改期限：{h.deadlineDate}</View> : null}
      </View>

      {kind === 'submit' || kind === 'fix_on_spot' ? (
        <>
          <View className="wx-card">
            <View className="wx-label">整改后照片 *</View>
            <PhotoPicker
              photos={form.photos}
              hint="整改后照片"
              onAdd={(added) => setForm((f) => ({ photos: [...f.photos, ...added] }))}
              onRemove={(p) => setForm((f) => ({ photos: f.photos.filter((x) => x.path !== p.path) }))}
            />
            {err('photoIds')}
          </View>
          <View className="wx-card">
            <View className="wx-label">整改措施 *</View>
            <Textarea
              className="wx-textarea hz-act__measures"
              value={form.measures}
              maxlength={1000}
              autoHeight
              placeholder="例：已加装配电箱盖板并上锁，线路已规范敷设"
              onInput={(e) => setForm({ measures: e.detail.value })}
            />
            {err('measures')}
          </View>
          {kind === 'submit' ? (
            <View className="wx-cells">
              <View className="wx-cell">
                <View className="wx-cell__hd">整改资金</View>
                <View className="wx-cell__bd">
                  <Input
                    className="wx-input hz-act__cost"
                    type="digit"
                    value={form.cost}
                    placeholder="选填，单位：元"
                    onInput={(e) => setForm({ cost: e.detail.value })}
                  />
                </View>
              </View>
            </View>
          ) : null}
          {err('cost')}
          <View className="wx-tips">
            {kind === 'submit'
              ? `提交后由安监人员复核${isEnterpriseRole(me.role) ? '，复核通过即闭环' : ''}。没有网络时先保存在本机，联网后自动提交。`
              : '即查即改：上传整改后照片与措施后隐患直接闭环。'}
          </View>
        </>
      ) : null}

      {kind === 'confirm' ? (
        <>
          <View className="wx-card">
            <View className="wx-label">隐患等级 *</View>
            <View className="chips">
              {(['general', 'major'] as const).map((g) => (
                <Text
                  key={g}
                  className={`chip ${form.grade === g ? 'chip--active' : ''} hz-act__grade-${g}`}
                  onClick={() =>
                    setForm((f) => ({
                      grade: g,
                      treatment: g === 'major' ? 'deadline' : f.treatment,
                      deadline: addDays(today, deadlineDays[g]),
                    }))
                  }
                >
                  {GRADE_LABELS[g]}
                </Text>
              ))}
            </View>
            {h.majorChecklistItems.length ? (
              <View className="wx-field-error">
                上报时勾选了重大隐患判定条款（{h.majorChecklistItems.join('、')}），须定为重大隐患。
              </View>
            ) : null}
            {err('grade')}
            <View className="wx-label hz-act__gap">处理方式</View>
            <View className="chips">
              {(['deadline', 'immediate'] as const).map((t) => (
                <Text
                  key={t}
                  className={`chip ${form.treatment === t ? 'chip--active' : ''} ${major && t === 'immediate' ? 'hz-act__chip--off' : ''}`}
                  onClick={() => {
                    if (major && t === 'immediate') toast('重大隐患须限期整改');
                    else setForm({ treatment: t });
                  }}
                >
                  {TREATMENT_LABELS[t]}
                </Text>
              ))}
            </View>
          </View>
          <View className="wx-cells">
            {form.treatment === 'deadline' ? (
              <Picker
                mode="date"
                value={form.deadline || today}
                start={today}
                onChange={(e) => setForm({ deadline: e.detail.value })}
              >
                <View className="wx-cell wx-cell--link">
                  <View className="wx-cell__hd">整改期限 *</View>
                  <View className="wx-cell__bd hz-act__deadline">{form.deadline || '请选择'}</View>
                </View>
              </Picker>
            ) : (
              <View className="wx-cell">
                <View className="wx-cell__hd">整改期限</View>
                <View className="wx-cell__bd">今天（立即整改）</View>
              </View>
            )}
            <View className="wx-cell">
              <View className="wx-cell__hd">整改责任人 *</View>
              <View className="wx-cell__bd">
                <Input
                  className="wx-input hz-act__responsible"
                  value={form.responsibleName}
                  maxlength={32}
                  placeholder="企业负责整改的人"
                  onInput={(e) => setForm({ responsibleName: e.detail.value })}
                />
              </View>
            </View>
          </View>
          {err('deadline')}
          {err('responsibleName')}
        </>
      ) : null}

      {kind === 'extension' ? (
        <View className="wx-cells">
          <View className="wx-cell">
            <View className="wx-cell__hd">当前期限</View>
            <View className="wx-cell__bd">{h.deadlineDate ?? '无'}</View>
          </View>
          <Picker
            mode="date"
            value={form.deadline || today}
            start={h.deadlineDate ? addDays(h.deadlineDate, 1) : today}
            onChange={(e) => setForm({ deadline: e.detail.value })}
          >
            <View className="wx-cell wx-cell--link">
              <View className="wx-cell__hd">申请延期至 *</View>
              <View className="wx-cell__bd">{form.deadline || '请选择'}</View>
            </View>
          </Picker>
        </View>
      ) : null}
      {kind === 'extension' ? err('deadline') : null}

      {textField ? (
        <View className="wx-card hz-act__gap">
          <View className="wx-label">{textField.label}</View>
          <Textarea
            className="wx-textarea hz-act__text"
            value={form.text}
            maxlength={500}
            autoHeight
            placeholder={textField.placeholder}
            onInput={(e) => setForm({ text: e.detail.value })}
          />
          {err('text') ?? err('reason') ?? err('comment')}
        </View>
      ) : null}

      <View className="action-bar-space" />
      <View className="action-bar">
        <View
          className={`wx-btn ${kind === 'dismiss' || kind === 'reject' ? 'wx-btn--plain wx-btn--warn' : 'wx-btn--primary'} hz-act__submit ${busy ? 'wx-btn--disabled' : ''}`}
          onClick={() => void submit()}
        >
          {busy ? '正在提交…' : BUTTONS[kind]}
        </View>
      </View>
    </Screen>
  );
}
