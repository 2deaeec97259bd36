import type { LocalText } from './messages.ts';

/*
 * The law library's words for the audit trail (法律法规, issue 13), apart from the schemas of laws.ts: audit-labels.ts
 * (in the console's first download) needs these words, not the zod schemas. Each part adds its lines in its section.
 */
const la = (zh: string, en: string) => ({ zh, en });
const lr = (zh: string, en: string) => ({ zh, en, read: true as const });
/** Every audit action of the laws module: route operation ids and the seed import (boot and CLI). */
export const LAW_AUDIT_ACTION_LABELS: Readonly<Record<string, LocalText & { read?: true }>> = {
  // ---- library (A)
  'laws.documents.list': lr('查看法规库', 'List law documents'),
  'laws.documents.get': lr('查看法规', 'Read law document'),
  'laws.documents.create': la('上传法规', 'Upload law document'),
  'laws.documents.update': la('修改法规信息', 'Edit law document'),
  'laws.documents.delete': la('删除法规', 'Delete law document'),
  'laws.versions.create': la('上传法规新版本', 'Upload law version'),
  'laws.versions.get': lr('阅读法规全文', 'Read law version'),
  'laws.versions.delete': la('删除法规版本', 'Delete law version'),
  'laws.versions.diff': lr('比较法规版本', 'Compare law versions'),
  'laws.articles.get': lr('查看法规条文', 'Read law article'),
  'laws.articles.citedBy': lr('查看条文被引用情况', 'Read article citations'),
  'laws.parse': lr('法规文本解析预览', 'Preview law text parse'),
  'laws.citations.resolve': lr('查看引用条文', 'Resolve citations'),
  'laws.citations.resolveText': lr('识别法规依据', 'Recognise legal basis'),
  'laws.citations.flagged': lr('查看引用待复核', 'List flagged citations'),
  'laws.import': la('导入法规库', 'Import law library'),
  // ---- search (B)
  'laws.search': lr('搜索法规', 'Search laws'),
  'laws.suggest': lr('法规搜索提示', 'Law search suggestions'),
  'laws.synonyms.list': lr('查看同义词', 'List synonyms'),
  'laws.synonyms.create': la('新增同义词', 'Add synonym group'),
  'laws.synonyms.update': la('修改同义词', 'Edit synonym group'),
  'laws.synonyms.delete': la('删除同义词', 'Delete synonym group'),
};
/** Every entity of the laws module written to the audit trail. */
export const LAW_AUDIT_ENTITY_LABELS: Readonly<Record<string, LocalText>> = {
  LawDocument: la('法规', 'Law document'),
  LawVersion: la('法规版本', 'Law version'),
  LawArticle: la('法规条文', 'Law article'),
  LawSynonymGroup: la('同义词组', 'Synonym group'),
  LawCitation: la('法规引用', 'Law citation'),
  LawSearchLog: la('法规搜索记录', 'Law search log'),
};
