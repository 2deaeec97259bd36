import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { localize, notFoundText, speaks, translate } from './problem-text.ts';

const API_SRC = new URL('../../', import.meta.url).pathname;
const AUTH = new URL('../auth/passwords.ts', import.meta.url).pathname;
const RISK_RULES = new URL('../../../../packages/domain/src/risk-assessment.ts', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'migrations' || n === 'cli' || n === 'testing' ? [] : sources(p);
    return n.endsWith('.ts') && !n.endsWith('.test.ts') ? [p] : [];
  });
}

/** A literal as the sentence it becomes, with every `${…}` replaced by a sample value. */
function literal(q: string, body: string): string {
  return q === '`' ? body.replace(/\$\{[^}]*\}/g, '1') : body;
}

/** Every sentence a throw site gives as a literal: details, field messages, password and factor rules. */
function thrownSentences(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  const patterns = [
    /new AppError\(\s*\d+,\s*'\w+',\s*(['`])((?:(?!\1).)*)\1/gs,
    /\b(?:forbidden|conflict|badRequest)\(\s*(['`])((?:(?!\1).)*)\1/gs,
    /\bnotFound\(\s*(['`])((?:(?!\1).)*)\1/gs,
    /\bfieldError\(\s*'[^']*',\s*(['`])((?:(?!\1).)*)\1/gs,
    /errors:\s*\[\{[^\]]*?message:\s*(['`])((?:(?!\1).)*)\1/gs,
    /duplicateMessage:\s*(['`])((?:(?!\1).)*)\1/gs,
  ];
  for (const file of sources(API_SRC)) {
    const src = readFileSync(file, 'utf8');
    for (const re of patterns)
      for (const m of src.matchAll(re)) out.push({ where: file.slice(API_SRC.length), text: literal(m[1]!, m[2]!) });
  }
  for (const file of [AUTH, RISK_RULES]) {
    for (const m of readFileSync(file, 'utf8').matchAll(/out\.push\((['`])((?:(?!\1).)*)\1\)/g))
      out.push({ where: file, text: literal(m[1]!, m[2]!) });
  }
  return out;
}

test('every sentence a throw site writes as a literal has both languages', () => {
  const found = thrownSentences();
  expect(found.length).toBeGreaterThan(60);
  const missing = found.filter((f) => {
    if (f.where.endsWith('problem.ts') || f.where.endsWith('problem-text.ts')) return false;
    // notFound('x') names a thing: the noun table turns it into a sentence.
    const tr = translate(f.text) ?? translate(`${f.text} not found`);
    return !tr || !speaks(tr.zh, 'zh-CN') || !speaks(tr.en, 'en');
  });
  expect(missing).toEqual([]);
});

test('a plain-string detail is shown in the caller language, or left out', () => {
  expect(localize('已有待审批的延期申请', 'en')).toBe('An extension request is already waiting for approval');
  expect(localize('already used', 'zh-CN')).toBe('该邀请码已被使用');
  expect(localize('try again in 15 min', 'zh-CN')).toBe('请 15 分钟后再试');
  expect(localize('至少 10 位；过于常见', 'en')).toBe('at least 10 characters; too common');
  expect(localize('grid_worker cannot invite zone_admin', 'zh-CN')).toBe('网格员不能邀请园区管理员');
  expect(localize('“复核通过” is not possible from rectifying', 'en')).toBe(
    'You cannot pass the review while the hazard’s status is “Rectifying”',
  );
  expect(localize('“复核通过” is not possible from rectifying', 'zh-CN')).toBe('当前状态（整改中）下不能“复核通过”');
  // Unknown sentences: kept when readable, dropped when not.
  expect(localize('some brand-new English sentence', 'en')).toBe('some brand-new English sentence');
  expect(localize('some brand-new English sentence', 'zh-CN')).toBeNull();
  expect(localize('一句新的中文', 'en')).toBeNull();
  expect(localize({ zh: '中', en: 'en' }, 'en')).toBe('en');
  expect(notFoundText('hazard')).toEqual({ zh: '未找到该隐患', en: 'Hazard not found' });
  expect(notFoundText('应急物资')).toEqual({ zh: '未找到该应急物资', en: 'Emergency supply not found' });
  expect(notFoundText('webhook').zh).toBe('未找到该 Webhook 订阅');
});
