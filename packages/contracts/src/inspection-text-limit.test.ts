import { INSPECTION_TEXT_MAX, validateInspectionSubmission, type InspectionSection } from '@yuanan/domain';
import { submitAnswer } from './inspections.ts';

/** One limit for a text answer and a note: what the request schema lets through, the submission rules accept. */

const sections: InspectionSection[] = [
  { title: '其他', items: [{ key: 'remark', text: '其他情况', kind: 'text', photoRequired: false }] },
];
const schemaAccepts = (value: string, note?: string) =>
  submitAnswer.safeParse({ itemKey: 'remark', value, ...(note === undefined ? {} : { note }) }).success;
const rulesAccept = (value: string, note?: string) =>
  validateInspectionSubmission(sections, [{ itemKey: 'remark', value, note }]).ok;

test('the limit is 1,000 characters, exported from the domain package', () => {
  expect(INSPECTION_TEXT_MAX).toBe(1000);
});

test('a text answer: the schema and the submission rules agree at the limit and one past it', () => {
  const atLimit = '查'.repeat(INSPECTION_TEXT_MAX);
  const over = '查'.repeat(INSPECTION_TEXT_MAX + 1);
  expect([schemaAccepts(atLimit), rulesAccept(atLimit)]).toEqual([true, true]);
  expect([schemaAccepts(over), rulesAccept(over)]).toEqual([false, false]);
});

test('a note: the same limit on both sides', () => {
  const atLimit = 'n'.repeat(INSPECTION_TEXT_MAX);
  const over = 'n'.repeat(INSPECTION_TEXT_MAX + 1);
  expect([schemaAccepts('好', atLimit), rulesAccept('好', atLimit)]).toEqual([true, true]);
  expect([schemaAccepts('好', over), rulesAccept('好', over)]).toEqual([false, false]);
});
