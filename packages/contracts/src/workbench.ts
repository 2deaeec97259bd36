import { z } from 'zod';
import { isoDateTime } from './common.ts';
import { ROLES } from './roles.ts';

/**
 * 工作台 (workbench): the work waiting for the caller, one card per kind of work. Cards come from a registry in
 * the api (`api/src/modules/workbench`): each module registers its cards with the roles they are for; the apps
 * render whatever cards arrive, so a new module adds cards without touching the pages.
 */

/** How urgent a card or item is: `ok` nothing to do, `info` work waiting, `warning` due soon, `critical` late. */
export const WORKBENCH_SEVERITIES = ['ok', 'info', 'warning', 'critical'] as const;
export type WorkbenchSeverity = (typeof WORKBENCH_SEVERITIES)[number];

/** One piece of work on a card; `link` is the admin console path where it is done (the mini-program maps it). */
export const workbenchItem = z.object({
  id: z.string(),
  title: z.string(),
  /** Who or where: the enterprise, the requester, the holder of a certificate. */
  subtitle: z.string().nullable(),
  /** The time that matters for this item (deadline, expiry, requested at), ISO 8601. */
  at: isoDateTime.nullable(),
  /** A short state in words (逾期 3 天, 待复核, 已过期…), in the caller's language. */
  tag: z.string().nullable(),
  severity: z.enum(WORKBENCH_SEVERITIES),
  link: z.string(),
});
export type WorkbenchItem = z.infer<typeof workbenchItem>;

export const workbenchCard = z.object({
  /** Stable key, `module.card` (e.g. `hazards.overdue`). */
  key: z.string(),
  /** The module that registered the card. */
  module: z.string(),
  title: z.string(),
  /** One sentence on what the card holds (and, for `coming` cards, what is coming). */
  description: z.string().nullable(),
  /** `coming`: the role's module is not released yet; count and items are absent. */
  status: z.enum(['ready', 'coming']),
  /** Matching items, exact up to 10,000 (then `countCapped`); null for `coming` cards. */
  count: z.number().int().nullable(),
  countCapped: z.boolean(),
  severity: z.enum(WORKBENCH_SEVERITIES),
  /** The first items (at most the `limit` asked for), most urgent first. */
  items: z.array(workbenchItem),
  /** Where the whole list is (the "全部" link), admin console path; null when no page lists exactly these. */
  link: z.string().nullable(),
});
export type WorkbenchCard = z.infer<typeof workbenchCard>;

export const workbench = z.object({
  role: z.enum(ROLES),
  cards: z.array(workbenchCard),
  generatedAt: isoDateTime,
});
export type Workbench = z.infer<typeof workbench>;

export const workbenchQuery = z.strictObject({
  /** Items per card (0: counts only). */
  limit: z.coerce.number().int().min(0).max(20).default(5),
});
export type WorkbenchQuery = z.infer<typeof workbenchQuery>;
