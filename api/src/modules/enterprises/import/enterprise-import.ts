import { z } from 'zod';
import { certificateInput, chemicalInput, contactInput, createEnterpriseRequest, supplyInput } from '@yuanan/contracts';
import type { Container } from '../../../core/container.ts';
import type { Em } from '../../../core/db/orm.ts';
import { maskPhone } from '../../../core/crypto/pii.ts';
import { emitEvent } from '../../../core/queue/outbox.ts';
import { CatalogItem } from '../../tenants/tenant.entity.ts';
import { Enterprise } from '../enterprise.entity.ts';
import { CertifiedWorker, EmergencySupply, EnterpriseContact, HazardousChemical } from '../enterprise-records.entity.ts';
import { applyEnterpriseFields } from '../enterprise.service.ts';
import { addDays } from '@yuanan/domain';
import { SHEETS, type Column, type SheetDef } from './columns.ts';
import type { ParsedWorkbook, Raw, ReportLine } from './workbook.ts';

export const IMPORTED = 'enterprises.imported';
const REPORT_LIMIT = 2000;

type Kind = SheetDef['kind'];
type Values = Record<string, unknown>;

interface RowPlan {
  row: number;
  values: Values;
}

export interface ImportPlan {
  enterprises: RowPlan[];
  records: Record<Exclude<Kind, 'enterprises'>, RowPlan[]>;
  report: ReportLine[];
  summary: Record<string, number>;
}

const SCHEMAS: Record<Kind, z.ZodType> = {
  enterprises: createEnterpriseRequest,
  certificates: certificateInput,
  chemicals: chemicalInput,
  supplies: supplyInput,
  contacts: contactInput,
};

const TRUE = new Set(['是', 'y', 'yes', 'true', '1', '有', '√']);
const FALSE = new Set(['否', 'n', 'no', 'false', '0', '无', '×']);

function excelDate(v: Raw): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' && v > 20000 && v < 80000)
    return new Date(Date.UTC(1899, 11, 30) + v * 86400_000).toISOString().slice(0, 10);
  if (typeof v === 'string') {
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v.trim());
    if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  }
  return null;
}

/** Converts one cell by its column type; returns the value or a reason it cannot be used. */
function convert(
  c: Column,
  v: Raw,
  lookups: { grids: Map<string, string>; tags: Map<string, string> },
): { value?: unknown; error?: string } {
  if (v == null || v === '') return { value: undefined };
  switch (c.type) {
    case 'text':
      return { value: v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim() };
    case 'int':
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/[,，\s]/g, '')) : NaN;
      if (!Number.isFinite(n)) return { error: '应为数字' };
      if (c.type === 'int' && !Number.isInteger(n)) return { error: '应为整数' };
      return { value: n };
    }
    case 'bool': {
      const s = String(v).trim().toLowerCase();
      if (TRUE.has(s)) return { value: true };
      if (FALSE.has(s)) return { value: false };
      return { error: '应填“是”或“否”' };
    }
    case 'date': {
      const d = excelDate(v);
      return d ? { value: d } : { error: '应为日期，如 2026-06-30' };
    }
    case 'enum': {
      const key = String(v).trim();
      const hit = c.values?.[key] ?? Object.values(c.values ?? {}).find((x) => x === key);
      return hit ? { value: hit } : { error: `应为：${[...new Set(Object.keys(c.values ?? {}))].join('/')}` };
    }
    case 'grid': {
      const id = lookups.grids.get(String(v).trim());
      return id ? { value: id } : { error: `本园区没有网格“${String(v)}”` };
    }
    case 'tags': {
      const names = String(v)
        .split(/[、,，;；\s]+/)
        .filter(Boolean);
      const codes: string[] = [];
      for (const n of names) {
        const code = lookups.tags.get(n);
        if (!code) return { error: `本园区没有标签“${n}”` };
        codes.push(code);
      }
      return { value: codes };
    }
  }
}

/** Natural keys: a re-import updates these records instead of adding them again. */
const KEY_OF: Record<Exclude<Kind, 'enterprises'>, (v: Values) => string> = {
  certificates: (v) => String(v.certNumber),
  chemicals: (v) => `${String(v.name)}|${String(v.unitName ?? '全厂')}`,
  supplies: (v) => `${String(v.name)}|${String(v.location ?? '')}`,
  contacts: (v) => String(v.name),
};

/**
 * Validates every row of every sheet (types, then the same contract schemas the api uses, then cross-row
 * checks: duplicates, unknown enterprises, landlords). Produces a plan and a row-by-row report.
 */
export async function planImport(em: Em, wb: ParsedWorkbook, onProgress: (n: number) => void): Promise<ImportPlan> {
  const report: ReportLine[] = [...wb.fatal];
  const [grids, tags] = await Promise.all([
    em.find(CatalogItem, { kind: 'grid' }),
    em.find(CatalogItem, { kind: 'key_place_tag', enabled: true }),
  ]);
  const lookups = {
    grids: new Map([...grids.flatMap((g) => [[g.name, g.id] as const, [g.code, g.id] as const])]),
    tags: new Map([...tags.flatMap((t) => [[t.name, t.code] as const, [t.code, t.code] as const])]),
  };
  const plan: ImportPlan = {
    enterprises: [],
    records: { certificates: [], chemicals: [], supplies: [], contacts: [] },
    report,
    summary: {},
  };
  let done = 0;
  for (const sheet of wb.sheets) {
    const kind = sheet.def.kind;
    const valid: RowPlan[] = [];
    for (const r of sheet.rows) {
      const errors = [...r.errors];
      const values: Values = {};
      for (const c of sheet.def.columns) {
        const { value, error } = convert(c, r.cells[c.key] ?? null, lookups);
        if (error) errors.push({ sheet: sheet.def.name, row: r.row, field: c.label, reason: error });
        else if (value !== undefined) values[c.key] = value;
        else if (c.required) errors.push({ sheet: sheet.def.name, row: r.row, field: c.label, reason: '必填' });
      }
      if (!errors.length) {
        const { landlordCreditCode, creditCode, ...rest } = values;
        const input = kind === 'enterprises' ? { ...rest, creditCode } : rest;
        const parsed = SCHEMAS[kind].safeParse(input, { error: z.locales.zhCN().localeError });
        if (!parsed.success) {
          for (const i of parsed.error.issues) {
            const label = sheet.def.columns.find((c) => c.key === i.path[0])?.label ?? String(i.path[0] ?? '');
            errors.push({ sheet: sheet.def.name, row: r.row, field: label, reason: i.message });
          }
        } else {
          valid.push({
            row: r.row,
            values: {
              ...(parsed.data as Values),
              creditCode: String(creditCode).toUpperCase(),
              ...(landlordCreditCode ? { landlordCreditCode: String(landlordCreditCode).toUpperCase() } : {}),
            },
          });
        }
      }
      report.push(...errors);
      if (++done % 500 === 0) onProgress(done);
    }
    if (kind === 'enterprises') plan.enterprises.push(...valid);
    else plan.records[kind].push(...valid);
  }
  // Duplicates inside the file.
  const seen = new Map<string, number>();
  for (const e of plan.enterprises) {
    const first = seen.get(String(e.values.creditCode));
    if (first) report.push({ sheet: '企业', row: e.row, field: '统一社会信用代码', reason: `与第 ${first} 行重复` });
    else seen.set(String(e.values.creditCode), e.row);
  }
  for (const [kind, rows] of Object.entries(plan.records) as Array<[Exclude<Kind, 'enterprises'>, RowPlan[]]>) {
    const name = SHEETS.find((s) => s.kind === kind)!.name;
    const keys = new Map<string, number>();
    for (const r of rows) {
      const k = `${String(r.values.creditCode)}|${KEY_OF[kind](r.values)}`;
      const first = keys.get(k);
      if (first) report.push({ sheet: name, row: r.row, field: '', reason: `与第 ${first} 行是同一条记录` });
      else keys.set(k, r.row);
    }
  }
  // Enterprises referenced by sub-records and landlords must be in the file or already in the zone.
  const inFile = new Set(plan.enterprises.map((e) => String(e.values.creditCode)));
  const referenced = new Set([
    ...Object.values(plan.records)
      .flat()
      .map((r) => String(r.values.creditCode)),
    ...plan.enterprises.map((e) => e.values.landlordCreditCode as string | undefined).filter((x): x is string => Boolean(x)),
  ]);
  const existing = new Map<string, string>();
  const allCodes = [...new Set([...inFile, ...referenced])];
  for (let i = 0; i < allCodes.length; i += 1000) {
    for (const e of await em.find(
      Enterprise,
      { creditCode: { $in: allCodes.slice(i, i + 1000) } },
      { fields: ['id', 'creditCode'] },
    ))
      existing.set(e.creditCode, e.id);
  }
  for (const [kind, rows] of Object.entries(plan.records) as Array<[Exclude<Kind, 'enterprises'>, RowPlan[]]>) {
    const name = SHEETS.find((s) => s.kind === kind)!.name;
    for (const r of rows) {
      const code = String(r.values.creditCode);
      if (!inFile.has(code) && !existing.has(code))
        report.push({
          sheet: name,
          row: r.row,
          field: '统一社会信用代码',
          reason: '本园区没有该企业，且导入文件的“企业”表中也没有',
        });
    }
  }
  for (const e of plan.enterprises) {
    const ll = e.values.landlordCreditCode as string | undefined;
    if (!ll) continue;
    if (ll === e.values.creditCode)
      report.push({ sheet: '企业', row: e.row, field: '厂中厂出租方信用代码', reason: '不能填写本企业自己的代码' });
    else if (!inFile.has(ll) && !existing.has(ll))
      report.push({ sheet: '企业', row: e.row, field: '厂中厂出租方信用代码', reason: '出租方企业不在本园区，也不在导入文件中' });
  }
  const creates = plan.enterprises.filter((e) => !existing.has(String(e.values.creditCode))).length;
  plan.summary = {
    rows: wb.sheets.reduce((a, s) => a + s.rows.length, 0),
    errors: report.length,
    enterprises: plan.enterprises.length,
    enterprisesToCreate: creates,
    enterprisesToUpdate: plan.enterprises.length - creates,
    records: Object.values(plan.records).reduce((a, r) => a + r.length, 0),
  };
  report.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet.localeCompare(b.sheet)));
  if (report.length > REPORT_LIMIT)
    plan.report = [
      ...report.slice(0, REPORT_LIMIT),
      { sheet: '', row: 0, field: '', reason: `另有 ${report.length - REPORT_LIMIT} 处问题未列出` },
    ];
  return plan;
}

const ENTITY = {
  certificates: CertifiedWorker,
  chemicals: HazardousChemical,
  supplies: EmergencySupply,
  contacts: EnterpriseContact,
} as const;

function recordRow(c: Container, kind: Exclude<Kind, 'enterprises'>, v: Values): Values {
  const { creditCode: _ignored, phone, ...rest } = v;
  if (kind === 'contacts')
    return {
      ...rest,
      phoneSealed: phone ? c.cipher.seal(String(phone)) : null,
      phoneMasked: phone ? maskPhone(String(phone)) : null,
    };
  if (kind === 'certificates' && rest.certKind === 'special_operation' && !rest.reviewDueOn)
    return { ...rest, reviewDueOn: addDays(String(rest.issuedOn), 3 * 365) };
  return rest;
}

/**
 * Writes a validated plan in one transaction (all or nothing), in batches so memory stays flat: enterprises are
 * upserted by credit code, records by their natural key. Unchanged rows are not written (and not audited).
 */
export async function commitImport(
  c: Container,
  em: Em,
  plan: ImportPlan,
  onProgress: (n: number) => void,
): Promise<Record<string, number>> {
  const out = { created: 0, updated: 0, unchanged: 0, recordsCreated: 0, recordsUpdated: 0, recordsUnchanged: 0 };
  let done = 0;
  await em.transactional(async (tx) => {
    const idOf = new Map<string, string>();
    for (let i = 0; i < plan.enterprises.length; i += 500) {
      const batch = plan.enterprises.slice(i, i + 500);
      const existing = new Map(
        (await tx.find(Enterprise, { creditCode: { $in: batch.map((b) => String(b.values.creditCode)) } })).map((e) => [
          e.creditCode,
          e,
        ]),
      );
      for (const { values } of batch) {
        const { landlordCreditCode: _ll, ...fields } = values;
        let e = existing.get(String(values.creditCode));
        if (!e) {
          e = tx.create(Enterprise, {
            creditCode: String(values.creditCode),
            name: String(values.name),
            principalName: String(values.principalName),
          } as never) as Enterprise;
          applyEnterpriseFields(c.cipher, e, fields);
          out.created++;
        } else if (applyEnterpriseFields(c.cipher, e, fields)) out.updated++;
        else out.unchanged++;
        idOf.set(e.creditCode, e.id);
      }
      await tx.flush();
      tx.clear();
      onProgress((done += batch.length));
    }
    // Landlords, once every enterprise of the file exists.
    const withLandlord = plan.enterprises.filter((e) => e.values.landlordCreditCode);
    const codes = [
      ...new Set([
        ...withLandlord.map((e) => String(e.values.landlordCreditCode)),
        ...withLandlord.map((e) => String(e.values.creditCode)),
      ]),
    ];
    if (codes.length) {
      const rows = await tx.find(Enterprise, { creditCode: { $in: codes } });
      const byCode = new Map(rows.map((r) => [r.creditCode, r]));
      for (const w of withLandlord) {
        const e = byCode.get(String(w.values.creditCode))!;
        const ll = byCode.get(String(w.values.landlordCreditCode))!;
        if (e.landlordEnterpriseId !== ll.id) e.landlordEnterpriseId = ll.id;
      }
      await tx.flush();
      tx.clear();
    }
    for (const [kind, rows] of Object.entries(plan.records) as Array<[Exclude<Kind, 'enterprises'>, RowPlan[]]>) {
      const entity = ENTITY[kind];
      const missing = [...new Set(rows.map((r) => String(r.values.creditCode)).filter((code) => !idOf.has(code)))];
      for (let i = 0; i < missing.length; i += 1000) {
        for (const e of await tx.find(
          Enterprise,
          { creditCode: { $in: missing.slice(i, i + 1000) } },
          { fields: ['id', 'creditCode'] },
        ))
          idOf.set(e.creditCode, e.id);
      }
      for (let i = 0; i < rows.length; i += 1000) {
        const batch = rows.slice(i, i + 1000);
        const ids = [...new Set(batch.map((r) => idOf.get(String(r.values.creditCode))!))];
        const existing = (await tx.find(entity as never, { enterpriseId: { $in: ids } } as never)) as Array<
          Record<string, unknown>
        >;
        const byKey = new Map(existing.map((x) => [`${String(x.enterpriseId)}|${KEY_OF[kind](x)}`, x]));
        for (const r of batch) {
          const enterpriseId = idOf.get(String(r.values.creditCode))!;
          const row = recordRow(c, kind, r.values);
          const cur = byKey.get(`${enterpriseId}|${KEY_OF[kind](r.values)}`);
          if (!cur) {
            tx.create(entity as never, { ...row, enterpriseId } as never);
            out.recordsCreated++;
            continue;
          }
          let changed = false;
          for (const [k, v] of Object.entries(row)) {
            if (k === 'phoneSealed') {
              if ((cur.phoneSealed ? c.cipher.open(String(cur.phoneSealed)) : null) !== (r.values.phone ?? null)) {
                cur.phoneSealed = v;
                changed = true;
              }
              continue;
            }
            if (
              JSON.stringify(cur[k] ?? null) !== JSON.stringify(v ?? null) &&
              !(typeof v === 'number' && Number(cur[k]) === v)
            ) {
              cur[k] = v;
              changed = true;
            }
          }
          if (changed) out.recordsUpdated++;
          else out.recordsUnchanged++;
        }
        await tx.flush();
        tx.clear();
        onProgress((done += batch.length));
      }
    }
    emitEvent(tx, IMPORTED, { enterprises: idOf.size });
    await tx.flush();
  });
  return out;
}
