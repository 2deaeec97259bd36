import { isBureauRole, ROLE_LABELS, ROLES, type CatalogKind } from '@yuanan/contracts';

export interface DefaultItem {
  kind: CatalogKind;
  code: string;
  name: string;
  group: string | null;
}

/** Hazard categories (DOMAIN.md; each zone may edit them). */
const HAZARD_CATEGORIES: Array<[string, string]> = [
  ['fire', '消防'],
  ['electrical', '电气'],
  ['special_equipment', '特种设备'],
  ['hazchem', '危化品'],
  ['confined_space', '有限空间'],
  ['dust', '粉尘涉爆'],
  ['ammonia', '涉氨制冷'],
  ['spraying', '喷涂'],
  ['lithium', '锂电'],
  ['occupational_health', '职业卫生'],
  ['management', '安全管理'],
  ['other', '其他'],
];

/** Zhejiang "三场所三企业" and the risk tags used beside them (DOMAIN.md), as an editable per-zone set. */
const KEY_PLACE_TAGS: Array<[string, string, string]> = [
  ['confined_space', '有限空间作业场所', 'place'],
  ['combustible_dust', '可燃爆粉尘作业场所', 'place'],
  ['spraying', '喷涂作业场所', 'place'],
  ['metal_smelting', '金属冶炼', 'enterprise'],
  ['ammonia_refrigeration', '涉氨制冷', 'enterprise'],
  ['shipbuilding', '船舶修造', 'enterprise'],
  ['hazchem_use', '危化品使用', 'risk'],
  ['lithium_battery', '锂电池使用/生产', 'risk'],
  ['electroplating', '电镀', 'risk'],
  ['flammable_explosive', '易燃易爆', 'risk'],
];

export function defaultCatalog(): DefaultItem[] {
  return [
    // A zone's roles (a bureau's city_supervisor is no role of a zone, and bureaus have no catalogue).
    ...ROLES.filter((r) => r !== 'platform_admin' && r !== 'api_client' && !isBureauRole(r)).map((r) => ({
      kind: 'role' as const,
      code: r,
      name: ROLE_LABELS[r].zh,
      group: null,
    })),
    ...HAZARD_CATEGORIES.map(([code, name]) => ({ kind: 'hazard_category' as const, code, name, group: null })),
    ...KEY_PLACE_TAGS.map(([code, name, group]) => ({ kind: 'key_place_tag' as const, code, name, group })),
  ];
}
