import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useMemo, useState } from 'react';
import { Image, Input, Text, View } from '@tarojs/components';
import type { InspectionTaskDetail } from '@yuanan/contracts';
import { ApiError, newIdempotencyKey } from '@yuanan/sdk';
import { Failed, Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { cachedCopy, loadCached } from '../../../services/cache';
import { useDraft } from '../../../services/draft';
import { confirm, errorMessage, reportError, toast, queuedNotice } from '../../../services/feedback';
import { formatDateTime } from '../../../services/format';
import { useObservable } from '../../../services/observable';
import { discard, onOutboxSent, outboxItems, submitToOutbox } from '../../../services/offline';
import { dropPhoto, keepPhoto, photoSrc, type LocalPhoto } from '../../../services/photos';
import { HAZARD_PAGES } from '../../../services/routes';
import { meState, zoneState } from '../../../services/session';
import { useSignedInMe } from '../../../services/use-session';
import { ChecklistItemCard } from '../../components/checklist-item';
import { SignaturePad } from '../../components/signature-pad';
import {
  KIND_LABELS,
  STATUS_LABELS,
  STATUS_TONES,
  checkInItem,
  dueText,
  fenceCheck,
  formatDistance,
  hasProblems,
  progressOf,
  submitItem,
  submitProblems,
  type CheckInBody,
  type DraftAnswer,
  type DraftPhoto,
  type SubmitProblems,
} from '../../services/inspection-ui';
import { position, recentPosition, rememberPosition } from '../../services/where';
import './index.scss';

type Detail = InspectionTaskDetail;

/** A check-in made on this phone that waits in the outbox (the server's answer replaces it). */
interface LocalCheckIn {
  method: 'gps' | 'qr';
  at: string;
  distanceM: number | null;
  inside: boolean | null;
}

interface TaskDraft {
  templateId: string;
  answers: Record<string, DraftAnswer>;
  signerName: string;
  signature: DraftPhoto | null;
  /** The submission's Idempotency-Key: made at the first 提交 and kept, so every retry submits once. */
  submitKey: string | null;
  checkIn: LocalCheckIn | null;
}

const EMPTY_DRAFT: TaskDraft = { templateId: '', answers: {}, signerName: '', signature: null, submitKey: null, checkIn: null };

function draftKeyOf(taskId: string): string {
  return `inspection:${zoneState.get()?.code ?? ''}:${meState.get()?.id ?? 'anon'}:${taskId}`;
}

/** Maps the server's field errors (answers.3.photos…) onto the items. */
function itemProblemsFrom(e: unknown, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(e instanceof ApiError)) return out;
  for (const [path, message] of Object.entries(e.fieldErrors)) {
    const m = /^answers\.(\d+)/.exec(path);
    const key = m ? keys[Number(m[1])] : undefined;
    if (key) out[key] = message;
  }
  return out;
}

/**
 * 检查任务: the enterprise, checklist and window; 签到 by GPS (inside/outside the geofence, with the distance; outside
 * is recorded and flagged, never refused) or by the enterprise's gate QR code; the checklist by section; 现场负责人
 * 签字 on a canvas; 提交 through the outbox (photos and signature uploaded first, each once; the submission with the
 * draft's Idempotency-Key, so an offline retry submits once). Everything typed is a draft that survives closing the
 * page. A done task shows its record: summary, hazards raised (to their pages), answers and photos.
 */
export default function InspectionTaskPage() {
  const me = useSignedInMe();
  const router = useRouter();
  const id = router.params.id ?? '';
  const draftKey = draftKeyOf(id);
  const [task, setTask] = useState<Detail | null>(() => cachedCopy<Detail>(`inspection-task:${id}`)?.data ?? null);
  const [offlineSince, setOfflineSince] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft, clearDraft] = useDraft<TaskDraft>(draftKey, EMPTY_DRAFT);
  const [problems, setProblems] = useState<SubmitProblems>({ items: {} });
  const [checking, setChecking] = useState<'gps' | 'qr' | null>(null);
  const [qrOpen, setQrOpen] = useState(false);
  const [qrCode, setQrCode] = useState('');
  const [qrError, setQrError] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  const [busy, setBusy] = useState(false);
  const outbox = useObservable(outboxItems);

  const load = async () => {
    try {
      const r = await loadCached(`inspection-task:${id}`, () => client.inspections.tasks.get(id));
      setTask(r.data);
      setOfflineSince(r.offlineSince);
      setLoadError(null);
      // The record is on the server: the draft has done its work.
      if (r.data.status === 'done' && !r.offlineSince) clearDraft(true);
    } catch (e) {
      setLoadError(errorMessage(e));
    }
  };

  useEffect(() => {
    if (id) void load();
  }, [id]);
  // The submission or check-in left the outbox: show the server's record.
  useEffect(
    () =>
      onOutboxSent((item) => {
        if (item.meta?.taskId !== id) return;
        void load();
        if (item.kind === 'inspection.submit') void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
      }),
    [id],
  );

  // A photo's time and place: now, and the last position found (the check-in's, usually).
  const [here, setHere] = useState<{ lat: number; lng: number } | null>(null);
  useEffect(() => {
    void recentPosition(120_000).then((p) => p.ok && setHere({ lat: p.lat, lng: p.lng }));
  }, [task?.checkIn?.at, draft.checkIn?.at]);

  const sections = task?.template.sections ?? [];
  const keys = useMemo(() => sections.flatMap((s) => s.items.map((i) => i.key)), [task?.template.id]);
  const progress = progressOf(sections, draft.answers);
  const pendingSubmit = outbox.find((i) => i.kind === 'inspection.submit' && i.meta?.taskId === id) ?? null;
  const pendingCheckIn = outbox.find((i) => i.kind === 'inspection.checkIn' && i.meta?.taskId === id) ?? null;
  const checkedIn = Boolean(task?.checkIn || (draft.checkIn && pendingCheckIn));

  if (!me || (!task && !loadError)) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  if (!task) {
    return (
      <Screen>
        <Failed message={`检查任务加载失败：${loadError}`} onRetry={() => void load()} />
      </Screen>
    );
  }

  const t = task;
  const fenceFrom = (p: { lat: number; lng: number }) => fenceCheck(p, t, t.geofenceRadiusM);

  const sendCheckIn = async (body: CheckInBody, local: LocalCheckIn): Promise<'sent' | 'queued' | 'refused'> => {
    const r = await submitToOutbox<Detail>(
      checkInItem({ id: t.id, enterpriseName: t.enterpriseName }, body, newIdempotencyKey()),
    );
    if (r.status === 'sent') {
      setTask(r.result);
      setDraft({ checkIn: null });
      const c = r.result.checkIn;
      toast(c && !c.inside ? '已签到（不在电子围栏内，已标记）' : '签到成功');
      void load();
    } else if (r.status === 'queued') {
      setDraft({ checkIn: local });
      toast('签到已保存在本机，联网后自动提交');
    } else {
      // the field's own words (二维码无效…) rather than the general "提交的内容有误"
      const why = (r.error instanceof ApiError && Object.values(r.error.fieldErrors)[0]) || errorMessage(r.error);
      if (body.method === 'qr') setQrError(why);
      else toast(`签到失败：${why}`, 3500);
    }
    return r.status;
  };

  const gpsCheckIn = async () => {
    if (checking) return;
    setChecking('gps');
    try {
      const p = await position();
      if (!p.ok) {
        if (p.reason === 'denied' && process.env.TARO_ENV === 'weapp') {
          const go = await confirm({
            title: '需要定位权限',
            content: '定位签到需要获取您的位置。也可以扫企业门口的二维码签到。',
            confirmText: '去授权',
          });
          if (go) void Taro.openSetting();
        } else
          toast(p.reason === 'denied' ? '未授权定位：请允许定位，或扫码签到' : '未能获取定位：请到开阔处重试，或扫码签到', 3500);
        return;
      }
      rememberPosition(p);
      const f = fenceFrom(p);
      if (f && !f.inside) {
        const ok = await confirm({
          title: '不在企业电子围栏内',
          content: `当前位置距企业 ${formatDistance(f.distanceM)}${f.radiusM ? `（围栏半径 ${f.radiusM} 米）` : ''}。仍可签到，签到位置会被记录并标记为异常，安监办可见。`,
          confirmText: '仍然签到',
          cancelText: '取消',
          danger: true,
        });
        if (!ok) return;
      }
      const at = new Date().toISOString();
      const body: CheckInBody = { method: 'gps', lat: p.lat, lng: p.lng, at };
      if (p.accuracyM != null) body.accuracyM = p.accuracyM;
      await sendCheckIn(body, { method: 'gps', at, distanceM: f?.distanceM ?? null, inside: f ? f.inside : null });
    } finally {
      setChecking(null);
    }
  };

  const qrCheckIn = async (code: string) => {
    const c = code.trim();
    if (!c) return toast('请输入或粘贴企业二维码内容');
    setChecking('qr');
    try {
      const p = await recentPosition(120_000, 3000);
      const at = new Date().toISOString();
      const body: CheckInBody = { method: 'qr', code: c, at };
      if (p.ok) Object.assign(body, { lat: p.lat, lng: p.lng });
      const f = p.ok ? fenceFrom(p) : null;
      const status = await sendCheckIn(body, { method: 'qr', at, distanceM: f?.distanceM ?? null, inside: f ? f.inside : null });
      if (status !== 'refused') setQrOpen(false); // refused (a forged or another enterprise's code): fix it here
    } finally {
      setChecking(null);
    }
  };

  const scan = async () => {
    if (process.env.TARO_ENV === 'h5') {
      setQrOpen(true);
      return;
    }
    try {
      const r = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] });
      await qrCheckIn(r.result);
    } catch (e) {
      const msg = (e as { errMsg?: string })?.errMsg ?? '';
      if (!/cancel/i.test(msg)) toast(`扫码失败：${errorMessage(e)}`);
    }
  };

  const setAnswer = (key: string, patch: Partial<DraftAnswer>) => {
    setDraft((d) => ({
      templateId: t.templateId,
      answers: { ...d.answers, [key]: { ...(d.answers[key] ?? { photos: [], note: '' }), ...patch } },
    }));
    if (problems.items[key])
      setProblems((p) => ({ ...p, items: Object.fromEntries(Object.entries(p.items).filter(([k]) => k !== key)) }));
  };

  const stamp = (p: LocalPhoto): DraftPhoto => ({
    ...p,
    takenAt: new Date().toISOString(),
    lat: here?.lat ?? null,
    lng: here?.lng ?? null,
  });

  const signed = async (tempPath: string) => {
    const kept = await keepPhoto(tempPath);
    if (draft.signature) dropPhoto(draft.signature.path); // replaced
    setDraft({ signature: { ...kept, takenAt: new Date().toISOString() } });
    setProblems((p) => ({ ...p, signature: undefined }));
    setSigning(false);
  };

  const submit = async () => {
    if (busy) return;
    const found = submitProblems(sections, draft, checkedIn);
    setProblems(found);
    if (hasProblems(found)) {
      const first = found.checkIn ?? Object.values(found.items)[0] ?? found.signerName ?? found.signature;
      const n = Object.keys(found.items).length;
      toast(n > 1 ? `还有 ${n} 项未完成：${first}` : first!, 3000);
      const firstKey = keys.find((k) => found.items[k]);
      if (firstKey) void Taro.pageScrollTo({ selector: `#ci-${firstKey}`, duration: 200 }).catch(() => undefined);
      return;
    }
    const ok = await confirm({
      title: '提交检查记录？',
      content: progress.failed
        ? `共 ${progress.items} 项，不合格 ${progress.failed} 项：提交后将生成 ${progress.failed} 条隐患。提交后不能修改。`
        : `共 ${progress.items} 项，未发现不合格项。提交后不能修改。`,
      confirmText: '提交',
    });
    if (!ok) return;
    setBusy(true);
    // The key is kept with the draft: an offline retry, a lost answer or a restarted app submits this one.
    const key = draft.submitKey ?? newIdempotencyKey();
    setDraft({ submitKey: key, templateId: t.templateId });
    try {
      const item = submitItem(
        { id: t.id, enterpriseName: t.enterpriseName },
        sections,
        t.templateId,
        draft,
        key,
        new Date().toISOString(),
        draftKey,
      );
      const r = await submitToOutbox<Detail>(item);
      if (r.status === 'sent') {
        void Taro.showToast({ title: '检查记录已提交', icon: 'success' });
        clearDraft(true);
        setTask(r.result);
        void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
        void load();
      } else if (r.status === 'queued') {
        await queuedNotice('当前网络不可用。检查记录、照片和签名已保存在本机，联网后自动提交，不会重复提交。');
      } else {
        // refused for good: what was typed stays; the next 提交 is a new submission (a new key)
        setDraft({ submitKey: null });
        const items = itemProblemsFrom(r.error, keys);
        setProblems({ items });
        void reportError(r.error, { what: '提交' });
      }
    } catch (e) {
      void reportError(e, { what: '提交' });
    } finally {
      setBusy(false);
    }
  };

  const due = dueText(t);
  const header = (
    <View className="wx-card insp__head" data-testid="task-head">
      <View className="insp__head-top">
        <Text className="insp__ent">{t.enterpriseName}</Text>
        <Text className={`tag tag--${STATUS_TONES[t.status]}`} data-testid="task-status" data-status={t.status}>
          {STATUS_LABELS[t.status]}
        </Text>
      </View>
      {t.enterpriseAddress ? <View className="insp__addr">{t.enterpriseAddress}</View> : null}
      <View className="insp__line">
        <Text className="insp__k">检查表</Text>
        <Text>
          {t.templateName}（{KIND_LABELS[t.kind]}）
        </Text>
      </View>
      <View className="insp__line">
        <Text className="insp__k">检查时间</Text>
        <Text>
          {formatDateTime(t.startAt).slice(0, 10)} 至 {formatDateTime(t.dueAt).slice(0, 10)}
        </Text>
      </View>
      <View className="insp__line">
        <Text className="insp__k">完成期限</Text>
        <Text className={`insp__due insp__due--${due.tone}`}>{due.text}</Text>
      </View>
      {t.planName ? (
        <View className="insp__line">
          <Text className="insp__k">检查计划</Text>
          <Text>{t.planName}</Text>
        </View>
      ) : null}
    </View>
  );

  // ---- done: the record ----
  if (t.status === 'done') {
    return (
      <Screen className="insp">
        {offlineSince ? <View className="wx-tips">网络不可用，显示的是保存在本机的内容</View> : null}
        {header}
        <DoneRecord t={t} />
      </Screen>
    );
  }

  // ---- submitted on this phone, waiting for the network ----
  if (pendingSubmit) {
    return (
      <Screen className="insp">
        {header}
        <View className="wx-card insp__pending" data-testid="task-pending">
          <View className="insp__pending-title">{pendingSubmit.failed ? '检查记录未能提交' : '检查记录已保存，待同步'}</View>
          <View className="insp__pending-text">
            {pendingSubmit.failed
              ? `原因：${pendingSubmit.lastError ?? '服务器拒绝了该记录'}。可以返回修改后重新提交，或在“我的 › 待同步”中重试。`
              : `共 ${progress.items} 项，不合格 ${progress.failed} 项。联网后自动提交（含照片和签名），不会重复提交。`}
          </View>
          {pendingSubmit.failed ? (
            <View
              className="wx-btn wx-btn--plain insp__pending-edit"
              onClick={() => {
                // back to the form (the draft still holds answers, photos and signature); the next 提交 is a new key
                discard(pendingSubmit.id, { keepPhotos: true });
                setDraft({ submitKey: null });
              }}
            >
              返回修改
            </View>
          ) : null}
        </View>
      </Screen>
    );
  }

  const canPerform = t.canPerform;
  const c = t.checkIn;
  return (
    <Screen className="insp">
      {offlineSince ? (
        <View className="wx-tips">网络不可用，显示的是保存在本机的内容；检查记录可照常填写，联网后提交。</View>
      ) : null}
      {header}
      {!canPerform ? (
        <View className="wx-tips insp__cannot">
          {t.status === 'missed'
            ? '该任务已逾期未检，不能再提交检查记录。'
            : t.status === 'scheduled'
              ? '该任务尚未开始，开始后才能签到检查。'
              : '您不能执行该检查任务（只能查看）。'}
        </View>
      ) : null}

      {/* 签到 */}
      <View className="wx-section-title">现场签到</View>
      <View className="wx-card insp__checkin" data-testid="checkin">
        {c ? (
          <View data-testid="checkin-done" data-inside={String(c.inside)}>
            <View className="insp__ci-row">
              <Text className={`insp__ci-state ${c.inside ? 'insp__ci-state--in' : 'insp__ci-state--out'}`}>
                {c.inside ? '已签到 · 在电子围栏内' : '已签到 · 不在电子围栏内'}
              </Text>
              {c.flagged ? <Text className="tag tag--orange">已标记</Text> : null}
            </View>
            <View className="insp__ci-meta">
              {c.method === 'qr' ? '扫码签到' : '定位签到'} · {formatDateTime(c.at)}
              {c.distanceM != null ? ` · 距企业 ${formatDistance(c.distanceM)}` : ''}
              {c.accuracyM != null ? ` · 精度 ${Math.round(c.accuracyM)} 米` : ''}
            </View>
            {c.reason ? <View className="insp__ci-meta">{c.reason}</View> : null}
          </View>
        ) : draft.checkIn && pendingCheckIn ? (
          <View data-testid="checkin-pending">
            <View className="insp__ci-row">
              <Text className="insp__ci-state">签到已保存，待同步</Text>
              <Text className="tag tag--yellow">待同步</Text>
            </View>
            <View className="insp__ci-meta">
              {draft.checkIn.method === 'qr' ? '扫码签到' : '定位签到'} · {formatDateTime(draft.checkIn.at)}
              {draft.checkIn.distanceM != null ? ` · 距企业约 ${formatDistance(draft.checkIn.distanceM)}` : ''}
              {draft.checkIn.inside === false ? '（不在电子围栏内）' : ''}
            </View>
          </View>
        ) : (
          <>
            <View className="insp__ci-tip">到达企业后签到，记录检查的时间和地点。</View>
            <View className="insp__ci-btns">
              <View
                className={`wx-btn wx-btn--primary insp__ci-gps ${!canPerform || checking ? 'wx-btn--disabled' : ''}`}
                onClick={() => canPerform && void gpsCheckIn()}
              >
                {checking === 'gps' ? '正在定位…' : '定位签到'}
              </View>
              <View
                className={`wx-btn wx-btn--plain insp__ci-qr ${!canPerform || checking ? 'wx-btn--disabled' : ''}`}
                onClick={() => canPerform && void scan()}
              >
                扫码签到
              </View>
            </View>
            {problems.checkIn ? <View className="wx-field-error">{problems.checkIn}</View> : null}
          </>
        )}
      </View>

      {/* 检查表 */}
      <View className="wx-section-title insp__progress" data-testid="progress">
        检查项 · 已答 {progress.answered}/{progress.items}
        {progress.failed ? <Text className="insp__progress-fail">（不合格 {progress.failed} 项）</Text> : null}
      </View>
      {(() => {
        let n = 0;
        return sections.map((s) => (
          <View key={s.title} className="wx-card insp__section">
            <View className="insp__section-title">{s.title}</View>
            {s.items.map((item) => (
              <ChecklistItemCard
                key={item.key}
                item={item}
                index={++n}
                answer={draft.answers[item.key]}
                problem={problems.items[item.key]}
                stamp={stamp}
                onChange={(patch) => setAnswer(item.key, patch)}
              />
            ))}
          </View>
        ));
      })()}

      {/* 签字 */}
      <View className="wx-section-title">现场负责人签字</View>
      <View className="wx-card insp__sign" data-testid="signature">
        <View className="insp__signer">
          <Text className="insp__k">姓名</Text>
          <Input
            className="wx-input insp__signer-name"
            value={draft.signerName}
            maxlength={32}
            placeholder="企业现场负责人姓名"
            onInput={(e) => {
              setDraft({ signerName: e.detail.value });
              if (e.detail.value.trim()) setProblems((p) => ({ ...p, signerName: undefined }));
            }}
          />
        </View>
        {problems.signerName ? <View className="wx-field-error">{problems.signerName}</View> : null}
        {signing ? (
          <SignaturePad onSigned={(p) => void signed(p)} onCancel={() => setSigning(false)} />
        ) : draft.signature ? (
          <SignaturePreview path={draft.signature.path} onRedo={() => setSigning(true)} />
        ) : (
          <View className="insp__sign-empty" onClick={() => canPerform && setSigning(true)}>
            点此签字
          </View>
        )}
        {problems.signature ? <View className="wx-field-error">{problems.signature}</View> : null}
      </View>

      <View className="wx-tips">
        不合格项提交后自动生成隐患{progress.failed ? `（本次 ${progress.failed} 条）` : ''}
        。没有网络时先保存在本机，联网后自动提交，不会重复。
      </View>
      <View className="action-bar-space" />
      <View className="action-bar">
        <View
          className={`wx-btn wx-btn--primary insp__submit ${busy || !canPerform ? 'wx-btn--disabled' : ''}`}
          onClick={() => canPerform && void submit()}
        >
          {busy ? '正在提交…' : `提交检查记录${progress.failed ? `（${progress.failed} 项不合格）` : ''}`}
        </View>
      </View>

      {qrOpen ? (
        <View className="insp-sheet" onClick={() => setQrOpen(false)}>
          <View className="insp-sheet__panel insp__qr" onClick={(e) => e.stopPropagation()}>
            <View className="insp-sheet__head">
              <Text className="insp-sheet__title">扫码签到</Text>
              <Text className="insp-sheet__close" onClick={() => setQrOpen(false)}>
                取消
              </Text>
            </View>
            <View className="wx-tips">浏览器中不能调用摄像头扫码：请输入或粘贴企业门口二维码的内容（以 YA1. 开头）。</View>
            <View className="insp__qr-body">
              <Input
                className="wx-input insp__qr-input"
                value={qrCode}
                placeholder="YA1.…"
                onInput={(e) => {
                  setQrCode(e.detail.value);
                  setQrError(null);
                }}
              />
              <View
                className={`wx-btn wx-btn--primary insp__qr-ok ${checking ? 'wx-btn--disabled' : ''}`}
                onClick={() => void qrCheckIn(qrCode)}
              >
                签到
              </View>
            </View>
            {qrError ? <View className="wx-error insp__qr-error">{qrError}</View> : null}
          </View>
        </View>
      ) : null}
    </Screen>
  );
}

function SignaturePreview({ path, onRedo }: { path: string; onRedo: () => void }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void photoSrc(path).then((s) => live && setSrc(s));
    return () => {
      live = false;
    };
  }, [path]);
  return (
    <View className="insp__sign-done" data-testid="signature-done">
      {src ? <Image className="insp__sign-img" src={src} mode="aspectFit" /> : <View className="insp__sign-img" />}
      <Text className="wx-link insp__sign-redo" onClick={onRedo}>
        重新签字
      </Text>
    </View>
  );
}

const OUTCOME_TEXT = { pass: '合格', fail: '不合格', na: '不适用' } as const;

/** The record of a done task: summary, hazards raised (to their pages), check-in, answers with photos, signature. */
function DoneRecord({ t }: { t: Detail }) {
  const s = t.summary;
  const answers = new Map((t.answers ?? []).map((a) => [a.itemKey, a]));
  const valueText = (kind: string, v: unknown, unit?: string) => {
    if (v === null || v === undefined) return '';
    if (kind === 'yes_no') return v === true ? '是' : '否';
    if (kind === 'number') return `${String(v)}${unit ? ` ${unit}` : ''}`;
    return String(v);
  };
  let n = 0;
  return (
    <View data-testid="task-done">
      <View className="wx-card insp__summary">
        <View className="insp__summary-title">
          检查完成{t.completedAt ? ` · ${formatDateTime(t.completedAt)}` : ''}
          {t.late ? <Text className="tag tag--orange insp__late">超期完成</Text> : null}
        </View>
        {s ? (
          <View className="insp__tiles">
            <View className="insp__tile">
              <Text className="insp__tile-n">{s.items}</Text>
              <Text className="insp__tile-l">检查项</Text>
            </View>
            <View className="insp__tile insp__tile--pass">
              <Text className="insp__tile-n">{s.passed}</Text>
              <Text className="insp__tile-l">合格</Text>
            </View>
            <View className="insp__tile insp__tile--fail">
              <Text className="insp__tile-n" data-testid="summary-failed">
                {s.failed}
              </Text>
              <Text className="insp__tile-l">不合格</Text>
            </View>
            <View className="insp__tile">
              <Text className="insp__tile-n">{s.na}</Text>
              <Text className="insp__tile-l">不适用</Text>
            </View>
          </View>
        ) : null}
        {t.checkIn ? (
          <View className="insp__ci-meta">
            {t.checkIn.method === 'qr' ? '扫码签到' : '定位签到'} · {formatDateTime(t.checkIn.at)}
            {t.checkIn.distanceM != null ? ` · 距企业 ${formatDistance(t.checkIn.distanceM)}` : ''}
            {t.checkIn.inside ? '' : ' · 不在电子围栏内（已标记）'}
          </View>
        ) : null}
      </View>

      <View className="wx-section-title">发现隐患（{t.hazards.length}）</View>
      {t.hazards.length === 0 ? (
        <View className="wx-tips">本次检查未发现隐患。</View>
      ) : (
        <View className="wx-cells insp__hazards" data-testid="task-hazards">
          {t.hazards.map((h) => (
            <View
              key={h.id}
              className="wx-cell wx-cell--link insp__hazard"
              data-testid="task-hazard"
              onClick={() => void Taro.navigateTo({ url: `${HAZARD_PAGES.detail}?id=${h.id}` })}
            >
              <View className="wx-cell__bd">
                <View className="insp__hazard-title">
                  {h.code}
                  {h.grade === 'major' ? <Text className="tag tag--red insp__hazard-major">重大隐患</Text> : null}
                </View>
                <View className="wx-cell__desc insp__hazard-desc">{h.description}</View>
              </View>
            </View>
          ))}
        </View>
      )}

      <View className="wx-section-title">检查记录</View>
      {t.template.sections.map((sec) => (
        <View key={sec.title} className="wx-card insp__section">
          <View className="insp__section-title">{sec.title}</View>
          {sec.items.map((item) => {
            const a = answers.get(item.key);
            const v = valueText(item.kind, a?.value, item.unit);
            return (
              <View key={item.key} className={`insp__rec ${a?.outcome === 'fail' ? 'insp__rec--fail' : ''}`}>
                <View className="insp__rec-q">
                  <Text className="insp__rec-no">{++n}.</Text>
                  <Text className="insp__rec-text">{item.text}</Text>
                  {a ? (
                    <Text
                      className={`tag insp__rec-outcome ${a.outcome === 'fail' ? 'tag--red' : a.outcome === 'pass' ? 'tag--green' : ''}`}
                    >
                      {OUTCOME_TEXT[a.outcome]}
                    </Text>
                  ) : null}
                </View>
                {v ? <View className="insp__rec-v">{v}</View> : null}
                {a?.note ? <View className="insp__rec-v">说明：{a.note}</View> : null}
                {a?.photos.some((p) => p.url) ? (
                  <View className="insp__rec-photos">
                    {a.photos
                      .filter((p) => p.url)
                      .map((p) => (
                        <Image
                          key={p.fileId}
                          className="insp__rec-photo"
                          src={p.url!}
                          mode="aspectFill"
                          onClick={() => void Taro.previewImage({ urls: [p.url!], current: p.url! }).catch(() => undefined)}
                        />
                      ))}
                  </View>
                ) : null}
              </View>
            );
          })}
        </View>
      ))}

      {t.signature ? (
        <>
          <View className="wx-section-title">现场负责人签字</View>
          <View className="wx-card insp__sign-done">
            {t.signature.url ? <Image className="insp__sign-img" src={t.signature.url} mode="aspectFit" /> : null}
            <View className="insp__signer-done">{t.signature.signerName}</View>
          </View>
        </>
      ) : null}
    </View>
  );
}
