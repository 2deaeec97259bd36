import { localDate } from '@yuanan/domain';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { CatalogItem } from '../tenants/tenant.entity.ts';
import { Hazard } from './hazard.entity.ts';
import { hazardWhere } from './hazard-scope.ts';

/**
 * Quarterly statistics are due by the 15th of the month after the quarter; yearly ones by 31 January.
 * `label` names the period in `lang` (2026年第1季度 / Q1 2026).
 */
export function reportingPeriods(year: number, lang: 'zh-CN' | 'en' = 'zh-CN') {
  const quarters = [1, 2, 3, 4].map((q) => {
    const due = q === 4 ? `${year + 1}-01-15` : `${year}-${String(q * 3 + 1).padStart(2, '0')}-15`;
    return {
      period: `${year}-Q${q}`,
      label: lang === 'en' ? `Q${q} ${year}` : `${year}年第${q}季度`,
      from: `${year}-${String(q * 3 - 2).padStart(2, '0')}-01`,
      to: q === 4 ? `${year + 1}-01-01` : `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`,
      dueOn: due,
    };
  });
  return [
    ...quarters,
    {
      period: `${year}`,
      label: lang === 'en' ? `Full year ${year}` : `${year}年全年`,
      from: `${year}-01-01`,
      to: `${year + 1}-01-01`,
      dueOn: `${year + 1}-01-31`,
    },
  ];
}

export async function hazardStats(em: Em, actor: Actor, tenant: TenantInfo, year: number, lang: 'zh-CN' | 'en' = 'zh-CN') {
  const rows = await em.find(Hazard, await hazardWhere(em, actor), {
    fields: ['id', 'status', 'grade', 'categoryCode', 'gridId', 'enterpriseId', 'deadline', 'closedAt', 'reportedAt'],
  });
  const inc = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  const byStatus: Record<string, number> = {};
  const byGrade: Record<string, number> = {};
  const byCat: Record<string, number> = {};
  const byGrid = new Map<string | null, number>();
  const byEnt = new Map<string, { count: number; open: number }>();
  let closedWithDeadline = 0;
  let onTime = 0;
  for (const h of rows) {
    inc(byStatus, h.status);
    inc(byGrade, h.grade ?? 'ungraded');
    inc(byCat, h.categoryCode);
    byGrid.set(h.gridId ?? null, (byGrid.get(h.gridId ?? null) ?? 0) + 1);
    const e = byEnt.get(h.enterpriseId) ?? { count: 0, open: 0 };
    e.count++;
    if (!['closed', 'dismissed'].includes(h.status)) e.open++;
    byEnt.set(h.enterpriseId, e);
    if (h.status === 'closed' && h.deadline && h.closedAt) {
      closedWithDeadline++;
      if (h.closedAt <= h.deadline) onTime++;
    }
  }
  const cats = await em.find(
    CatalogItem,
    { kind: { $in: ['hazard_category', 'grid'] } },
    { fields: ['id', 'kind', 'code', 'name'] },
  );
  const ents = await em.find(Enterprise, { id: { $in: [...byEnt.keys()] } }, { fields: ['id', 'name'] });
  const local = (d: Date) => localDate(d, tenant.timeZone);
  return {
    byStatus,
    byGrade,
    byCategory: Object.entries(byCat)
      .map(([code, count]) => ({
        code,
        name: cats.find((c) => c.kind === 'hazard_category' && c.code === code)?.name ?? code,
        count,
      }))
      .sort((a, b) => b.count - a.count),
    byGrid: [...byGrid.entries()].map(([gridId, count]) => ({
      gridId,
      gridName: cats.find((c) => c.id === gridId)?.name ?? '未划分网格',
      count,
    })),
    byEnterprise: [...byEnt.entries()]
      .map(([enterpriseId, v]) => ({ enterpriseId, enterpriseName: ents.find((e) => e.id === enterpriseId)?.name ?? '', ...v }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 20),
    onTimeRate: closedWithDeadline ? Math.round((onTime / closedWithDeadline) * 1000) / 1000 : null,
    periods: reportingPeriods(year, lang).map((p) => ({
      period: p.period,
      label: p.label,
      dueOn: p.dueOn,
      reported: rows.filter((h) => local(h.reportedAt) >= p.from && local(h.reportedAt) < p.to).length,
      closed: rows.filter((h) => h.closedAt && local(h.closedAt) >= p.from && local(h.closedAt) < p.to).length,
      major: rows.filter((h) => h.grade === 'major' && local(h.reportedAt) >= p.from && local(h.reportedAt) < p.to).length,
    })),
  };
}
