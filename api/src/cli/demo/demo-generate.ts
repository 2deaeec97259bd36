/**
 * The generated part of a demo zone: enterprises beyond the hand-written ones, up to `zone.enterpriseCount`, drawn
 * with a seeded generator (demo-random.ts) so every run and every machine gets the same zone. Each is placed in a
 * free slot of a plot of its grid on the generated site plan (demo-records.ts `seedSitePlan`: 4 × 3 plots), and its
 * latitude/longitude follow from that point around the zone's centre.
 */
import { INDUSTRIES, OWNERSHIP_WEIGHTS, STANDARDISATION, STRUCTURES, brand, personName } from './demo-names.ts';
import { Rng } from './demo-random.ts';
import type { DemoEnterprise, DemoZone } from './demo-data.ts';

/** Plots of the site plan (fractions of its 1600 × 1000 size): column x, row y → [left, top, right, bottom]. */
function plot(x: number, y: number): [number, number, number, number] {
  const l = (60 + x * 390) / 1600;
  const t = (60 + y * 310) / 1000;
  return [l, t, l + 340 / 1600, t + 260 / 1000];
}

/** Latitude/longitude of a site-plan point (the plan spans about 2.4 km × 1.8 km around the centre). */
export function planToLatLng(zone: DemoZone, x: number, y: number): { lat: number; lng: number } {
  return {
    lat: Number((zone.centre.lat + (0.5 - y) * 0.016).toFixed(6)),
    lng: Number((zone.centre.lng + (x - 0.5) * 0.024).toFixed(6)),
  };
}

/** The zone's enterprises: the hand-written ones, then generated ones up to `zone.enterpriseCount`. */
export function demoEnterprises(zone: DemoZone): DemoEnterprise[] {
  const rng = new Rng(`yuanan-demo:${zone.code}:enterprises`);
  const out: DemoEnterprise[] = [...zone.enterprises];
  const usedBrands = new Set<string>();
  const usedNames = new Set(out.map((e) => e.name));
  const taken: Array<[number, number]> = out.map((e) => e.plan);
  const numbers = new Map<string, number>();
  const gridCodes = zone.grids.map(([g]) => g);
  const gridWeights = gridCodes.map((g) => [g, zone.gridRows[g]!.length * (g.endsWith('3') ? 0.7 : 1)] as const);
  // Slots: 4 × 3 per plot, jittered, free of the hand-written points.
  const slots = new Map<string, Array<[number, number]>>();
  for (const g of gridCodes) {
    const list: Array<[number, number]> = [];
    for (const row of zone.gridRows[g]!)
      for (let px = 0; px < 4; px++) {
        const [l, t, r, b] = plot(px, row);
        for (let sx = 0; sx < 4; sx++)
          for (let sy = 0; sy < 3; sy++) {
            const x = l + ((r - l) * (sx + 0.5)) / 4 + rng.float(-0.008, 0.008, 4);
            const y = t + ((b - t) * (sy + 0.5)) / 3 + rng.float(-0.012, 0.012, 4);
            if (!taken.some(([tx, ty]) => Math.abs(tx - x) < 0.03 && Math.abs(ty - y) < 0.05)) list.push([x, y]);
          }
      }
    slots.set(g, rng.sample(list, list.length));
  }
  const industries = INDUSTRIES.map((p) => [p, p.weight] as const);
  for (let i = out.length; i < zone.enterpriseCount; i++) {
    const p = rng.weighted(industries);
    let grid = rng.weighted(gridWeights);
    if (!slots.get(grid)!.length) grid = gridCodes.find((g) => slots.get(g)!.length)!;
    const [x, y] = slots.get(grid)!.pop()!;
    const employees = Math.max(p.employees[0], Math.round(p.employees[0] + (p.employees[1] - p.employees[0]) * rng.next() ** 2));
    const annualRevenue = Math.round(employees * rng.float(p.revenuePerHead[0], p.revenuePerHead[1], 1));
    const ownership = employees < 25 && rng.chance(0.4) ? '个体' : rng.weighted(OWNERSHIP_WEIGHTS);
    let name = '';
    while (!name || usedNames.has(name)) {
      const b = brand(rng, usedBrands);
      const product = rng.pick(p.products);
      name =
        ownership === '个体'
          ? `义乌市${b}${product}厂`
          : ownership === '股份制'
            ? `浙江${b}${product}股份有限公司`
            : `${employees > 250 && rng.chance(0.6) ? '浙江' : '义乌市'}${b}${product}有限公司`;
    }
    usedNames.add(name);
    const principal = personName(rng);
    const road = rng.pick(zone.roads[grid]!);
    const n = (numbers.get(road) ?? rng.int(1, 20)) + rng.int(2, 16) * 2;
    numbers.set(road, n);
    const tags = p.tags.filter(([, prob]) => rng.chance(prob)).map(([t]) => t);
    const chemicals: NonNullable<DemoEnterprise['chemicals']> = [];
    for (const [cname, cas, min, max, storage, prob, categories] of p.chemicals ?? []) {
      if (cname === '液氨' && !tags.includes('ammonia_refrigeration')) continue;
      if (rng.chance(prob)) chemicals.push([cname, cas, rng.float(min, max, 1), storage, categories ?? []]);
    }
    out.push({
      name,
      industryCode: p.code,
      industryName: p.name,
      ownership,
      employees,
      annualRevenue,
      principal,
      safetyManager: employees < 30 && rng.chance(0.4) ? principal : personName(rng),
      address: `${zone.addressPrefix}${road}${n}号`,
      ...planToLatLng(zone, x, y),
      plan: [Number(x.toFixed(4)), Number(y.toFixed(4))],
      grid,
      tags,
      structure: rng.weighted(STRUCTURES),
      sprinklers: employees > 100 || rng.chance(0.5),
      standardisation: employees < 20 ? rng.pick(['小微', '未达标']) : rng.weighted(STANDARDISATION),
      trade: p.trade ?? true,
      chemicals,
      peopleWithin500m: chemicals.length ? rng.int(3, 30) * 100 : undefined,
    });
  }
  // A few small workshops rent space in a larger plant (厂中厂): next to it, at its address.
  const hosts = out.filter((e, i) => i >= zone.enterprises.length && e.employees >= 120 && !e.landlord);
  const small = out.filter((e, i) => i >= zone.enterprises.length && e.employees < 40 && !e.chemicals?.length);
  for (const [k, e] of rng.sample(small, 4).entries()) {
    const host = hosts[k];
    if (!host) break;
    e.landlord = host.name;
    e.grid = host.grid;
    e.plan = [Number((host.plan[0] + 0.012).toFixed(4)), Number((host.plan[1] + 0.025).toFixed(4))];
    Object.assign(e, planToLatLng(zone, e.plan[0], e.plan[1]));
    e.address = `${host.address}（${host.name.replace(/^(义乌市|浙江)/, '').replace(/(股份)?有限公司$/, '')}厂区内）`;
  }
  return out;
}
