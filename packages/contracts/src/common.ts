import { z } from 'zod';
import { normalizeMobile, normalizePhone, type PhoneResult } from '@yuanan/domain';
import { localIssue, phoneProblemText } from './messages.ts';

/**
 * An opaque id (UUIDv7). `kind` names the resource it points to; the OpenAPI document carries it as `x-ref`
 * so the cross-tenant probe knows which other zone's id to put there.
 */
export function ref(kind: string) {
  return z.uuid().meta({ 'x-ref': kind });
}
export const zId = z.uuid();

export const isoDateTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();
/** The message of a record date out of range (problem-text.ts has its English). */
export const RECORD_DATE_RANGE_MESSAGE = '日期应在 1950-01-01 至 2099-12-31 之间（长期有效请留空）';
/**
 * A date an enterprise's record carries (a certificate issued or expiring, supplies' shelf life, a plan issued, a
 * drill held): a calendar date from 1950 to 2099. 1900-01-01 or 9999-12-31 are what people type for "unknown" or
 * "never" — refused, with what to do instead (leave an optional date empty).
 */
export const recordDate = isoDate.refine((d) => d >= '1950-01-01' && d <= '2099-12-31', {
  message: RECORD_DATE_RANGE_MESSAGE,
});

/**
 * An instant people schedule or book (a shift, a cover, leave, a reservation, a loan's due time): 2000–2099. A year
 * 9999 typed for "until further notice" would block a unit for ever or overflow a date column, so it is refused.
 */
export const scheduleDateTime = isoDateTime.refine(
  (v) => {
    const t = Date.parse(v);
    return t >= Date.UTC(2000, 0, 1) && t < Date.UTC(2100, 0, 1);
  },
  { message: '时间应在 2000 年至 2099 年之间' },
);
/** A booked range (reservation, borrow request, leave, cover) lasts at most this many days. */
export const MAX_BOOKING_DAYS = 366;

export const pagingQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type PagingQuery = z.infer<typeof pagingQuery>;

export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

/**
 * The `cursor` query parameter of the hot lists: the `nextCursor` of the previous page (opaque). With it, `page`
 * is ignored and the list continues after the last row seen, even while rows are added.
 */
export const cursorParam = z
  .string()
  .max(400)
  .regex(/^[A-Za-z0-9_-]+$/)
  .optional();

/**
 * A page of a hot list: `page`/`pageSize` paging as everywhere, plus keyset paging (`nextCursor`, null on the
 * last page) and a count that stops at 10,000 (`totalCapped`: there are more than `total`; show "10,000+").
 */
export function cursorPage<T extends z.ZodType>(item: T) {
  return page(item).extend({ totalCapped: z.boolean(), nextCursor: z.string().nullable() });
}
export type CursorPage<T> = Page<T> & { totalCapped: boolean; nextCursor: string | null };

/**
 * One row of a ledger import's report (POST …/import, .xlsx): the sheet's row number (1-based, the header is row 1),
 * the row's key (`key`: an asset tag, a device code …; null when missing), whether it is valid, what it does — a
 * new record, or an update of the record that has this key (null: the row has errors) — and its problems by column.
 */
export function importRow<const K extends string>(key: K) {
  return z.object({
    row: z.number().int(),
    ...({ [key]: z.string().nullable() } as Record<K, z.ZodNullable<z.ZodString>>),
    ok: z.boolean(),
    action: z.enum(['create', 'update']).nullable(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })),
  });
}

/**
 * The report of a ledger import (a dry run unless `commit`): rows read and valid, rows that create or update a
 * record (dry run: would), records created and updated (commit only; else 0), and each row's report.
 */
export function importResult<R extends z.ZodType>(row: R) {
  return z.object({
    dryRun: z.boolean(),
    total: z.number().int(),
    valid: z.number().int(),
    toCreate: z.number().int(),
    toUpdate: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    rows: z.array(row),
  });
}

/** A sort parameter limited to a whitelist: `field` or `-field`. */
export function sortParam<const F extends readonly [string, ...string[]]>(fields: F) {
  const allowed = fields.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];
  return z.enum(allowed).optional();
}

export const okResponse = z.object({ ok: z.literal(true) });

/**
 * Phone numbers as people type and paste them (`+86 139 0579 0103`, `0579-85201234转8001`, full-width digits, a
 * fixed line whose leading 0 a spreadsheet dropped), normalised to one stored form by `normalizePhone` of
 * `@yuanan/domain`: the parsed value IS the stored value. A refusal says what is wrong, in both languages.
 */
function phoneField(normalize: (v: string) => PhoneResult) {
  return z
    .string()
    .max(60)
    .transform((v, ctx) => {
      const r = normalize(v);
      if (r.ok) return r.value;
      ctx.addIssue(localIssue(phoneProblemText(r)));
      return z.NEVER;
    })
    .meta({ description: 'Stored as 13905790103, 0579-85201234, 0579-85201234-8001 or 400-820-8820' });
}

/** A mobile number only (sign-in, SMS, WeChat binding): stored as 11 digits. */
export const mobilePhone = phoneField(normalizeMobile);
/** A mobile, a fixed line with area code and optional extension, or a 400/800 number (contacts, principals). */
export const anyPhone = phoneField(normalizePhone);

export const langs = ['zh-CN', 'en'] as const;
export type Lang = (typeof langs)[number];
