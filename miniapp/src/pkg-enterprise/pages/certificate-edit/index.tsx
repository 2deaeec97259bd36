import { Picker, Text, View, Input } from '@tarojs/components';
import { SPECIAL_EQUIPMENT_CATEGORIES, SPECIAL_OPERATION_CATEGORIES } from '@yuanan/contracts';
import { Loading, Screen } from '../../../components/screen';
import { addDays, isoDay } from '../../../services/format';
import { useRecordEditor } from '../../services/record-editor';
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

/** The form checked the way the server will: the body to send, or the problems by field. */
function check(f: Form): { body: Record<string, unknown> | null; problems: Record<string, string> } {
  const p: Record<string, string> = {};
  if (!f.personName.trim()) p.personName = '请填写持证人姓名';
  if (!f.category) p.category = '请选择作业类别';
  if (f.certNumber.trim().length < 4) p.certNumber = '请填写证书编号（至少 4 位）';
  if (!f.issuedOn) p.issuedOn = '请选择发证日期';
  if (!f.expiresOn) p.expiresOn = '请选择有效期';
  else if (f.issuedOn && f.expiresOn <= f.issuedOn) p.expiresOn = '有效期至须晚于发证日期';
  if (Object.keys(p).length) return { body: null, problems: p };
  const body = {
    personName: f.personName.trim(),
    certKind: f.certKind,
    category: f.category,
    certNumber: f.certNumber.trim(),
    post: f.post.trim() || null,
    issuedOn: f.issuedOn,
    expiresOn: f.expiresOn,
    reviewDueOn: f.reviewDueOn || null,
  };
  return { body, problems: p };
}

/** Adds or updates a certificate; dates by picker; the expiry is suggested from the issue date. */
export default function CertificateEditPage() {
  const { me, id, form, setForm, original, loading, problems, busy, hadDraft, save, remove } = useRecordEditor<Certificate, Form>(
    {
      kind: 'certificates',
      draft: 'certificate',
      empty: EMPTY,
      fromRecord: fromCert,
      titles: ['新增证书', '修改证书'],
    },
  );

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
      {hadDraft && id ? <View className="wx-tips">显示的是上次未保存的修改。</View> : null}
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
          <View
            className="wx-btn wx-btn--plain wx-btn--warn cert-edit__delete"
            onClick={() =>
              void remove({
                title: '删除证书',
                content: `确定删除「${original?.personName ?? form.personName}」的${original?.category ?? ''}证书？`,
              })
            }
          >
            删除
          </View>
        ) : null}
        <View className={`wx-btn wx-btn--primary ${busy ? 'wx-btn--disabled' : ''}`} onClick={() => void save(check)}>
          {busy ? '正在保存…' : '保存'}
        </View>
      </View>
    </Screen>
  );
}
