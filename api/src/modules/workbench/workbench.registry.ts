import type { LocalText, Role, WorkbenchCard, WorkbenchItem, WorkbenchSeverity } from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';

/** What a card's functions get: the caller's zone-bound EntityManager, the caller, the zone, the language. */
export interface WorkbenchContext {
  em: Em;
  actor: Actor;
  tenant: TenantInfo;
  lang: 'zh-CN' | 'en';
  /** One instant for every card of a request (so "overdue" means the same on all of them). */
  now: Date;
}

/** A count: exact, or capped (`cappedCount` of core/db/keyset.ts stops at 10,000). */
export type WorkbenchCount = number | { total: number; capped: boolean };

/** A card's item without the severity (defaults to the card's) or with it. */
export type WorkbenchItemInput = Omit<WorkbenchItem, 'severity'> & { severity?: WorkbenchSeverity };

/**
 * A card a module registers. `count` and `items` must be scoped to the caller (tenant by the em's filter; an
 * enterprise user's to their enterprise, a grid worker's to their grids) and cheap: index-bound queries, no walk
 * of the zone. `items` returns at most `limit` items, the most urgent first. Links are admin console paths.
 */
export interface WorkbenchCardDef {
  /** `module.card`, unique in the registry. */
  key: string;
  /** The module registering it (`hazards`, `enterprises`, `tasks`…). */
  module: string;
  /** Position on the page: lower first (ties: registration order). */
  order?: number;
  /** Roles that see the card. */
  roles: readonly Role[];
  /** Extra condition on the caller (e.g. an enterprise user bound to an enterprise). */
  when?: (actor: Actor) => boolean;
  title: LocalText | ((c: WorkbenchContext) => LocalText);
  description?: LocalText | ((c: WorkbenchContext) => LocalText);
  /** A module still to come: the card says so instead of showing a dead tile (no count, no items). */
  coming?: boolean;
  count?: (c: WorkbenchContext) => Promise<WorkbenchCount>;
  items?: (c: WorkbenchContext, limit: number) => Promise<WorkbenchItemInput[]>;
  /** The page listing every item ("全部"), or null when no page lists exactly these. */
  link?: string | null | ((c: WorkbenchContext) => string | null);
  /** The card's urgency from its count (default: `ok` at 0, `info` above). */
  severity?: (count: number, c: WorkbenchContext) => WorkbenchSeverity;
}

/** The zone's safety office as the workbench addresses it: the roles that see and decide on the whole zone. */
export const OFFICE_ROLES = ['zone_admin', 'safety_officer', 'platform_admin'] as const satisfies readonly Role[];

/** Urgency helpers for `severity`. */
export const severityWhenAny =
  (s: WorkbenchSeverity) =>
  (n: number): WorkbenchSeverity =>
    n > 0 ? s : 'ok';

/** Cards computed at once (each on its own pooled connection). */
const PARALLEL = 4;

function pick<T>(v: T | ((c: WorkbenchContext) => T), c: WorkbenchContext): T {
  return typeof v === 'function' ? (v as (c: WorkbenchContext) => T)(c) : v;
}

/**
 * The one place modules add their workbench cards (`registry.register({...})` in `<module>.workbench.ts`, wired in
 * modules/index.ts); `GET /workbench` asks it for the caller's cards. A duplicate key is refused at start.
 */
export class WorkbenchRegistry {
  readonly #cards: Array<WorkbenchCardDef & { seq: number }> = [];

  /** Adds a card. Throws on a duplicate key or a ready card without `count` and `items`. */
  register(def: WorkbenchCardDef): void {
    if (this.#cards.some((c) => c.key === def.key)) throw new Error(`workbench card ${def.key} is registered twice`);
    if (!def.coming && (!def.count || !def.items)) throw new Error(`workbench card ${def.key} needs count and items`);
    this.#cards.push({ ...def, seq: this.#cards.length });
  }

  /** The registered cards a role sees, in page order. */
  cardsOf(role: Role): WorkbenchCardDef[] {
    return this.#cards.filter((c) => c.roles.includes(role)).sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.seq - b.seq);
  }

  /** Every registered key (for tests and the docs). */
  keys(): string[] {
    return this.#cards.map((c) => c.key);
  }

  /**
   * The caller's cards, `limit` items each. Cards are computed four at a time, each on its own fork of the caller's
   * EntityManager (same tenant filter; a card's count and items are two short indexed queries), in page order.
   */
  async build(c: WorkbenchContext, limit: number): Promise<WorkbenchCard[]> {
    const defs = this.cardsOf(c.actor.role).filter((d) => !d.when || d.when(c.actor));
    const out: WorkbenchCard[] = [];
    for (let i = 0; i < defs.length; i += PARALLEL)
      out.push(
        ...(await Promise.all(
          defs.slice(i, i + PARALLEL).map((d) => this.#card(d, { ...c, em: c.em.fork({ clear: true }) }, limit)),
        )),
      );
    return out;
  }

  async #card(def: WorkbenchCardDef, c: WorkbenchContext, limit: number): Promise<WorkbenchCard> {
    const lang = c.lang === 'en' ? 'en' : 'zh';
    const title = pick(def.title, c)[lang];
    const description = def.description ? pick(def.description, c)[lang] : null;
    if (def.coming) {
      return {
        key: def.key,
        module: def.module,
        title,
        description,
        status: 'coming',
        count: null,
        countCapped: false,
        severity: 'ok',
        items: [],
        link: null,
      };
    }
    const counted = await def.count!(c);
    const { total, capped } = typeof counted === 'number' ? { total: counted, capped: false } : counted;
    const severity = (def.severity ?? severityWhenAny('info'))(total, c);
    const items = total > 0 && limit > 0 ? (await def.items!(c, limit)).slice(0, limit) : [];
    return {
      key: def.key,
      module: def.module,
      title,
      description,
      status: 'ready',
      count: total,
      countCapped: capped,
      severity,
      items: items.map((i) => ({ ...i, severity: i.severity ?? severity })),
      link: def.link === undefined ? null : pick(def.link, c),
    };
  }
}
