import Taro, { useLoad } from '@tarojs/taro';
import { Fragment, useRef, useState } from 'react';
import { Input, Picker, Text, View } from '@tarojs/components';
import type { Enterprise } from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { useDraft } from '../../../services/draft';
import { confirm, errorMessage, reportError, toast } from '../../../services/feedback';
import { meState } from '../../../services/session';
import { readJson } from '../../../services/storage';
import { useSignedInMe } from '../../../services/use-session';
import { loadEnterprise, pendingFields, rememberPendingFields } from '../../services/data';
import {
  EDITABLE_FIELDS,
  FIELD_LABELS,
  diffEnterprise,
  isKeyField,
  toFormValues,
  type FieldSpec,
} from '../../services/enterprise-ui';
import './index.scss';

/**
 * Edits the enterprise file. Only what changed is sent. Key fields (name, principal, industry, address…) go to
 * the safety office for approval (the api answers 202): the user is told before and after. The form is a draft.
 */
export default function FileEditPage() {
  const me = useSignedInMe();
  const draftKey = `enterprise-file:${meState.get()?.enterpriseId ?? ''}`;
  const hadDraft = useRef(readJson(`draft:${draftKey}`) !== null);
  const [form, setForm, clearForm] = useDraft<Record<string, string>>(draftKey, {});
  const [e, setE] = useState<Enterprise | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const load = async (keepForm: boolean) => {
    const id = meState.get()?.enterpriseId;
    if (!id) return;
    try {
      const r = await loadEnterprise(id);
      setE(r.data);
      if (!keepForm) setForm(toFormValues(r.data));
    } catch (err) {
      toast(`加载失败：${errorMessage(err)}`);
    }
  };
  useLoad(() => void load(hadDraft.current));

  const save = async () => {
    if (!e || busy) return;
    const { patch, problems: p, keyChanges } = diffEnterprise(e, form);
    setProblems(p);
    if (Object.keys(p).length) {
      toast(Object.values(p)[0]!);
      return;
    }
    if (Object.keys(patch).length === 0) {
      toast('没有修改');
      return;
    }
    if (keyChanges.length) {
      const others = Object.keys(patch).length - keyChanges.length;
      const ok = await confirm({
        title: '关键信息需审核',
        content: `${keyChanges.map((k) => FIELD_LABELS[k]).join('、')}的修改将提交园区安监办审核，审核通过前档案仍显示原信息。${others ? '其他修改保存后立即生效。' : ''}`,
        confirmText: '提交',
      });
      if (!ok) return;
    }
    setBusy(true);
    try {
      const r = await client.enterprises.update(e.id, { ...patch, version: e.version });
      clearForm(true);
      hadDraft.current = false;
      if (r.changeRequest) {
        const earlier = pendingFields(e.id, true)?.fields ?? [];
        rememberPendingFields(e.id, r.changeRequest.fields);
        await Taro.showModal({
          title: '已提交审核',
          content: `${r.changeRequest.fields.map((f) => FIELD_LABELS[f] ?? f).join('、')}的修改已提交园区安监办审核，结果会通过消息通知您。${
            earlier.length ? '此前未审核的变更申请已被本次申请替代。' : ''
          }${Object.keys(patch).length > keyChanges.length ? '其他修改已生效。' : ''}`,
          showCancel: false,
          confirmText: '知道了',
          confirmColor: '#07C160',
        });
      } else void Taro.showToast({ title: '已保存', icon: 'success' });
      setTimeout(() => void Taro.navigateBack(), 400);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        await load(true);
        await Taro.showModal({
          title: '档案已被修改',
          content: '该档案刚刚被他人修改过，已载入最新版本。您填写的内容仍保留，请核对后再次保存。',
          showCancel: false,
          confirmText: '知道了',
        });
      } else {
        if (err instanceof ApiError) setProblems(err.fieldErrors);
        void reportError(err, { what: '保存', retry: save });
      }
    } finally {
      setBusy(false);
    }
  };

  if (!me || !e) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }

  const changed = (f: FieldSpec) => (form[f.key] ?? '').trim() !== (toFormValues(e)[f.key] ?? '');
  const field = (f: FieldSpec) => (
    <Fragment key={f.key}>
      {f.kind === 'enum' ? (
        <Picker
          mode="selector"
          range={['未填写', ...(f.options ?? [])]}
          onChange={(ev) => {
            const i = Number(ev.detail.value);
            setForm({ [f.key]: i === 0 ? '' : (f.options?.[i - 1] ?? '') });
          }}
        >
          <View className="wx-cell wx-cell--link">
            <View className="wx-cell__hd">{f.label}</View>
            <View className={`wx-cell__bd ${form[f.key] ? '' : 'file-edit__placeholder'}`}>{form[f.key] || '请选择'}</View>
          </View>
        </Picker>
      ) : f.kind === 'bool' ? (
        <View className="wx-cell">
          <View className="wx-cell__hd">{f.label}</View>
          <View className="wx-cell__bd file-edit__bool">
            {[
              ['true', '有'],
              ['false', '无'],
            ].map(([v, label]) => (
              <Text
                key={v}
                className={`chip ${form[f.key] === v ? 'chip--active' : ''}`}
                onClick={() => setForm({ [f.key]: form[f.key] === v ? '' : v! })}
              >
                {label}
              </Text>
            ))}
          </View>
        </View>
      ) : (
        <View className="wx-cell">
          <View className="wx-cell__hd">{f.label}</View>
          <View className="wx-cell__bd file-edit__input">
            <Input
              className={`wx-input file-edit__${f.key}`}
              type={f.kind === 'int' ? 'number' : f.kind === 'number' ? 'digit' : f.kind === 'phone' ? 'number' : 'text'}
              value={form[f.key] ?? ''}
              placeholder={f.placeholder ?? (f.optional ? '选填' : '必填')}
              onInput={(ev) => setForm({ [f.key]: ev.detail.value })}
            />
            {f.unit ? <Text className="file-edit__unit">{f.unit}</Text> : null}
          </View>
        </View>
      )}
      {changed(f) && isKeyField(f.key) ? <View className="file-edit__note">修改后需审核</View> : null}
      {problems[f.key] ? <View className="wx-error">{problems[f.key]}</View> : null}
    </Fragment>
  );

  return (
    <Screen className="file-edit">
      {hadDraft.current ? (
        <View className="file-edit__draft">
          显示的是上次未保存的修改。
          <Text
            className="wx-link"
            onClick={() => {
              hadDraft.current = false;
              setForm(toFormValues(e));
            }}
          >
            放弃修改
          </Text>
        </View>
      ) : null}
      {e.pendingChange ? (
        <View className="file-edit__pending">已有关键信息变更在审核中；再次修改关键信息将替代之前的申请。</View>
      ) : null}
      <View className="wx-section-title">关键信息（修改需园区安监办审核）</View>
      <View className="wx-cells">{EDITABLE_FIELDS.filter((f) => isKeyField(f.key)).map(field)}</View>
      <View className="wx-section-title">其他信息（保存即生效）</View>
      <View className="wx-cells">{EDITABLE_FIELDS.filter((f) => !isKeyField(f.key)).map(field)}</View>
      <View className="wx-tips">统一社会信用代码、所属网格、位置和重点场所标签由园区管理员维护，如有变化请联系园区。</View>
      <View className="action-bar-space" />
      <View className="action-bar">
        <View className={`wx-btn wx-btn--primary file-edit__save ${busy ? 'wx-btn--disabled' : ''}`} onClick={() => void save()}>
          {busy ? '正在保存…' : '保存'}
        </View>
      </View>
    </Screen>
  );
}
