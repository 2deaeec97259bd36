import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { Input, Picker, Text, View } from '@tarojs/components';
import { SPECIAL_EQUIPMENT_CATEGORIES, SPECIAL_OPERATION_CATEGORIES } from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { useDraft } from '../../../services/draft';
import { confirm, errorMessage, reportError, toast } from '../../../services/feedback';
import { addDays, isoDay } from '../../../services/format';
import { usePageTitle } from '../../../services/page-title';
import { meState } from '../../../services/session';
import { readJson } from '../../../services/storage';
import { useSignedInMe } from '../../../services/use-session';
import { loadRecords } from '../../services/data';
import { CERT_KINDS } from '../../services/enterprise-ui';
import type { Certificate } from '../../services/types';
import './index.scss';

type Kind = Certificate['certKind'];
interface Form {
  personName: string;
  certKind: Kind;
  category: string;
  certNumber: string;
  post: string;
  issuedOn: string;
  expiresOn: string;
  reviewDueOn: string;
}
const EMPTY: Form = {
  personName: '',
  certKind: 'special_operation',
  category: '',
  certNumber: '',
  post: '',
  issuedOn: '',
  expiresOn: '',
  reviewDueOn: '',
};
const CATEGORIES: Record<Kind, readonly string[]> = {
  special_operation: SPECIAL_OPERATION_CATEGORIES,
  special_equipment: SPECIAL_EQUIPMENT_CATEGORIES,
};
/** Validity by default: 特种作业 6 years (reviewed every 3), 特种设备 4 years. */
const YEARS: Record<Kind, number> = { special_operation: 6, special_equipment: 4 };

function fromCert(c: Certificate): Form {
  return { ...c, post: c.post ?? '', reviewDueOn: c.reviewDueOn ?? '' };
}

/** Adds or updates a certificate; dates by picker; the expiry is suggested from the issue date. */
export default function CertificateEditPage() {
  const me = useSignedInMe();
  const id = useRouter().params.id ?? '';
  const draftKey = `certificate:${meState.get()?.enterpriseId ?? ''}:${id || 'new'}`;
  const hadDraft = useRef(readJson(`draft:${draftKey}`) !== null);
  const [form, setForm, clearForm] = useDraft<Form>(draftKey, EMPTY);
  const [original, setOriginal] = useState<Certificate | null>(null);
  const [loading, setLoading] = useState(Boolean(id));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  usePageTitle(id ? '修改证书' : '新增证书');

  useLoad(() => {
    const enterpriseId = meState.get()?.enterpriseId;
    if (!id || !enterpriseId) return;
    loadRecords<Certificate>(enterpriseId, 'certificates')
      .then((r) => {
        const c = r.data.find((x) => x.id === id) ?? null;
        setOriginal(c);
        if (c && !hadDraft.current) setForm(fromCert(c));
      })
      .catch((e: unknown) => toast(`加载失败：${errorMessage(e)}`))
      .finally(() => setLoading(false));
  });

  const save = async () => {
    const enterpriseId = me?.enterpriseId;
    if (!enterpriseId || busy) return;
    const p: Record<string, string> = {};
    if (!form.personName.trim()) p.personName = '请填写持证人姓名';
    if (!form.category) p.category = '请选择作业类别';
    if (form.certNumber.trim().length < 4) p.certNumber = '请填写证书编号（至少 4 位）';
    if (!form.issuedOn) p.issuedOn = '请选择发证日期';
    if (!form.expiresOn) p.expiresOn = '请选择有效期';
    else if (form.issuedOn && form.expiresOn <= form.issuedOn) p.expiresOn = '有效期至须晚于发证日期';
    setProblems(p);
    if (Object.keys(p).length) {
      toast(Object.values(p)[0]!);
      return;
    }
    const body = {
      personName: form.personName.trim(),
      certKind: form.certKind,
      category: form.category,
      certNumber: form.certNumber.trim(),
      post: form.post.trim() || null,
      issuedOn: form.issuedOn,
      expiresOn: form.expiresOn,
      reviewDueOn: form.reviewDueOn || null,
    };
    setBusy(true);
    try {
      if (id) await client.enterprises.replaceRecord(enterpriseId, 'certificates', id, body);
      else await client.enterprises.addRecord(enterpriseId, 'certificates', body);
      clearForm(true);
      void Taro.showToast({ title: '已保存', icon: 'success' });
      setTimeout(() => void Taro.navigateBack(), 500);
    } catch (e) {
      if (e instanceof ApiError) setProblems(e.fieldErrors);
      void reportError(e, { what: '保存', retry: save });
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    const enterpriseId = me?.enterpriseId;
    if (!enterpriseId || !id) return;
    const ok = await confirm({
      title: '删除证书',
      content: `确定删除「${original?.personName ?? form.personName}」的${original?.category ?? ''}证书？`,
      confirmText: '删除',
      danger: true,
    });
    if (!ok) return;
    try {
      await client.enterprises.removeRecord(enterpriseId, 'certificates', id);
      clearForm(true);
      void Taro.showToast({ title: '已删除', icon: 'success' });
      setTimeout(() => void Taro.navigateBack(), 500);
    } catch (e) {
      void reportError(e, { what: '删除', retry: remove });
    }
  };

  if (!me || loading) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  const err = (k: string) => (problems[k] ? <View className="wx-error">{problems[k]}</View> : null);
  const categories = CATEGORIES[form.certKind];
  const date = (key: 'issuedOn' | 'expiresOn' | 'reviewDueOn', label: string, optional = false) => (
    <Picker
      mode="date"
      value={form[key] || isoDay()}
      onChange={(e) => {
        const v = e.detail.value;
        setForm((f) => ({
          [key]: v,
          // a new issue date suggests the usual expiry (the user may change it)
          ...(key === 'issuedOn' && !f.expiresOn
            ? { expiresOn: addDays(v, YEARS[f.certKind] * 365 + Math.floor(YEARS[f.certKind] / 4)) }
            : {}),
        }));
      }}
    >
      <View className="wx-cell wx-cell--link">
        <View className="wx-cell__hd">
          {label}
          {optional ? '' : ' *'}
        </View>
        <View className={`wx-cell__bd ${form[key] ? '' : 'cert-edit__placeholder'}`}>
          {form[key] || (optional ? '选填' : '请选择')}
        </View>
      </View>
    </Picker>
  );

  return (
    <Screen>
      {hadDraft.current && id ? <View className="wx-tips">显示的是上次未保存的修改。</View> : null}
      <View className="wx-section-title">持证人</View>
      <View className="wx-cells">
        <View className="wx-cell">
          <View className="wx-cell__hd">姓名 *</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input"
              value={form.personName}
              maxlength={32}
              placeholder="持证人姓名"
              onInput={(e) => setForm({ personName: e.detail.value })}
            />
          </View>
        </View>
        <View className="wx-cell">
          <View className="wx-cell__hd">岗位</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input"
              value={form.post}
              maxlength={40}
              placeholder="选填，如：电工"
              onInput={(e) => setForm({ post: e.detail.value })}
            />
          </View>
        </View>
      </View>
      {err('personName')}

      <View className="wx-section-title">证书</View>
      <View className="wx-card">
        <View className="chips">
          {(Object.keys(CERT_KINDS) as Kind[]).map((k) => (
            <Text
              key={k}
              className={`chip ${form.certKind === k ? 'chip--active' : ''}`}
              onClick={() => setForm((f) => ({ certKind: k, category: CATEGORIES[k].includes(f.category) ? f.category : '' }))}
            >
              {CERT_KINDS[k]}
            </Text>
          ))}
        </View>
      </View>
      <View className="wx-cells">
        <Picker
          mode="selector"
          range={[...categories]}
          onChange={(e) => setForm({ category: categories[Number(e.detail.value)] ?? '' })}
        >
          <View className="wx-cell wx-cell--link">
            <View className="wx-cell__hd">作业类别 *</View>
            <View className={`wx-cell__bd ${form.category ? '' : 'cert-edit__placeholder'}`}>{form.category || '请选择'}</View>
          </View>
        </Picker>
        <View className="wx-cell">
          <View className="wx-cell__hd">证书编号 *</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input"
              value={form.certNumber}
              maxlength={40}
              placeholder="证件上的编号"
              onInput={(e) => setForm({ certNumber: e.detail.value })}
            />
          </View>
        </View>
        {date('issuedOn', '发证日期')}
        {date('expiresOn', '有效期至')}
        {date('reviewDueOn', '复审日期', true)}
      </View>
      {err('category')}
      {err('certNumber')}
      {err('issuedOn')}
      {err('expiresOn')}
      <View className="wx-tips">特种作业操作证有效期 6 年，每 3 年复审一次；到期前系统会提醒。</View>

      <View className="action-bar-space" />
      <View className="action-bar">
        {id ? (
          <View className="wx-btn wx-btn--plain wx-btn--warn cert-edit__delete" onClick={() => void remove()}>
            删除
          </View>
        ) : null}
        <View className={`wx-btn wx-btn--primary ${busy ? 'wx-btn--disabled' : ''}`} onClick={() => void save()}>
          {busy ? '正在保存…' : '保存'}
        </View>
      </View>
    </Screen>
  );
}
