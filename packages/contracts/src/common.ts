import { z } from 'zod';

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

/** A sort parameter limited to a whitelist: `field` or `-field`. */
export function sortParam<const F extends readonly [string, ...string[]]>(fields: F) {
  const allowed = fields.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];
  return z.enum(allowed).optional();
}

export const okResponse = z.object({ ok: z.literal(true) });

/** Chinese mobile numbers; landlines with area code are accepted too for contacts. */
export const mobilePhone = z.string().regex(/^1[3-9]\d{9}$/, { message: '手机号格式不正确' });
export const anyPhone = z.string().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/, { message: '电话号码格式不正确' });

export const langs = ['zh-CN', 'en'] as const;
export type Lang = (typeof langs)[number];
