import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { zonedTimestamp, type ExportFormat, type ExportProfile, type MappedRow } from '@yuanan/domain';

/** What the file says about itself (JSON envelope, xlsx info sheet). */
export interface ExportMeta {
  zone: { code: string; name: string };
  /** The zone's time zone: the xlsx notes sheet writes its times in it, with the offset. */
  timeZone: string;
  generatedAt: string;
  /** The watermark the run started after (null: from the beginning). */
  since: { updatedAt: string; id: string } | null;
  /** Rows updated at or before this instant were read. */
  until: string;
}

/** The finished file: its bytes, digest and counts. */
export interface ExportFile {
  data: Buffer;
  sha256: string;
  mime: string;
  ext: ExportFormat;
  rows: number;
  flagged: number;
}

/** Writes a run's records as they come (page by page), then hands over the finished file. */
export interface ExportWriter {
  add(rows: readonly MappedRow[]): Promise<void>;
  finish(): Promise<ExportFile>;
  /** Drops what was written (a failed run). */
  abort(): void;
}

export const EXPORT_MIMES: Record<ExportFormat, string> = {
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Collects a stream's chunks (the storage takes whole buffers) while hashing them. */
function sink(stream: PassThrough): { done: Promise<{ data: Buffer; sha256: string }> } {
  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  const done = new Promise<{ data: Buffer; sha256: string }>((resolve, reject) => {
    stream.on('data', (c: Buffer) => {
      chunks.push(c);
      hash.update(c);
    });
    stream.on('end', () => resolve({ data: Buffer.concat(chunks), sha256: hash.digest('hex') }));
    stream.on('error', reject);
  });
  done.catch(() => undefined);
  return { done };
}

/**
 * JSON: `{ profile, zone, generatedAt, since, until, records: [ … ], count, flagged: [{ row, missing }] }`, written
 * record by record (no array of the whole run in memory besides the output bytes). `row` counts from 1.
 */
function jsonWriter(profile: ExportProfile, meta: ExportMeta): ExportWriter {
  const stream = new PassThrough();
  const out = sink(stream);
  let n = 0;
  const flagged: Array<{ row: number; missing: string[] }> = [];
  const head = {
    profile: { id: profile.id, version: profile.version, name: profile.name.zh },
    zone: meta.zone,
    // ISO instants in UTC (machine-read); the time zone the dates in the records are reckoned in
    timeZone: meta.timeZone,
    generatedAt: meta.generatedAt,
    since: meta.since,
    until: meta.until,
  };
  stream.write(`${JSON.stringify(head).slice(0, -1)},"records":[`);
  return {
    async add(rows) {
      for (const r of rows) {
        n++;
        if (r.missing.length) flagged.push({ row: n, missing: r.missing });
        if (!stream.write(`${n > 1 ? ',' : ''}\n${JSON.stringify(r.values)}`))
          await new Promise((res) => stream.once('drain', res));
      }
    },
    async finish() {
      stream.end(`\n],"count":${n},"flagged":${JSON.stringify(flagged)}}\n`);
      const { data, sha256 } = await out.done;
      return { data, sha256, mime: EXPORT_MIMES.json, ext: 'json', rows: n, flagged: flagged.length };
    },
    abort: () => stream.destroy(),
  };
}

/**
 * xlsx with exceljs's streaming workbook writer (rows are committed as they come, as the enterprise export does):
 * sheet 1 the records — header row = the fields' Chinese labels, one column per field; sheet 2 `数据校验` lists
 * the flagged rows (row number, missing fields), sheet 3 `说明` the profile, zone and watermarks — its times on the
 * zone's wall clock with the offset stated (people read this sheet; a bare UTC time reads eight hours off).
 */
async function xlsxWriter(profile: ExportProfile, meta: ExportMeta): Promise<ExportWriter> {
  // exceljs loads on first use (~28 MB resident the idle api does not need, as hazards.routes.ts does).
  const { default: ExcelJS } = await import('exceljs');
  const stream = new PassThrough();
  const out = sink(stream);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = '园安';
  const ws = wb.addWorksheet(profile.format.sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = profile.fields.map((f) => ({
    header: f.label.zh,
    key: f.key,
    width: f.width ?? Math.max(10, Math.min(40, f.label.zh.length * 2 + 4)),
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let n = 0;
  const flagged: Array<{ row: number; missing: string[] }> = [];
  return {
    async add(rows) {
      for (const r of rows) {
        n++;
        if (r.missing.length) flagged.push({ row: n + 1, missing: r.missing });
        ws.addRow(profile.fields.map((f) => r.values[f.key] ?? null)).commit();
      }
    },
    async finish() {
      ws.commit();
      const check = wb.addWorksheet('数据校验');
      check.columns = [
        { header: '行号', key: 'row', width: 8 },
        { header: '缺少的必填项', key: 'missing', width: 60 },
      ];
      const label = new Map(profile.fields.map((f) => [f.key, f.label.zh]));
      for (const f of flagged) check.addRow({ row: f.row, missing: f.missing.map((k) => label.get(k) ?? k).join('、') }).commit();
      check.commit();
      const info = wb.addWorksheet('说明');
      info.columns = [
        { header: '项目', key: 'k', width: 16 },
        { header: '内容', key: 'v', width: 60 },
      ];
      const local = (iso: string) => zonedTimestamp(new Date(iso), meta.timeZone);
      // A watermark of a whole instant (the previous run's upper bound) reads as that time; an older one, per row,
      // keeps its row id.
      const since = meta.since
        ? `${local(meta.since.updatedAt)} 之后更新的记录${/^f{8}-/.test(meta.since.id) ? '' : `（${meta.since.id} 之后）`}`
        : '全量';
      for (const [k, v] of [
        ['报送口径', `${profile.name.zh}（${profile.id}@${profile.version}）`],
        ['接收系统', profile.target.zh],
        ['园区', `${meta.zone.name}（${meta.zone.code}）`],
        ['生成时间', local(meta.generatedAt)],
        ['起始水位', since],
        ['截止时间', `${local(meta.until)} 及之前更新的记录`],
        ['记录数', String(n)],
        ['待补全记录数', String(flagged.length)],
      ])
        info.addRow({ k, v }).commit();
      info.commit();
      await wb.commit();
      const { data, sha256 } = await out.done;
      return { data, sha256, mime: EXPORT_MIMES.xlsx, ext: 'xlsx', rows: n, flagged: flagged.length };
    },
    abort: () => stream.destroy(),
  };
}

/** A writer of `format` for one run of `profile`. */
export async function exportWriter(format: ExportFormat, profile: ExportProfile, meta: ExportMeta): Promise<ExportWriter> {
  return format === 'xlsx' ? xlsxWriter(profile, meta) : jsonWriter(profile, meta);
}
