import { Input, Picker, Text, View } from '@tarojs/components';
import { Loading, Screen } from '../../../components/screen';
import { isoDay } from '../../../services/format';
import { useRecordEditor } from '../../services/record-editor';
import type { Supply } from '../../services/types';
import './index.scss';

interface Form {
  name: string;
  code: string;
  quantity: string;
  unit: string;
  location: string;
  expiresOn: string;
  minimumStock: string;
}
const EMPTY: Form = { name: '', code: '', quantity: '', unit: '', location: '', expiresOn: '', minimumStock: '' };
const UNITS = ['具', '套', '个', '件', '台', '只', '箱', '桶', '副', '双', '米', '千克'];

function fromSupply(s: Supply): Form {
  return {
    name: s.name,
    code: s.code ?? '',
    quantity: String(s.quantity),
    unit: s.unit,
    location: s.location,
    expiresOn: s.expiresOn ?? '',
    minimumStock: s.minimumStock == null ? '' : String(s.minimumStock),
  };
}

function check(f: Form): { body: Record<string, unknown> | null; problems: Partial<Record<keyof Form, string>> } {
  const p: Partial<Record<keyof Form, string>> = {};
  const int = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN);
  if (!f.name.trim()) p.name = '请填写物资名称';
  const quantity = int(f.quantity);
  if (!Number.isInteger(quantity)) p.quantity = '数量应为 0 或正整数';
  if (!f.unit.trim()) p.unit = '请填写单位';
  if (f.code.trim() && !/^\d{7}$/.test(f.code.trim())) p.code = 'GB/T 38565 代码为 7 位数字，可不填';
  const minimumStock = f.minimumStock.trim() === '' ? null : int(f.minimumStock);
  if (minimumStock !== null && !Number.isInteger(minimumStock)) p.minimumStock = '最低库存应为 0 或正整数，可不填';
  if (Object.keys(p).length) return { body: null, problems: p };
  return {
    body: {
      code: f.code.trim() || null,
      name: f.name.trim(),
      quantity,
      unit: f.unit.trim(),
      location: f.location.trim(),
      expiresOn: f.expiresOn || null,
      minimumStock,
    },
    problems: p,
  };
}

/** Adds or updates one supply (the whole record is replaced); the form is a draft until saved. */
export default function SupplyEditPage() {
  const { me, id, form, setForm, original, loading, problems, busy, hadDraft, save, remove, discardDraft } = useRecordEditor<
    Supply,
    Form
  >({
    kind: 'supplies',
    draft: 'supply',
    empty: EMPTY,
    fromRecord: fromSupply,
    titles: ['新增应急物资', '修改应急物资'],
  });

  if (!me || loading) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }

  const step = (d: number) => {
    const n = Number(form.quantity) || 0;
    setForm({ quantity: String(Math.max(0, n + d)) });
  };
  const err = (k: keyof Form) => (problems[k] ? <View className="wx-error">{problems[k]}</View> : null);

  return (
    <Screen className="supply-edit">
      {hadDraft && id ? (
        <View className="supply-edit__draft">
          显示的是上次未保存的修改。
          <Text className="wx-link" onClick={discardDraft}>
            放弃修改
          </Text>
        </View>
      ) : null}
      <View className="wx-section-title">物资信息</View>
      <View className="wx-cells">
        <View className="wx-cell">
          <View className="wx-cell__hd">名称 *</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input supply-edit__name"
              value={form.name}
              maxlength={60}
              placeholder="如：干粉灭火器（4kg）"
              onInput={(e) => setForm({ name: e.detail.value })}
            />
          </View>
        </View>
        <View className="wx-cell">
          <View className="wx-cell__hd">数量 *</View>
          <View className="wx-cell__bd supply-edit__stepper">
            <Text className="supply-edit__step" onClick={() => step(-1)}>
              −
            </Text>
            <Input
              className="wx-input supply-edit__quantity"
              type="number"
              value={form.quantity}
              placeholder="0"
              onInput={(e) => setForm({ quantity: e.detail.value })}
            />
            <Text className="supply-edit__step" onClick={() => step(1)}>
              +
            </Text>
          </View>
        </View>
        <View className="wx-cell">
          <View className="wx-cell__hd">单位 *</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input supply-edit__unit"
              value={form.unit}
              maxlength={10}
              placeholder="如：具、套、个"
              onInput={(e) => setForm({ unit: e.detail.value })}
            />
          </View>
        </View>
        {!form.unit ? (
          <View className="supply-edit__units">
            {UNITS.map((u) => (
              <Text key={u} className="chip" onClick={() => setForm({ unit: u })}>
                {u}
              </Text>
            ))}
          </View>
        ) : null}
      </View>
      {err('name')}
      {err('quantity')}
      {err('unit')}

      <View className="wx-section-title">库存与有效期</View>
      <View className="wx-cells">
        <View className="wx-cell">
          <View className="wx-cell__hd">存放地点</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input supply-edit__location"
              value={form.location}
              maxlength={60}
              placeholder="如：一号车间应急柜"
              onInput={(e) => setForm({ location: e.detail.value })}
            />
          </View>
        </View>
        <View className="wx-cell">
          <View className="wx-cell__hd">最低库存</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input supply-edit__minimum"
              type="number"
              value={form.minimumStock}
              placeholder="选填，低于时提醒"
              onInput={(e) => setForm({ minimumStock: e.detail.value })}
            />
          </View>
        </View>
        <View className="wx-cell supply-edit__expiry">
          <Picker
            className="supply-edit__picker"
            mode="date"
            value={form.expiresOn || isoDay()}
            onChange={(e) => setForm({ expiresOn: e.detail.value })}
          >
            <View className="supply-edit__picked">
              <View className="wx-cell__hd">有效期至</View>
              <View className={`wx-cell__bd ${form.expiresOn ? '' : 'supply-edit__placeholder'}`}>
                {form.expiresOn || '选填，长期有效可不填'}
              </View>
            </View>
          </Picker>
          {form.expiresOn ? (
            <Text className="wx-link supply-edit__clear" onClick={() => setForm({ expiresOn: '' })}>
              清除
            </Text>
          ) : null}
        </View>
        <View className="wx-cell">
          <View className="wx-cell__hd">物资代码</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input"
              type="number"
              value={form.code}
              maxlength={7}
              placeholder="选填，GB/T 38565 七位代码"
              onInput={(e) => setForm({ code: e.detail.value })}
            />
          </View>
        </View>
      </View>
      {err('minimumStock')}
      {err('code')}
      <View className="wx-tips">物资过期或低于最低库存时，系统会自动生成待办；更新后待办自动消除。</View>

      <View className="action-bar-space" />
      <View className="action-bar">
        {id ? (
          <View
            className="wx-btn wx-btn--plain wx-btn--warn supply-edit__delete"
            onClick={() => void remove({ title: '删除物资', content: `确定删除「${original?.name ?? form.name}」？` })}
          >
            删除
          </View>
        ) : null}
        <View
          className={`wx-btn wx-btn--primary supply-edit__save ${busy ? 'wx-btn--disabled' : ''}`}
          onClick={() => void save(check)}
        >
          {busy ? '正在保存…' : '保存'}
        </View>
      </View>
    </Screen>
  );
}
