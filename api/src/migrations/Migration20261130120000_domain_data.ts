import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 8 §7, written by hand:
 * 1. hazardous_chemicals.category (one GB 18218 Table 2 symbol) becomes `categories`, a JSON list: a chemical with
 *    several hazard characteristics takes the lowest critical quantity (GB 18218-2018 4.1.2 b). Existing values are
 *    kept as one-element lists.
 * 2. The clause codes stored on hazards (hazards.major_checklist_items) move from checklist version `yjb-10-2023` to
 *    `yjb-10-2023-r2` (部令第10号 articles as published: dust 第十一条, ammonia 第十二条, confined spaces 第十三条), so
 *    every existing hazard keeps the clause it was graded by. The map is frozen here (not imported) so later edits
 *    of the checklist data cannot change what this migration did.
 * Plain SQL plus row-wise rewrites in JS: no JSON_* functions (MariaDB, MySQL 8 and TiDB differ in them).
 */
export const CHECKLIST_CODES_V1_TO_R2: Readonly<Record<string, string>> = {
  '12-1': '11-1',
  '12-2': '11-2',
  '12-3': '11-3',
  '12-4': '11-4',
  '12-5': '11-5',
  '12-6': '11-6',
  '12-7': '11-7',
  '12-8': '11-8',
  '12-9': '11-9',
  '12-10': '11-10',
  '13-1': '12-1',
  '13-2': '12-2',
  '14-1': '13-1',
  '14-2': '13-2',
};

/** One pass (12-1 → 11-1 and 13-1 → 12-1 must not chain); codes not in the map are kept. */
export function remapChecklistCodes(codes: readonly string[], map: Readonly<Record<string, string>>): string[] {
  return codes.map((c) => map[c] ?? c);
}

const inverse = (m: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k]));

/** A JSON column comes back parsed (MySQL) or as text (MariaDB's json is longtext). */
const parseList = (v: unknown): string[] => {
  const x = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
  return Array.isArray(x) ? x.map(String) : [];
};

export class Migration20261130120000_domain_data extends Migration {
  override name = 'Migration20261130120000_domain_data';

  override async up(): Promise<void> {
    await this.execute('alter table `hazardous_chemicals` add `categories` json null;');
    const used = await this.execute(
      'select distinct `category` as c from `hazardous_chemicals` where `category` is not null and `category` <> \'\';',
    );
    for (const { c } of used as Array<{ c: string }>)
      await this.execute('update `hazardous_chemicals` set `categories` = ? where `category` = ?;', [JSON.stringify([c]), c]);
    await this.execute("update `hazardous_chemicals` set `categories` = '[]' where `categories` is null;");
    await this.execute('alter table `hazardous_chemicals` modify `categories` json not null;');
    await this.execute('alter table `hazardous_chemicals` drop column `category`;');
    await this.#rewriteHazardCodes(CHECKLIST_CODES_V1_TO_R2);
  }

  override async down(): Promise<void> {
    await this.#rewriteHazardCodes(inverse(CHECKLIST_CODES_V1_TO_R2));
    await this.execute('alter table `hazardous_chemicals` add `category` varchar(8) null;');
    // The first category goes back; a second one has no place in the old column.
    const rows = (await this.execute('select `id`, `categories` from `hazardous_chemicals`;')) as Array<{
      id: string;
      categories: unknown;
    }>;
    for (const r of rows) {
      const first = parseList(r.categories)[0];
      if (first) await this.execute('update `hazardous_chemicals` set `category` = ? where `id` = ?;', [first, r.id]);
    }
    await this.execute('alter table `hazardous_chemicals` drop column `categories`;');
  }

  /** Rewrites every hazard's clause codes with `map`, by keyset pages; one UPDATE per distinct new value per page. */
  async #rewriteHazardCodes(map: Readonly<Record<string, string>>): Promise<void> {
    let after = '';
    for (;;) {
      const rows = (await this.execute(
        'select `id`, `major_checklist_items` as items from `hazards` where `id` > ? order by `id` limit 1000;',
        [after],
      )) as Array<{ id: string; items: unknown }>;
      if (!rows.length) return;
      const byValue = new Map<string, string[]>();
      for (const r of rows) {
        const before = parseList(r.items);
        const next = remapChecklistCodes(before, map);
        if (next.every((c, i) => c === before[i])) continue;
        const v = JSON.stringify(next);
        byValue.set(v, [...(byValue.get(v) ?? []), r.id]);
      }
      for (const [v, ids] of byValue)
        await this.execute(
          `update \`hazards\` set \`major_checklist_items\` = ? where \`id\` in (${ids.map(() => '?').join(', ')});`,
          [v, ...ids],
        );
      after = rows[rows.length - 1]!.id;
    }
  }
}
