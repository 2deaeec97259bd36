import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Input, Switch, Text, View } from '@tarojs/components';
import { GB18218_CATEGORIES } from '@yuanan/contracts';
import { Loading, Screen } from '../../../components/screen';
import {
  checkChemical,
  emptyChemicalForm,
  fromChemical,
  toggleCategory,
  CHEMICAL_UNITS,
  type ChemicalForm,
} from '../../services/chemical-form';
import { useRecordEditor } from '../../services/record-editor';
import type { Chemical } from '../../services/types';
import './index.scss';

const CATEGORY_ORDER = GB18218_CATEGORIES.map((c) => c.symbol);

/** Tells the user, before the page closes, that a saved chemical has no critical quantity and is not counted. */
async function warnUnmatched(saved: Chemical) {
  if (!saved.unmatched) return;
  await Taro.showModal({
    title: '已保存，但未计入重大危险源辨识',
    content: saved.unmatched.message,
    showCancel: false,
    confirmText: '知道了',
  });
}

/**
 * Adds or updates one hazardous chemical (the whole record is replaced); the form is a draft until saved. The
 * server identifies it against GB 18218 by CAS number, name or alias, or — for a substance not in Table 1 — by the
 * hazard categories chosen here (several allowed: the lowest critical quantity applies, GB 18218-2018 4.1.2 b), and
 * recomputes the major-hazard-source result. A chemical it cannot identify is saved but said to be not counted.
 */
export default function ChemicalEditPage() {
  const { me, id, form, setForm, original, loading, problems, busy, hadDraft, save, remove, discardDraft } = useRecordEditor<
    Chemical,
    ChemicalForm
  >({
    kind: 'chemicals',
    draft: 'chemical',
    empty: emptyChemicalForm(),
    fromRecord: fromChemical,
    titles: ['新增危险化学品', '修改危险化学品'],
    onSaved: warnUnmatched,
  });
  const [showCategories, setShowCategories] = useState(false);

  if (!me || loading) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  const err = (k: keyof ChemicalForm & string) => (problems[k] ? <View className="wx-error">{problems[k]}</View> : null);
  const text = (k: keyof ChemicalForm, label: string, placeholder: string, max: number, type?: 'digit') => (
    <View className="wx-cell">
      <View className="wx-cell__hd">{label}</View>
      <View className="wx-cell__bd">
        <Input
          className={`wx-input chem-edit__${k}`}
          type={type}
          value={String(form[k])}
          maxlength={max}
          placeholder={placeholder}
          onInput={(e) => setForm({ [k]: e.detail.value } as Partial<ChemicalForm>)}
        />
      </View>
    </View>
  );

  return (
    <Screen className="chem-edit">
      {hadDraft && id ? (
        <View className="chem-edit__draft">
          显示的是上次未保存的修改。
          <Text className="wx-link" onClick={discardDraft}>
            放弃修改
          </Text>
        </View>
      ) : null}
      <View className="wx-section-title">物质</View>
      <View className="wx-cells">
        {text('name', '名称 *', '如：液氨、甲苯、天然气', 80)}
        {text('cas', 'CAS 号', '如：7664-41-7，便于准确辨识', 12)}
      </View>
      {err('name')}
      {err('cas')}
      {original?.unmatched ? (
        <View className="chem-edit__unmatched">未计入重大危险源辨识：{original.unmatched.message}</View>
      ) : null}

      <View className="wx-section-title">危险性类别（GB 18218 表2）</View>
      <View className="wx-cells">
        <View className="wx-cell chem-edit__categories-toggle" onClick={() => setShowCategories(!showCategories)}>
          <View className="wx-cell__bd">
            {form.categories.length ? form.categories.join('、') : '未选择（表1所列物质可不选）'}
          </View>
          <Text className="wx-link">{showCategories ? '收起' : '选择'}</Text>
        </View>
      </View>
      {showCategories ? (
        <View className="chem-edit__categories">
          {GB18218_CATEGORIES.map((c) => (
            <Text
              key={c.symbol}
              className={`chip chem-edit__category ${form.categories.includes(c.symbol) ? 'chip--active' : ''}`}
              onClick={() => setForm({ categories: toggleCategory(form.categories, c.symbol, CATEGORY_ORDER) })}
            >
              {c.symbol} {c.label}
            </Text>
          ))}
        </View>
      ) : null}
      <View className="wx-tips">未列入 GB 18218 表1的物质按其危险性选择，可多选；有多种危险性时取最低临界量。</View>
      {Object.entries(problems)
        .filter(([k]) => k.startsWith('categories'))
        .map(([k, m]) => (
          <View key={k} className="wx-error">
            {m}
          </View>
        ))}

      <View className="wx-section-title">最大储存量</View>
      <View className="wx-cells">{text('maxQuantity', '数量 *', '现场任一时刻可能的最大量', 12, 'digit')}</View>
      <View className="chem-edit__units">
        {CHEMICAL_UNITS.map((u) => (
          <Text
            key={u.value}
            className={`chip chem-edit__unit ${form.unit === u.value ? 'chip--active' : ''}`}
            onClick={() => setForm({ unit: u.value })}
          >
            {u.label}
          </Text>
        ))}
      </View>
      {err('maxQuantity')}

      <View className="wx-section-title">存放</View>
      <View className="wx-cells">
        {text('unitName', '所在单元 *', '生产或储存单元，如：罐区、仓库；不分可填“全厂”', 60)}
        {text('storagePlace', '存放位置', '如：储罐 T-101、危化品仓库 2 号间', 80)}
        <View className="wx-cell">
          <View className="wx-cell__bd">重点监管危险化学品</View>
          <Switch
            className="chem-edit__switch"
            checked={form.keySupervised}
            color="#07C160"
            onChange={(e) => setForm({ keySupervised: e.detail.value })}
          />
        </View>
      </View>
      {err('unitName')}
      <View className="wx-tips">
        同一单元内各物质按 GB 18218-2018 合并计算：S = Σ q/Q ≥ 1 构成重大危险源。保存后辨识结果自动重算。
      </View>

      <View className="action-bar-space" />
      <View className="action-bar">
        {id ? (
          <View
            className="wx-btn wx-btn--plain wx-btn--warn chem-edit__delete"
            onClick={() =>
              void remove({
                title: '删除危化品',
                content: `确定删除「${original?.name ?? form.name}」？重大危险源辨识结果将重新计算。`,
              })
            }
          >
            删除
          </View>
        ) : null}
        <View
          className={`wx-btn wx-btn--primary chem-edit__save ${busy ? 'wx-btn--disabled' : ''}`}
          onClick={() => void save(checkChemical)}
        >
          {busy ? '正在保存…' : '保存'}
        </View>
      </View>
    </Screen>
  );
}
