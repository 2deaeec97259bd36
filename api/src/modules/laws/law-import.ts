import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mammoth from 'mammoth';
import { lawVersionDates, normaliseLawTitle, parseLawText, type LawParseResult as DomainParseResult } from '@yuanan/domain';
import { LAW_FILE_MAX_BYTES, type LawDocType, type LawParseResult, type LawSourceFormat } from '@yuanan/contracts';
import { AppError, t } from '../../core/http/problem.ts';
import { cleanTextInput } from '../../core/http/text-input.ts';

/*
 * Reading law texts: uploaded files (.md, .txt, .docx → text with mammoth), the metadata a text tells about itself
 * (title, type, issuing body, document number, dates — from the file name `名称(YYYY-MM-DD).md`, the `# 标题` and the
 * preface), and the parse preview. The seed library import (importRegulationDir) is in law.service.ts.
 */

/** ../shared/regulations next to the repository (the seed library; not part of the repository). */
export const DEFAULT_REGULATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/regulations');

/** sha256 (hex) of a text as submitted: the seed import's idempotency key and the duplicate-upload check. */
export function textSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Normalised text hash of an article (whitespace removed): equal hashes = the same article text across versions. */
export function articleTextHash(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/gu, ''), 'utf8').digest('hex');
}

/** Metadata guessed from a file name and its text (every field null when not found). */
export interface LawGuess {
  title: string | null;
  docType: LawDocType | null;
  issuingBody: string | null;
  docNumber: string | null;
  promulgatedOn: string | null;
  effectiveOn: string | null;
  /** '2021年修正', '2011年修订', '2002年公布' — from the last event (the preface's lines, or a later file date). */
  versionLabel: string | null;
  /** Why a date is a fallback (an amendment whose effective date is not in the text). */
  warnings: string[];
}

const validDate = (s: string) =>
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** An order number in a preface: '中华人民共和国国务院令第344号', '国家市场监督管理总局令第57号'. */
const ORDER_NUMBER = /((?:中华人民共和国)?(?:国务院|[\p{Script=Han}]{2,20}(?:部|局|委员会|总局|署|院))令第\s*\d+\s*号)/gu;

/**
 * The issuing body named by a preface's order number (令第N号): '中华人民共和国国务院令第344号公布' → 国务院,
 * '国家市场监督管理总局令第57号公布' → 国家市场监督管理总局; the last one when several (the latest text's). Null when
 * the preface has none (laws carry no order number).
 */
export function orderIssuer(preface: string): string | null {
  const all = [...preface.matchAll(ORDER_NUMBER)];
  const last = all[all.length - 1]?.[1];
  return last ? last.replace(/^中华人民共和国/u, '').replace(/令第\s*\d+\s*号$/u, '') : null;
}

/**
 * The issuing body from the preface (the national database's promulgation notes) and the title: a law's notes name
 * the 全国人民代表大会（常务委员会）; a regulation or rule is promulgated by an order of its issuer (国务院令,
 * 国家市场监督管理总局令, {@link orderIssuer}); a title starting 国务院 (国务院关于…的规定) is the State Council's.
 * Null when none of these is found.
 */
export function guessIssuingBody(title: string | null, preface: string): string | null {
  if (/全国人民代表大会常务委员会/u.test(preface)) return '全国人民代表大会常务委员会';
  if (/全国人民代表大会/u.test(preface)) return '全国人民代表大会';
  const order = orderIssuer(preface);
  if (order) return order;
  if ((title && /^(中华人民共和国)?国务院/u.test(title)) || /国务院/u.test(preface)) return '国务院';
  return null;
}

/**
 * The document type from a title and its issuer (立法法 Art. 10/72/91: 法律 by the NPC and its Standing Committee;
 * 行政法规 by the State Council, named 条例、规定、办法; 部门规章 by ministries and commissions, named 规定、办法):
 * …条例 → administrative_regulation; …办法 / …规定 / …细则 / …规则 → administrative_regulation when the State Council
 * issued it (国务院令, a title starting 国务院), else departmental_rule (a ministry's order, e.g. 国家市场监督管理总局令);
 * …法 (but not …办法) → law; …标准 / GB → national_standard. A trailing （试行）/（暂行） is ignored. Null when the
 * title has none of these forms.
 */
export function guessDocType(title: string, preface: string): LawDocType | null {
  const bare = normaliseLawTitle(title).replace(/[（(](?:试行|暂行|草案)[）)]$/u, '');
  // The State Council's own order number, or (none) a title that names it; a mere mention (经国务院批准) is not.
  const order = orderIssuer(preface);
  const stateCouncil = order ? order === '国务院' : /^(中华人民共和国)?国务院/u.test(normaliseLawTitle(title));
  if (/^GB\b|国家标准/u.test(bare)) return 'national_standard';
  // 办法 ends in 法 too: the rule forms first.
  if (/(办法|规定|细则|规则)$/u.test(bare)) return stateCouncil ? 'administrative_regulation' : 'departmental_rule';
  if (/条例$/u.test(bare)) return 'administrative_regulation';
  if (/法$/u.test(bare)) return 'law';
  return stateCouncil ? 'administrative_regulation' : null;
}

/**
 * Reads the file name `名称(YYYY-MM-DD).md`, the title, the preface and the final article (see {@link LawGuess});
 * dates and the version label by the domain's `lawVersionDates` (the last event of the notes; the final article's
 * 施行 date unless an amendment by decision left the original date there).
 */
export function guessMetadata(
  fileName: string | null,
  parsed: Pick<DomainParseResult, 'title' | 'preface'> & { articles?: ReadonlyArray<{ text: string }> },
): LawGuess {
  let fileDate: string | null = null;
  let fileTitle: string | null = null;
  if (fileName) {
    const m = /^(.+?)[（(](\d{4}-\d{2}-\d{2})[)）]\.[A-Za-z]+$/u.exec(basename(fileName));
    if (m && validDate(m[2]!)) {
      fileTitle = m[1]!.trim();
      fileDate = m[2]!;
    }
  }
  const title = parsed.title?.trim() || fileTitle;
  const dates = lawVersionDates({
    title: title ?? null,
    preface: parsed.preface,
    finalArticle: parsed.articles?.at(-1)?.text ?? null,
    fileDate,
  });
  const numbers = [...parsed.preface.matchAll(ORDER_NUMBER)];
  const docNumber = numbers.length ? numbers[numbers.length - 1]![1]!.replace(/\s+/gu, '') : null;
  const issuingBody = guessIssuingBody(title, parsed.preface);
  return {
    title: title ? title.slice(0, 200) : null,
    docType: title ? guessDocType(title, parsed.preface) : null,
    issuingBody,
    docNumber,
    promulgatedOn: dates.promulgatedOn,
    effectiveOn: dates.effectiveOn ?? fileDate,
    versionLabel: dates.label ?? (fileDate ? `${fileDate.slice(0, 4)}年版` : null),
    warnings: dates.warnings,
  };
}

/** An uploaded file's format by its name (and bytes for .docx), or a 415 problem. */
export function uploadFormat(fileName: string | null, data: Buffer): LawSourceFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName ?? '')?.[1]?.toLowerCase();
  const isZip = data.length > 4 && data[0] === 0x50 && data[1] === 0x4b;
  if (ext === 'docx' || (!ext && isZip)) {
    if (!isZip) throw notDocx();
    return 'docx';
  }
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'txt' || ext === 'text' || !ext) return 'text';
  throw new AppError(415, 'file_type_not_allowed', t('只能上传 .md、.txt 或 .docx 文件', 'Upload a .md, .txt or .docx file'));
}

function notDocx(): AppError {
  return new AppError(
    422,
    'law_parse_failed',
    t('无法读取该 Word 文件（不是有效的 .docx）', 'The file is not a readable .docx document'),
  );
}

/** At most this many bytes once a .docx is inflated (all its parts together): a 2,000,000-character law is ~6 MB of XML text. */
export const DOCX_MAX_INFLATED_BYTES = 20 * 1024 * 1024;
/** jszip's StreamHelper (https://stuk.github.io/jszip/documentation/api_streamhelper.html). */
interface JSZipStream {
  on(event: 'data', cb: (chunk: Uint8Array) => void): JSZipStream;
  on(event: 'error', cb: (e: Error) => void): JSZipStream;
  on(event: 'end', cb: () => void): JSZipStream;
  pause(): JSZipStream;
  resume(): JSZipStream;
}

/** At most this many parts in a .docx (a Word file has a few dozen). */
const DOCX_MAX_ENTRIES = 1000;

const docxTooLarge = () =>
  new AppError(
    413,
    'file_too_large',
    t(
      `Word 文件解压后超过 ${DOCX_MAX_INFLATED_BYTES / 1024 / 1024} MB（可能是压缩炸弹），未读取`,
      `The Word file inflates to more than ${DOCX_MAX_INFLATED_BYTES / 1024 / 1024} MB (a zip bomb?); it was not read`,
    ),
  );

/**
 * Refuses a zip bomb before mammoth inflates it (mammoth inflates word/document.xml in one synchronous call: 200 MB
 * blocked the api's event loop for seconds). First the central directory's declared uncompressed sizes (read by
 * jszip without inflating anything), then — since a crafted header can lie — each part is inflated through jszip's
 * chunked stream (it yields to the event loop between chunks) and counted, stopping as soon as the total passes
 * {@link DOCX_MAX_INFLATED_BYTES}. Throws 413 `file_too_large` or 422 `law_parse_failed` (not a zip).
 */
export async function checkDocxSize(data: Buffer): Promise<void> {
  const { default: Zip } = await import('jszip');
  let zip: Awaited<ReturnType<typeof Zip.loadAsync>>;
  try {
    zip = await Zip.loadAsync(data, { checkCRC32: false });
  } catch {
    throw notDocx();
  }
  const entries = Object.values(zip.files).filter((f) => !f.dir);
  if (entries.length > DOCX_MAX_ENTRIES) throw docxTooLarge();
  // jszip keeps the central directory's sizes on each entry (`_data`, the compressed-object metadata).
  let declared = 0;
  for (const f of entries) declared += (f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  if (declared > DOCX_MAX_INFLATED_BYTES) throw docxTooLarge();
  let total = 0;
  for (const f of entries) {
    await new Promise<void>((resolve, reject) => {
      // internalStream is jszip's documented StreamHelper (missing from its index.d.ts).
      const stream = (f as unknown as { internalStream(t: 'uint8array'): JSZipStream }).internalStream('uint8array');
      stream
        .on('data', (chunk: Uint8Array) => {
          total += chunk.length;
          if (total > DOCX_MAX_INFLATED_BYTES) {
            stream.pause();
            reject(docxTooLarge());
          }
        })
        .on('error', () => reject(notDocx()))
        .on('end', () => resolve())
        .resume();
    });
  }
}

/**
 * The text of an uploaded file ({@link decodeText}: UTF-8, UTF-16 with or without BOM, GB18030 — plain text saved by
 * Chinese Windows tools; control characters after decoding → 400 validation_failed);
 * a .docx through mammoth's raw text (paragraphs separated by blank lines) after {@link checkDocxSize}. Refuses files
 * over LAW_FILE_MAX_BYTES.
 */
export async function uploadText(data: Buffer, format: LawSourceFormat): Promise<string> {
  if (data.length > LAW_FILE_MAX_BYTES) throw new AppError(413, 'file_too_large', t('文件不能超过 5 MB', 'The limit is 5 MB'));
  if (format === 'docx') {
    await checkDocxSize(data);
    try {
      const r = await mammoth.extractRawText({ buffer: data });
      return r.value.replace(/\r\n?/g, '\n');
    } catch {
      throw notDocx();
    }
  }
  // Refused like pasted text (core/http/text-input.ts): a control character left after decoding means a wrong guess.
  return cleanTextInput(decodeText(data), ['file']) as string;
}

/**
 * Decodes a text file: a BOM decides (UTF-8, UTF-16LE, UTF-16BE); without one, NUL bytes mean UTF-16 (a law text
 * has line feeds and digits, whose UTF-16 forms hold a zero byte: more zeros at odd offsets = little-endian), else
 * UTF-8, else GB18030. 400 `invalid_encoding` when none fits.
 */
export function decodeText(data: Buffer): string {
  const dec = (enc: string, bytes: Uint8Array) => {
    try {
      return new TextDecoder(enc, { fatal: true }).decode(bytes).replace(/\r\n?/g, '\n');
    } catch {
      return null;
    }
  };
  let out: string | null;
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) out = dec('utf-8', data.subarray(3));
  else if (data[0] === 0xff && data[1] === 0xfe) out = dec('utf-16le', data.subarray(2));
  else if (data[0] === 0xfe && data[1] === 0xff) out = dec('utf-16be', data.subarray(2));
  else if (data.includes(0)) {
    let even = 0;
    let odd = 0;
    for (let i = 0; i < data.length; i++)
      if (data[i] !== 0) continue;
      else if (i % 2) odd++;
      else even++;
    out = data.length % 2 === 0 ? dec(odd >= even ? 'utf-16le' : 'utf-16be', data) : null;
  } else out = dec('utf-8', data) ?? dec('gb18030', data);
  if (out === null)
    throw new AppError(
      400,
      'invalid_encoding',
      t('文件不是 UTF-8、UTF-16 或 GBK 编码的文本', 'The file is not UTF-8, UTF-16 or GBK text'),
    );
  return out;
}

/** The parser's format for a source format (.docx text is plain text). */
export const parserFormat = (f: LawSourceFormat): 'markdown' | 'text' => (f === 'markdown' ? 'markdown' : 'text');

/** The parse preview of a text (nothing saved): structure, articles, errors and warnings by line, guessed metadata. */
export function parsePreview(text: string, format: LawSourceFormat, fileName: string | null): LawParseResult {
  const parsed = parseLawText(text, { format: parserFormat(format) });
  const g = guessMetadata(fileName, parsed);
  return {
    format,
    text,
    title: parsed.title,
    preface: parsed.preface,
    nodes: parsed.nodes,
    articles: parsed.articles.map((a) => ({
      articleKey: a.key,
      number: a.number,
      suffix: a.suffix,
      label: a.label,
      path: a.path,
      line: a.line,
      text: a.text,
    })),
    articleCount: parsed.articles.length,
    errors: parsed.errors,
    warnings: parsed.warnings,
    sha256: textSha256(text),
    guess: {
      title: g.title,
      docType: g.docType,
      issuingBody: g.issuingBody,
      docNumber: g.docNumber,
      promulgatedOn: g.promulgatedOn,
      effectiveOn: g.effectiveOn,
    },
  };
}

/** The seed files of a directory: `*.md` except README, sorted by name. */
export async function regulationFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir)).filter((n) => n.endsWith('.md') && !/^readme/i.test(n)).sort();
  return names.map((n) => join(dir, n));
}
