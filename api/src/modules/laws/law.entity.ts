import { defineEntity, p } from '@mikro-orm/core';
import {
  LAW_CITATION_SOURCE_TYPES,
  LAW_DOC_TYPES,
  LAW_SOURCE_FORMATS,
  type LawDocType,
  type LawNode,
  type LawParagraph,
  type LawSourceFormat,
} from '@yuanan/contracts';
import { tenantProperties } from '../../core/db/base-entity.ts';

/*
 * The law library (法律法规, issue 13). The platform's library lives in the platform tenant, each zone's own
 * documents in the zone's tenant; zones read both through law-scope.ts, and write only their own (tenant em).
 * Dates of laws (promulgated, effective, repealed) are calendar dates stored as 'YYYY-MM-DD' strings.
 */

/**
 * A document (法规, the "work"): title, type, issuing body. Its status is computed from its versions' effective
 * dates and `repealedOn` as of a date (never stored). `version` is the optimistic lock of the metadata.
 */
export const LawDocumentSchema = defineEntity({
  name: 'LawDocument',
  tableName: 'law_documents',
  // updatedAt: the search index's catch-up reads the documents changed since its watermark.
  indexes: [{ properties: ['tenantId', 'docType'] }, { properties: ['tenantId', 'title'] }, { properties: ['updatedAt'] }],
  properties: {
    ...tenantProperties,
    title: p.string().length(200),
    docType: p.enum([...LAW_DOC_TYPES]).$type<LawDocType>(),
    issuingBody: p.string().length(100),
    docNumber: p.string().length(100).nullable(),
    repealedOn: p.string().length(10).nullable(),
    version: p.integer().version(),
  },
});
export class LawDocument extends LawDocumentSchema.class {}
LawDocumentSchema.setClass(LawDocument);

/**
 * A version (版本): one promulgation or amendment text. `structure` is the 编/章/节 tree, `preface` the notes
 * before `<!-- INFO END -->`. `updatedAt` is the search index's watermark; a removed version is soft-deleted
 * (`deletedAt`) so the index sees the removal. `sourceSha256` (of the submitted text) makes the seed import
 * idempotent.
 */
export const LawVersionSchema = defineEntity({
  name: 'LawVersion',
  tableName: 'law_versions',
  indexes: [
    { properties: ['updatedAt'] },
    { properties: ['tenantId', 'documentId', 'effectiveOn'] },
    { properties: ['tenantId', 'sourceSha256'] },
  ],
  properties: {
    ...tenantProperties,
    documentId: p.string().length(36),
    label: p.string().length(60),
    title: p.string().length(200),
    docNumber: p.string().length(100).nullable(),
    promulgatedOn: p.string().length(10).nullable(),
    effectiveOn: p.string().length(10),
    preface: p.text(),
    structure: p.json<LawNode[]>(),
    articleCount: p.integer(),
    sourceFormat: p.enum([...LAW_SOURCE_FORMATS]).$type<LawSourceFormat>(),
    sourceSha256: p.string().length(64),
    createdBy: p.string().length(36).nullable(),
    createdByName: p.string().length(64).nullable(),
    deletedAt: p.datetime(3).nullable(),
  },
});
export class LawVersion extends LawVersionSchema.class {}
LawVersionSchema.setClass(LawVersion);

/**
 * An article (条) of a version: number + suffix (第五条之一 = 5, 1), key '5-1', label, the enclosing headings,
 * paragraphs (款) with items (项), the plain text and the sha256 of its normalised text (alignment across versions).
 */
export const LawArticleSchema = defineEntity({
  name: 'LawArticle',
  tableName: 'law_articles',
  uniques: [{ properties: ['tenantId', 'versionId', 'articleKey'] }],
  indexes: [{ properties: ['tenantId', 'versionId', 'ordinal'] }],
  properties: {
    ...tenantProperties,
    versionId: p.string().length(36),
    ordinal: p.integer(),
    number: p.integer(),
    suffix: p.integer(),
    articleKey: p.string().length(10),
    label: p.string().length(40),
    path: p.json<string[]>(),
    paragraphs: p.json<LawParagraph[]>(),
    text: p.text().columnType('mediumtext'),
    textHash: p.string().length(64),
  },
});
export class LawArticle extends LawArticleSchema.class {}
LawArticleSchema.setClass(LawArticle);

/** A synonym group (同义词) used by search: 2..20 terms. The platform's groups and a zone's own both apply. */
export const LawSynonymGroupSchema = defineEntity({
  name: 'LawSynonymGroup',
  tableName: 'law_synonym_groups',
  properties: {
    ...tenantProperties,
    terms: p.json<string[]>(),
    note: p.string().length(200).nullable(),
  },
});
export class LawSynonymGroup extends LawSynonymGroupSchema.class {}
LawSynonymGroupSchema.setClass(LawSynonymGroup);

/**
 * The reverse index of citations (被引用): one row per (citing record, cited article), in the CITING record's
 * tenant. Rewritten whole by `LawCitationService.sync` when the record's citations change.
 */
export const LawCitationSchema = defineEntity({
  name: 'LawCitation',
  tableName: 'law_citations',
  uniques: [{ properties: ['tenantId', 'sourceType', 'sourceId', 'versionId', 'articleKey'] }],
  indexes: [{ properties: ['tenantId', 'versionId', 'articleKey'] }],
  properties: {
    ...tenantProperties,
    sourceType: p.enum([...LAW_CITATION_SOURCE_TYPES]),
    sourceId: p.string().length(36),
    sourceLabel: p.string().length(200),
    versionId: p.string().length(36),
    articleKey: p.string().length(10),
  },
});
export class LawCitation extends LawCitationSchema.class {}
LawCitationSchema.setClass(LawCitation);

/** A zone's own past searches (suggestions; never shown to other zones). */
export const LawSearchLogSchema = defineEntity({
  name: 'LawSearchLog',
  tableName: 'law_search_log',
  indexes: [{ properties: ['tenantId', 'at'] }],
  properties: {
    ...tenantProperties,
    query: p.string().length(100),
    hits: p.integer(),
    at: p.datetime(3),
  },
});
export class LawSearchLog extends LawSearchLogSchema.class {}
LawSearchLogSchema.setClass(LawSearchLog);
