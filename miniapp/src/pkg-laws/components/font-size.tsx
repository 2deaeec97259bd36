import { Text, View } from '@tarojs/components';
import { observable, useObservable } from '../../services/observable';
import { store } from '../../services/storage';
import { FONT_STEPS, FONT_STORAGE_KEY, fontPercent, nextFontStep, parseFontStep } from '../services/laws-ui';
import './font-size.scss';

/** The reading size step (FONT_STEPS index), shared by the reader and the article page and kept on the phone. */
const fontStep = observable<number>(parseFontStep(store.get(FONT_STORAGE_KEY)));

/** The current reading size step; changes on every page showing law text at once. */
export function useFontStep(): number {
  return useObservable(fontStep);
}

function change(delta: -1 | 1): void {
  const next = nextFontStep(fontStep.get(), delta);
  fontStep.set(next);
  store.set(FONT_STORAGE_KEY, String(next));
}

/** The class giving law text its size (`law-text--f0` … `law-text--f5`, font-size.scss). */
export function fontClass(step: number): string {
  return `law-text law-text--f${step}`;
}

/** A− / 100% / A+: makes law text smaller or larger (kept for next time). */
export function FontSizeControl() {
  const step = useFontStep();
  const min = step === 0;
  const max = step === FONT_STEPS.length - 1;
  return (
    <View className="font-size" data-testid="law-font" data-step={step}>
      <View
        className={`font-size__btn font-size__btn--dec ${min ? 'font-size__btn--off' : ''}`}
        data-testid="law-font-dec"
        aria-label="缩小字号"
        onClick={() => change(-1)}
      >
        A−
      </View>
      <Text className="font-size__value">{fontPercent(step)}</Text>
      <View
        className={`font-size__btn font-size__btn--inc ${max ? 'font-size__btn--off' : ''}`}
        data-testid="law-font-inc"
        aria-label="放大字号"
        onClick={() => change(1)}
      >
        A+
      </View>
    </View>
  );
}
