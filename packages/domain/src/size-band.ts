/**
 * Enterprise size band for industry (统计上大中小微型企业划分办法 2017): employees X and revenue Y (万元).
 * Large, medium and small need both thresholds; failing one drops a band. Micro: X < 20 or Y < 300.
 */
export type SizeBand = 'large' | 'medium' | 'small' | 'micro';

export function sizeBand(employees: number | null | undefined, revenueWan: number | null | undefined): SizeBand | null {
  if (employees == null || revenueWan == null || employees < 0 || revenueWan < 0) return null;
  if (employees >= 1000 && revenueWan >= 40000) return 'large';
  if (employees >= 300 && revenueWan >= 2000) return 'medium';
  if (employees >= 20 && revenueWan >= 300) return 'small';
  return 'micro';
}

export const SIZE_BAND_LABELS: Record<SizeBand, string> = { large: '大型', medium: '中型', small: '小型', micro: '微型' };
