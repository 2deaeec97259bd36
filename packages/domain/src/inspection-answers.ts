/**
 * Answers of an inspection (检查记录) against its checklist template: the outcome of each answer and the validation of
 * a whole submission. Pure; the api runs it inside the submit transaction and the mini-program runs it before
 * sending, so both refuse the same things with the same words.
 *
 * Outcome rule (docs: inspections design, "Template sections"): yes_no true → pass, false → fail, null → na;
 * number inside [min, max] → pass, outside → fail, null → na; choice → the chosen option's `fails`, null → na;
 * text and photo → pass, or na when empty (a text item never fails). Questions are phrased so that "yes" is
 * compliant (是否… → 是 = 合格).
 *
 * Submission rule: every yes_no / number / choice item is answered (null is an explicit 不适用); text and photo items
 * may be left out (na); no unknown or repeated item keys; a value of the item's type; a photo on every item with
 * `photoRequired` whatever its outcome (a `photo` item: the photo is the answer).
 */

export const INSPECTION_ITEM_KINDS = ['yes_no', 'number', 'choice', 'text', 'photo'] as const;
export type InspectionItemKind = (typeof INSPECTION_ITEM_KINDS)[number];

/** One question of a checklist template (the name `ChecklistItem` is the 部令第10号 clause in this package). */
export interface InspectionItem {
  key: string;
  text: string;
  kind: InspectionItemKind;
  unit?: string | undefined;
  min?: number | undefined;
  max?: number | undefined;
  options?: { value: string; label: string; fails: boolean }[] | undefined;
  photoRequired: boolean;
  legalBasis?: string | undefined;
  /** Law articles cited by reference (version + article key), carried to the hazard a fail raises. */
  citations?: { versionId: string; articleKey: string }[] | undefined;
  categoryCode?: string | undefined;
  majorClause?: string | undefined;
}

export interface InspectionSection {
  title: string;
  items: InspectionItem[];
}

export type InspectionAnswerValue = boolean | number | string | null;

export interface InspectionPhoto {
  fileId: string;
  takenAt?: string | Date | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
}

export interface InspectionAnswer {
  itemKey: string;
  value: InspectionAnswerValue;
  photos?: InspectionPhoto[] | undefined;
  note?: string | null | undefined;
}

export type InspectionOutcome = 'pass' | 'fail' | 'na';

export interface InspectionSummary {
  items: number;
  passed: number;
  failed: number;
  na: number;
}

/**
 * Longest free text kept for a text answer or a note (the hazard description is built from them). The one limit:
 * the submit request schema (contracts `submitAnswer`) uses this constant too.
 */
export const INSPECTION_TEXT_MAX = 1000;

const isEmpty = (v: InspectionAnswerValue | undefined) =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/**
 * Outcome of one answer. A value of the wrong type is `na` here — `validateInspectionSubmission` refuses it before
 * an outcome is ever stored.
 */
export function inspectionItemOutcome(
  item: InspectionItem,
  answer: Pick<InspectionAnswer, 'value' | 'photos'> | undefined,
): InspectionOutcome {
  const value = answer?.value ?? null;
  switch (item.kind) {
    case 'yes_no':
      return value === true ? 'pass' : value === false ? 'fail' : 'na';
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'na';
      if (item.min !== undefined && value < item.min) return 'fail';
      if (item.max !== undefined && value > item.max) return 'fail';
      return 'pass';
    }
    case 'choice': {
      if (typeof value !== 'string') return 'na';
      const option = item.options?.find((o) => o.value === value);
      if (!option) return 'na';
      return option.fails ? 'fail' : 'pass';
    }
    case 'text':
      return isEmpty(value) ? 'na' : 'pass';
    case 'photo':
      return (answer?.photos?.length ?? 0) > 0 ? 'pass' : 'na';
  }
}

export type InspectionProblemCode =
  | 'unknown_item'
  | 'duplicate_item'
  | 'missing_answer'
  | 'wrong_type'
  | 'not_finite'
  | 'unknown_option'
  | 'too_long'
  | 'photo_required';

/** A field error in the shape of the api's problem+json `errors` (path into the submitted body). */
export interface InspectionSubmissionProblem {
  path: string;
  code: InspectionProblemCode;
  itemKey: string;
  message: string;
}

export interface EvaluatedInspectionAnswer {
  item: InspectionItem;
  section: string;
  /** The submitted answer, or a synthesized empty one for an optional item left out. */
  answer: InspectionAnswer;
  outcome: InspectionOutcome;
}

export type InspectionEvaluation =
  | { ok: true; answers: EvaluatedInspectionAnswer[]; failed: EvaluatedInspectionAnswer[]; summary: InspectionSummary }
  | { ok: false; problems: InspectionSubmissionProblem[] };

const short = (text: string) => (text.length > 30 ? `${text.slice(0, 30)}…` : text);

/** Every item of a template, in order, with its section title. */
export function inspectionItems(sections: InspectionSection[]): { item: InspectionItem; section: string }[] {
  return sections.flatMap((s) => s.items.map((item) => ({ item, section: s.title })));
}

export function summarizeOutcomes(outcomes: InspectionOutcome[]): InspectionSummary {
  return {
    items: outcomes.length,
    passed: outcomes.filter((o) => o === 'pass').length,
    failed: outcomes.filter((o) => o === 'fail').length,
    na: outcomes.filter((o) => o === 'na').length,
  };
}

/**
 * Validates a whole submission against the template's sections and, when it holds, gives each item's outcome (in
 * template order), the failed ones (each becomes a hazard) and the summary.
 */
export function validateInspectionSubmission(sections: InspectionSection[], answers: InspectionAnswer[]): InspectionEvaluation {
  const all = inspectionItems(sections);
  const byKey = new Map(all.map((e) => [e.item.key, e]));
  const problems: InspectionSubmissionProblem[] = [];
  const given = new Map<string, { answer: InspectionAnswer; index: number }>();

  answers.forEach((answer, index) => {
    const at = `answers.${index}`;
    const entry = byKey.get(answer.itemKey);
    if (!entry) {
      problems.push({
        path: `${at}.itemKey`,
        code: 'unknown_item',
        itemKey: answer.itemKey,
        message: `检查表中没有该检查项（${answer.itemKey}），请刷新检查表后重新填写`,
      });
      return;
    }
    if (given.has(answer.itemKey)) {
      problems.push({
        path: `${at}.itemKey`,
        code: 'duplicate_item',
        itemKey: answer.itemKey,
        message: `检查项「${short(entry.item.text)}」重复填写`,
      });
      return;
    }
    given.set(answer.itemKey, { answer, index });
    const { item } = entry;
    const value = answer.value;
    const typeProblem = (expected: string) =>
      problems.push({
        path: `${at}.value`,
        code: 'wrong_type',
        itemKey: item.key,
        message: `检查项「${short(item.text)}」应填写${expected}`,
      });
    switch (item.kind) {
      case 'yes_no':
        if (value !== null && typeof value !== 'boolean') typeProblem('“是/否/不适用”');
        break;
      case 'number':
        if (value !== null && typeof value !== 'number') typeProblem('数值');
        else if (typeof value === 'number' && !Number.isFinite(value))
          problems.push({
            path: `${at}.value`,
            code: 'not_finite',
            itemKey: item.key,
            message: `检查项「${short(item.text)}」的数值无效`,
          });
        break;
      case 'choice':
        if (value !== null && typeof value !== 'string') typeProblem('选项');
        else if (typeof value === 'string' && !item.options?.some((o) => o.value === value))
          problems.push({
            path: `${at}.value`,
            code: 'unknown_option',
            itemKey: item.key,
            message: `检查项「${short(item.text)}」没有该选项（${value}）`,
          });
        break;
      case 'text':
        if (value !== null && typeof value !== 'string') typeProblem('文字');
        else if (typeof value === 'string' && value.length > INSPECTION_TEXT_MAX)
          problems.push({
            path: `${at}.value`,
            code: 'too_long',
            itemKey: item.key,
            message: `检查项「${short(item.text)}」的文字不能超过 ${INSPECTION_TEXT_MAX} 字`,
          });
        break;
      case 'photo':
        // the photos are the answer; a value is tolerated only when empty
        if (!isEmpty(value)) typeProblem('照片（不填文字）');
        break;
    }
    if (typeof answer.note === 'string' && answer.note.length > INSPECTION_TEXT_MAX)
      problems.push({
        path: `${at}.note`,
        code: 'too_long',
        itemKey: item.key,
        message: `检查项「${short(item.text)}」的说明不能超过 ${INSPECTION_TEXT_MAX} 字`,
      });
    if (item.photoRequired && (answer.photos?.length ?? 0) === 0)
      problems.push({
        path: `${at}.photos`,
        code: 'photo_required',
        itemKey: item.key,
        message: `检查项「${short(item.text)}」需要拍照`,
      });
  });

  for (const { item } of all) {
    if (given.has(item.key)) continue;
    if (item.photoRequired)
      problems.push({
        path: 'answers',
        code: 'photo_required',
        itemKey: item.key,
        message: `检查项「${short(item.text)}」需要拍照`,
      });
    else if (item.kind === 'yes_no' || item.kind === 'number' || item.kind === 'choice')
      problems.push({
        path: 'answers',
        code: 'missing_answer',
        itemKey: item.key,
        message: `检查项「${short(item.text)}」未填写（不适用请选“不适用”）`,
      });
  }
  if (problems.length > 0) return { ok: false, problems };

  const evaluated = all.map(({ item, section }): EvaluatedInspectionAnswer => {
    const answer = given.get(item.key)?.answer ?? { itemKey: item.key, value: null, photos: [] };
    return { item, section, answer, outcome: inspectionItemOutcome(item, answer) };
  });
  return {
    ok: true,
    answers: evaluated,
    failed: evaluated.filter((e) => e.outcome === 'fail'),
    summary: summarizeOutcomes(evaluated.map((e) => e.outcome)),
  };
}

/** 合格 / 不合格 / 不适用 for records and lists. */
export const INSPECTION_OUTCOME_LABELS: Record<InspectionOutcome, string> = {
  pass: '合格',
  fail: '不合格',
  na: '不适用',
};
