import { useState } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { PhotoPicker } from '../../pkg-hazard/components/photos';
import type { LocalPhoto } from '../../services/photos';
import {
  outcomeOf,
  parseNumber,
  rangeHint,
  type ChecklistItem,
  type DraftAnswer,
  type DraftPhoto,
} from '../services/inspection-ui';
import './checklist-item.scss';

const EMPTY: DraftAnswer = { photos: [], note: '' };

/**
 * One question of the checklist: 是 / 否 / 不适用, a number with its unit and range, a choice, text or a photo; photos
 * (required or optional) with when and where they were taken; a failed item is highlighted with 将生成隐患 (重大隐患
 * when the item cites a major-hazard clause) and a note for the hazard's description.
 */
export function ChecklistItemCard({
  item,
  index,
  answer,
  problem,
  onChange,
  stamp,
}: {
  item: ChecklistItem;
  index: number;
  answer: DraftAnswer | undefined;
  problem?: string;
  onChange: (patch: Partial<DraftAnswer>) => void;
  /** When and where a photo is taken (the time now, the last known position). */
  stamp: (p: LocalPhoto) => DraftPhoto;
}) {
  const a = answer ?? EMPTY;
  const outcome = outcomeOf(item, a);
  const failed = outcome === 'fail';
  const hint = item.kind === 'number' ? rangeHint(item) : null;
  const [wantPhotos, setWantPhotos] = useState(false);
  const showPhotos = wantPhotos || item.kind === 'photo' || item.photoRequired || failed || a.photos.length > 0;
  const setValue = (value: DraftAnswer['value']) => onChange({ value });
  const chip = (on: boolean, label: string, click: () => void, tone = '') => (
    <Text className={`chip ci__chip ${on ? `chip--active ${tone}` : ''}`} onClick={click}>
      {label}
    </Text>
  );
  return (
    <View
      className={`ci ${failed ? 'ci--fail' : ''} ${problem ? 'ci--problem' : ''}`}
      data-testid="checklist-item"
      data-key={item.key}
      data-outcome={outcome ?? ''}
      id={`ci-${item.key}`}
    >
      <View className="ci__q">
        <Text className="ci__no">{index}.</Text>
        <Text className="ci__text">{item.text}</Text>
        {item.photoRequired || item.kind === 'photo' ? <Text className="ci__req">须拍照</Text> : null}
      </View>
      {item.legalBasis ? <View className="ci__basis">依据：{item.legalBasis}</View> : null}

      {item.kind === 'yes_no' ? (
        <View className="chips ci__answers">
          {chip(a.value === true, '是', () => setValue(true), 'ci__chip--pass')}
          {chip(a.value === false, '否', () => setValue(false), 'ci__chip--fail')}
          {chip(a.value === null, '不适用', () => setValue(null))}
        </View>
      ) : null}

      {item.kind === 'number' ? (
        <View className="ci__number">
          <Input
            className="wx-input ci__input"
            type="digit"
            value={a.text ?? (typeof a.value === 'number' ? String(a.value) : '')}
            placeholder="填写实测值"
            onInput={(e) => {
              const text = e.detail.value;
              onChange({ text, value: text.trim() === '' ? undefined : parseNumber(text) });
            }}
          />
          {item.unit ? <Text className="ci__unit">{item.unit}</Text> : null}
          {chip(a.value === null, '不适用', () => onChange({ value: a.value === null ? undefined : null, text: '' }))}
        </View>
      ) : null}
      {hint ? <View className="ci__hint">{hint}</View> : null}

      {item.kind === 'choice' ? (
        <View className="chips ci__answers">
          {(item.options ?? []).map((o) => (
            <Text
              key={o.value}
              className={`chip ci__chip ${a.value === o.value ? `chip--active ${o.fails ? 'ci__chip--fail' : 'ci__chip--pass'}` : ''}`}
              onClick={() => setValue(o.value)}
            >
              {o.label}
            </Text>
          ))}
          {chip(a.value === null, '不适用', () => setValue(null))}
        </View>
      ) : null}

      {item.kind === 'text' ? (
        <Textarea
          className="wx-textarea ci__textarea"
          value={typeof a.value === 'string' ? a.value : ''}
          maxlength={1000}
          autoHeight
          placeholder="填写检查情况（选填）"
          onInput={(e) => setValue(e.detail.value)}
        />
      ) : null}

      {showPhotos ? (
        <PhotoPicker
          className="ci__photos"
          photos={a.photos}
          max={6}
          hint={item.kind === 'photo' ? '拍照' : '现场照片'}
          onAdd={(added) => onChange({ photos: [...a.photos, ...added.map(stamp)] })}
          onRemove={(p) => onChange({ photos: a.photos.filter((x) => x.path !== p.path) })}
        />
      ) : (
        <Text className="wx-link ci__add-photo" onClick={() => setWantPhotos(true)}>
          + 添加照片（选填）
        </Text>
      )}

      {failed ? (
        <View className="ci__fail">
          <View className="ci__fail-head">
            <Text className="ci__fail-mark">将生成隐患</Text>
            {item.majorClause ? <Text className="tag tag--red ci__major">重大隐患</Text> : null}
          </View>
          <Textarea
            className="wx-textarea ci__note"
            value={a.note}
            maxlength={1000}
            autoHeight
            placeholder="补充说明（位置、现状），写入隐患描述"
            onInput={(e) => onChange({ note: e.detail.value })}
          />
        </View>
      ) : null}
      {problem ? <View className="wx-field-error ci__problem">{problem}</View> : null}
    </View>
  );
}
