import JSZip from 'jszip';
import { addDays } from '@yuanan/domain';
import type { ChecklistSection } from '@yuanan/contracts';
import { tenantEm } from '../../core/db/orm.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { LawCitation } from '../laws/law.entity.ts';
import { InspectionTemplate } from '../inspections/inspection.entity.ts';
import { mkEnterprise, mkTask, north, today, uploadPhoto, uploadSignature } from '../inspections/perform-fixtures.ts';
import { Hazard } from './hazard.entity.ts';
import { basisCell } from './hazard-documents.ts';

/**
 * Citations of law articles on hazards and checklist items (issue 13): a hazard cites a version + article, its
 * detail resolves them (text, state), the rectification notice quotes the article in full; a ref that does not exist
 * or is another zone's is refused (422 law_citation_not_found) with nothing saved; a later version that changes the
 * article flags the citation (amended, citationFlag); a checklist item's citations are checked on save, indexed on
 * publish, and carried to the hazard a failed item raises.
 */
let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;
let safety: { token: string; id: string };
let grid: { token: string; id: string };
let ent: string;
/** Zone A's own rule: document and its first version. */
let doc: { documentId: string; versionId: string };
/** Zone B's own rule (invisible to zone A). */
let foreign: { documentId: string; versionId: string };

const ART2_V1 = '动火作业前，作业单位应当办理动火作业许可证，明确动火地点、时间、监护人和安全措施。';
const ART2_V2 = '动火作业前，作业单位应当通过园区系统办理动火作业许可证，明确动火地点、时间、监护人、作业人员和安全措施。';
const ART3 = '动火作业现场应当配备灭火器材，作业结束后清理现场，确认无遗留火种。';

const ruleText = (art2: string) =>
  [
    '# 园区动火作业管理规定',
    '',
    '第一条 为了规范园区动火作业，制定本规定。',
    '',
    `第二条 ${art2}`,
    '',
    `第三条 ${ART3}`,
    '',
  ].join('\n');

async function mkRule(token: string, title: string, art2: string) {
  const r = await env.req('POST', '/api/v1/laws/documents', {
    token,
    body: {
      title,
      docType: 'zone_rule',
      issuingBody: '园区管委会',
      version: { label: '2024年版', effectiveOn: '2024-01-01', format: 'markdown', text: ruleText(art2) },
    },
  });
  expect(r.status).toBe(201);
  return r.body as { documentId: string; versionId: string };
}

const register = (body: Record<string, unknown>, token = safety.token) =>
  env.req('POST', '/api/v1/hazards', {
    token,
    body: {
      enterpriseId: ent,
      source: 'safety_inspection',
      categoryCode: 'fire',
      description: '二号车间动火作业未办理许可证',
      place: '二号车间',
      grade: 'general',
      deadline: addDays(today(), 5),
      ...body,
    },
  });
const hazardCount = () => tenantEm(env.api.c.orm, zone.tenant.id).count(Hazard, {});
const citationRows = (sourceType: 'hazard' | 'checklist_item', sourceId: string) =>
  tenantEm(env.api.c.orm, zone.tenant.id).find(LawCitation, { sourceType, sourceId });

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'lawcite');
  other = await zoneWithAdmin(env, 'lawciteb');
  safety = await userWithRole(env, zone, 'safety_officer');
  grid = await userWithRole(env, zone, 'grid_worker');
  ent = await mkEnterprise(env, zone.tenant.id, '引用测试企业');
  doc = await mkRule(zone.token, '园区动火作业管理规定', ART2_V1);
  foreign = await mkRule(other.token, '别的园区动火规定', ART2_V1);
});
afterAll(() => env.close());

let cited: { id: string; code: string; version: number };

/** The notice's word/document.xml as text. */
async function noticeXml(hazardId: string): Promise<string> {
  const res = await fetch(`${env.url}/api/v1/hazards/${hazardId}/notice`, {
    headers: { authorization: `Bearer ${safety.token}` },
  });
  expect(res.status).toBe(200);
  return (await JSZip.loadAsync(await res.arrayBuffer())).file('word/document.xml')!.async('string');
}
/** The notice table's cells as plain text, row by row (row 0 = the header). */
const tableCells = (xml: string) =>
  [...xml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((tr) =>
    [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) =>
      [...tc[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
    ),
  );

test('a hazard cites an article: the detail resolves it, the list is not flagged, the notice quotes the article', async () => {
  const r = await register({ citations: [{ versionId: doc.versionId, articleKey: '2' }], legalBasis: '园区动火规定' });
  expect(r.status).toBe(201);
  expect(r.body.citationFlag).toBe(false);
  cited = r.body;

  const d = await env.req('GET', `/api/v1/hazards/${cited.id}`, { token: safety.token });
  expect(d.status).toBe(200);
  expect(d.body.citations).toEqual([
    expect.objectContaining({
      versionId: doc.versionId,
      articleKey: '2',
      documentId: doc.documentId,
      documentTitle: '园区动火作业管理规定',
      articleLabel: '第二条',
      text: ART2_V1,
      exists: true,
      state: 'in_force',
    }),
  ]);
  // The reverse index names the hazard (被引用).
  expect((await citationRows('hazard', cited.id)).map((c) => [c.versionId, c.articleKey])).toEqual([[doc.versionId, '2']]);

  const res = await fetch(`${env.url}/api/v1/hazards/${cited.id}/notice`, {
    headers: { authorization: `Bearer ${safety.token}` },
  });
  expect(res.status).toBe(200);
  const xml = await (await JSZip.loadAsync(await res.arrayBuffer())).file('word/document.xml')!.async('string');
  expect(xml).toContain('依据条文');
  expect(xml).toContain('《园区动火作业管理规定》第二条');
  expect(xml).toContain(ART2_V1);
  // Only the cited article is quoted.
  expect(xml).not.toContain(ART3);
});

test('the 依据 cell names a cited article once: free text naming the same article is left out, other text kept', () => {
  const c = {
    versionId: 'v1',
    articleKey: '21',
    documentId: 'd1',
    documentTitle: '中华人民共和国安全生产法',
    docType: 'law' as const,
    versionLabel: '2021年修正',
    articleLabel: '第二十一条',
    text: '生产经营单位的主要负责人……',
    exists: true,
    state: 'in_force' as const,
    currentVersionId: null,
    currentArticleKey: null,
  };
  // The tester's case: the short title and the full title are one document.
  expect(basisCell('《安全生产法》第二十一条', [c])).toBe('《中华人民共和国安全生产法》第二十一条');
  expect(basisCell('依据：《中华人民共和国安全生产法》第二十一条第一款', [c])).toBe('《中华人民共和国安全生产法》第二十一条');
  // Free text naming another article, or nothing the parser reads, stays beside the citation.
  expect(basisCell('《安全生产法》第二十一条、第四十一条', [c])).toBe(
    '《安全生产法》第二十一条、第四十一条；《中华人民共和国安全生产法》第二十一条',
  );
  expect(basisCell('《消防法》第二十一条', [c])).toBe('《消防法》第二十一条；《中华人民共和国安全生产法》第二十一条');
  expect(basisCell('GB 30871-2022 第5.2节', [c])).toBe('GB 30871-2022 第5.2节；《中华人民共和国安全生产法》第二十一条');
  // No citations: the free text as typed; nothing at all: a dash. A missing citation names nothing.
  expect(basisCell('《安全生产法》第二十一条', [])).toBe('《安全生产法》第二十一条');
  expect(basisCell(null, [])).toBe('—');
  expect(basisCell('《安全生产法》第二十一条', [{ ...c, exists: false }])).toBe('《安全生产法》第二十一条');
});

test('the notice: the 依据 cell does not repeat a cited article, the opening names the first cited article', async () => {
  const same = await register({
    citations: [{ versionId: doc.versionId, articleKey: '2' }],
    legalBasis: '《园区动火作业管理规定》第二条',
  });
  expect(same.status).toBe(201);
  const xml = await noticeXml(same.body.id);
  expect(tableCells(xml)[1]![3]).toBe('《园区动火作业管理规定》第二条');
  expect(xml).toContain('根据《园区动火作业管理规定》第二条等规定');
  expect(xml).not.toContain('第四十一条');

  const other = await register({
    citations: [{ versionId: doc.versionId, articleKey: '3' }],
    legalBasis: '《园区动火作业管理规定》第二条',
  });
  expect(tableCells(await noticeXml(other.body.id))[1]![3]).toBe(
    '《园区动火作业管理规定》第二条；《园区动火作业管理规定》第三条',
  );

  // Nothing cited: the free text as typed, and the default basis of the opening sentence.
  const plain = await register({ legalBasis: '《安全生产法》第四十一条' });
  const plainXml = await noticeXml(plain.body.id);
  expect(tableCells(plainXml)[1]![3]).toBe('《安全生产法》第四十一条');
  expect(plainXml).toContain('根据《中华人民共和国安全生产法》第四十一条等规定');
});

test('a ref that does not exist, or a document of another zone, is 422 law_citation_not_found and nothing is saved', async () => {
  const before = await hazardCount();
  const missing = await register({ citations: [{ versionId: doc.versionId, articleKey: '99' }] });
  expect(missing.status).toBe(422);
  expect(missing.body.code).toBe('law_citation_not_found');
  expect(missing.body.errors?.[0]?.path).toBe('citations.0');

  const foreignRef = await register({
    citations: [
      { versionId: doc.versionId, articleKey: '3' },
      { versionId: foreign.versionId, articleKey: '2' },
    ],
  });
  expect(foreignRef.status).toBe(422);
  expect(foreignRef.body.code).toBe('law_citation_not_found');
  expect(JSON.stringify(foreignRef.body)).not.toContain('别的园区');

  // Hostile shapes are 400 before anything is looked up.
  for (const citations of [
    [{ versionId: doc.versionId, articleKey: "2' OR 1=1" }],
    [{ versionId: 'not-a-uuid', articleKey: '2' }],
    Array.from({ length: 11 }, (_, i) => ({ versionId: doc.versionId, articleKey: String(i + 1) })),
    [
      { versionId: doc.versionId, articleKey: '2' },
      { versionId: doc.versionId, articleKey: '2' },
    ],
  ]) {
    const bad = await register({ citations });
    expect(bad.status).toBe(400);
  }
  expect(await hazardCount()).toBe(before);

  // Zone B cannot cite zone A's rule either (the other side of the boundary).
  const otherEnt = await mkEnterprise(env, other.tenant.id, '别的园区企业');
  const fromB = await env.req('POST', '/api/v1/hazards', {
    token: other.token,
    body: {
      enterpriseId: otherEnt,
      source: 'safety_inspection',
      categoryCode: 'fire',
      description: '别的园区的隐患描述',
      grade: 'general',
      citations: [{ versionId: doc.versionId, articleKey: '2' }],
    },
  });
  expect(fromB.status).toBe(422);
  expect(fromB.body.code).toBe('law_citation_not_found');
});

test('confirm and PUT /citations set and check citations; a stale version is 409', async () => {
  const reported = await env.req('POST', '/api/v1/hazards', {
    token: grid.token,
    body: { enterpriseId: ent, source: 'grid_patrol', categoryCode: 'fire', description: '动火现场未配备灭火器' },
  });
  expect(reported.status).toBe(201);
  const wrong = await env.req('POST', `/api/v1/hazards/${reported.body.id}/transitions`, {
    token: safety.token,
    body: {
      action: 'confirm',
      version: reported.body.version,
      grade: 'general',
      responsibleName: '张三',
      citations: [{ versionId: foreign.versionId, articleKey: '3' }],
    },
  });
  expect(wrong.status).toBe(422);
  expect((await env.req('GET', `/api/v1/hazards/${reported.body.id}`, { token: safety.token })).body.status).toBe('reported');
  const ok = await env.req('POST', `/api/v1/hazards/${reported.body.id}/transitions`, {
    token: safety.token,
    body: {
      action: 'confirm',
      version: reported.body.version,
      grade: 'general',
      responsibleName: '张三',
      citations: [{ versionId: doc.versionId, articleKey: '3' }],
    },
  });
  expect(ok.status).toBe(200);
  const d = await env.req('GET', `/api/v1/hazards/${reported.body.id}`, { token: safety.token });
  expect(d.body.citations.map((c: { articleKey: string; text: string }) => [c.articleKey, c.text])).toEqual([['3', ART3]]);

  const put = (body: Record<string, unknown>, token = safety.token) =>
    env.req('PUT', `/api/v1/hazards/${reported.body.id}/citations`, { token, body });
  expect((await put({ citations: [], version: ok.body.version - 1 })).status).toBe(409);
  const enterpriseUser = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: ent });
  expect((await put({ citations: [], version: ok.body.version }, enterpriseUser.token)).status).toBe(403);
  const cleared = await put({ citations: [{ versionId: doc.versionId, articleKey: '1' }], version: ok.body.version });
  expect(cleared.status).toBe(200);
  expect((await citationRows('hazard', reported.body.id)).map((c) => c.articleKey)).toEqual(['1']);
});

test('a new version that changes the cited article flags the citation as amended', async () => {
  const v2 = await env.req('POST', `/api/v1/laws/documents/${doc.documentId}/versions`, {
    token: zone.token,
    body: { label: '2025年修订', effectiveOn: '2025-01-01', format: 'markdown', text: ruleText(ART2_V2) },
  });
  expect(v2.status).toBe(201);
  const d = await env.req('GET', `/api/v1/hazards/${cited.id}`, { token: safety.token });
  expect(d.body.citations[0]).toMatchObject({
    versionId: doc.versionId,
    articleKey: '2',
    state: 'amended',
    currentVersionId: v2.body.versionId,
    currentArticleKey: '2',
  });
  expect(d.body.citationFlag).toBe(true);
  const list = await env.req('GET', `/api/v1/hazards?q=${encodeURIComponent(cited.code)}`, { token: safety.token });
  expect(list.body.items.find((h: { id: string }) => h.id === cited.id)?.citationFlag).toBe(true);

  // Article 3 is the same in both versions: a soft flag only (amended_unchanged), the hazard citing it is not flagged.
  const same = await register({ citations: [{ versionId: doc.versionId, articleKey: '3' }] });
  expect(same.status).toBe(201);
  expect(same.body.citationFlag).toBe(false);
  const sd = await env.req('GET', `/api/v1/hazards/${same.body.id}`, { token: safety.token });
  expect(sd.body.citations[0].state).toBe('amended_unchanged');

  // The notice says the quoted text was amended since.
  const res = await fetch(`${env.url}/api/v1/hazards/${cited.id}/notice`, {
    headers: { authorization: `Bearer ${safety.token}` },
  });
  const xml = await (await JSZip.loadAsync(await res.arrayBuffer())).file('word/document.xml')!.async('string');
  expect(xml).toContain('已被修订');
});

test('checklist item citations: checked on save, indexed on publish, carried to the hazard a failed item raises', async () => {
  const sections = (articleKey: string, versionId = doc.versionId): ChecklistSection[] => [
    {
      title: '动火作业',
      items: [
        {
          key: 'hot_permit',
          text: '动火作业是否办理许可证？',
          kind: 'yes_no',
          photoRequired: false,
          legalBasis: '《园区动火作业管理规定》第二条',
          citations: [{ versionId, articleKey }],
          categoryCode: 'fire',
        },
      ],
    },
  ];
  const create = (s: ChecklistSection[]) =>
    env.req('POST', '/api/v1/inspection-templates', { token: zone.token, body: { name: '动火作业检查表', sections: s } });
  const bad = await create(sections('42'));
  expect(bad.status).toBe(422);
  expect(bad.body.code).toBe('law_citation_not_found');
  expect(bad.body.errors?.[0]?.path).toBe('sections.0.items.0.citations.0');
  const cross = await create(sections('2', foreign.versionId));
  expect(cross.status).toBe(422);
  const tooMany = await create([
    {
      title: '动火作业',
      items: [
        {
          ...sections('2')[0]!.items[0]!,
          citations: ['1', '2', '3', '1-1', '2-1', '3-1'].map((k) => ({ versionId: doc.versionId, articleKey: k })),
        },
      ],
    },
  ]);
  expect(tooMany.status).toBe(400);
  expect(await tenantEm(env.api.c.orm, zone.tenant.id).count(InspectionTemplate, { name: '动火作业检查表' })).toBe(0);

  const draft = await create(sections('2'));
  expect(draft.status).toBe(201);
  expect(draft.body.sections[0].items[0].citations).toEqual([{ versionId: doc.versionId, articleKey: '2' }]);
  expect(await citationRows('checklist_item', draft.body.id)).toHaveLength(0);
  const published = await env.req('POST', `/api/v1/inspection-templates/${draft.body.id}/publish`, { token: zone.token });
  expect(published.status).toBe(200);
  const rows = await citationRows('checklist_item', draft.body.id);
  expect(rows.map((c) => [c.versionId, c.articleKey])).toEqual([[doc.versionId, '2']]);
  expect(rows[0]!.sourceLabel).toContain('动火作业检查表');

  // A failed item raises a hazard that cites what the item cites.
  const task = await mkTask(env, zone.tenant.id, { enterpriseId: ent, templateId: draft.body.id, assigneeUserId: grid.id });
  const checkIn = await env.req('POST', `/api/v1/inspection-tasks/${task}/check-in`, {
    token: grid.token,
    body: { method: 'gps', ...north(30), at: new Date().toISOString() },
  });
  expect(checkIn.status).toBe(200);
  const photo = await uploadPhoto(env, grid.token);
  const signature = await uploadSignature(env, grid.token);
  const sub = await env.req('POST', `/api/v1/inspection-tasks/${task}/submit`, {
    token: grid.token,
    headers: { 'Idempotency-Key': `cite-${process.pid}-${Date.now()}` },
    body: {
      templateId: draft.body.id,
      answers: [{ itemKey: 'hot_permit', value: false, photos: [{ fileId: photo }] }],
      signature: { fileId: signature, signerName: '王立新' },
      finishedAt: new Date().toISOString(),
    },
  });
  expect(sub.status).toBe(200);
  expect(sub.body.hazardIds).toHaveLength(1);
  const h = await env.req('GET', `/api/v1/hazards/${sub.body.hazardIds[0]}`, { token: safety.token });
  expect(h.body.citations.map((c: { versionId: string; articleKey: string }) => [c.versionId, c.articleKey])).toEqual([
    [doc.versionId, '2'],
  ]);
  expect(h.body.legalBasis).toBe('《园区动火作业管理规定》第二条');

  // Retiring the version takes its citations out of the reverse index.
  const retired = await env.req('POST', `/api/v1/inspection-templates/${draft.body.id}/retire`, { token: zone.token });
  expect(retired.status).toBe(200);
  expect(await citationRows('checklist_item', draft.body.id)).toHaveLength(0);
});
