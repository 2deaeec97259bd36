/**
 * Alarm → hazard (design §5): a second-level alarm of an enterprise's device, or an alarm closed with a cause of
 * HAZARD_CAUSES (设备设施缺陷, 管理缺陷/违章作业), opens a hazard through the ordinary `HazardService.create` path,
 * reported by the system actor 物联网平台 (source `iot_alarm`). It then follows the closed loop like any report —
 * the office confirms and grades it, the enterprise rectifies, the office reviews — and never closes because the
 * readings are back to normal. A zone device (the weather tower: no enterprise) opens none.
 */
import { ALARM_CAUSE_LABELS, IOT_QUANTITY_SPECS, type AlarmCause, type IotDeviceType, type IotQuantity } from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { CatalogItem } from '../tenants/tenant.entity.ts';
import type { HazardService } from '../hazards/hazard.service.ts';

/** The system's name on timelines and as the reporter of the hazards it opens. */
export const IOT_SYSTEM_NAME = '物联网平台';
/** The system actor's id (no user has it: a hazard it reports notifies no "reporter"). */
export const IOT_SYSTEM_ACTOR_ID = '00000000-0000-7000-8000-00000000107a';

/**
 * The actor that opens hazards for the platform: named 物联网平台, with the safety officer's role (it reports on
 * any enterprise of the zone; a report by the office is confirmed by a person, never by the system).
 */
export function systemActor(): Actor {
  return {
    userId: IOT_SYSTEM_ACTOR_ID,
    name: IOT_SYSTEM_NAME,
    role: 'safety_officer',
    enterpriseId: null,
    sessionId: null,
    actingAs: null,
  };
}

/** The hazard category of a device's alarm: by its key place first (液氨制冷 → 涉氨制冷), else by its type. */
export function hazardCategoryOf(d: { type: IotDeviceType; keyPlace: string | null }): string {
  const place = d.keyPlace ?? '';
  if (/有限空间/.test(place)) return 'confined_space';
  if (/粉尘/.test(place)) return 'dust';
  if (/锂电/.test(place)) return 'lithium';
  if (/氨/.test(place)) return 'ammonia';
  if (/喷涂/.test(place)) return 'spraying';
  if (/危化|化学/.test(place)) return 'hazchem';
  switch (d.type) {
    case 'gas_nh3':
      return 'ammonia';
    case 'gas_combustible':
    case 'gas_h2s':
    case 'gas_co':
    case 'gas_cl2':
      return 'hazchem';
    case 'smoke':
    case 'flame':
    case 'temperature':
      return 'fire';
    default:
      return 'other';
  }
}

/** A value with its quantity's decimals and unit: `55.0%LEL`, `86 ppm` (a state has no unit). */
export function formatValue(quantity: string | null, value: number | null): string {
  if (value === null) return '';
  const spec = quantity ? IOT_QUANTITY_SPECS[quantity as IotQuantity] : undefined;
  if (!spec) return String(value);
  const n = value.toFixed(spec.decimals);
  if (spec.unit === 'state') return n;
  return spec.unit.startsWith('%') || spec.unit === '℃' || spec.unit === '°' ? `${n}${spec.unit}` : `${n} ${spec.unit}`;
}

/** The device an alarm belongs to, as the hazard needs it. */
export interface AlarmDeviceInfo {
  id: string;
  name: string;
  type: IotDeviceType;
  enterpriseId: string | null;
  location: string | null;
  keyPlace: string | null;
}

/**
 * Opens the hazard of an alarm in `em`'s transaction and returns its id; null for a zone device or a zone without
 * any enabled hazard category. `why`: the second-level peak, or the handling record of a close.
 */
export async function openAlarmHazard(
  em: Em,
  hazards: HazardService,
  tenant: TenantInfo,
  device: AlarmDeviceInfo,
  why: { kind: 'level2'; quantity: string | null; peak: number | null } | { kind: 'cause'; cause: AlarmCause; measures: string },
): Promise<string | null> {
  if (!device.enterpriseId) return null;
  const wanted = hazardCategoryOf(device);
  const cats = (await em.find(CatalogItem, { kind: 'hazard_category', enabled: true }, { fields: ['code'] })).map((c) => c.code);
  const categoryCode = cats.includes(wanted) ? wanted : cats.includes('other') ? 'other' : cats[0];
  if (!categoryCode) return null;
  const where = `${device.name}（${device.location ?? '未注明位置'}）`;
  const what =
    why.kind === 'level2'
      ? `${why.quantity ? (IOT_QUANTITY_SPECS[why.quantity as IotQuantity]?.label ?? why.quantity) : ''} ${formatValue(why.quantity, why.peak)}，二级报警`
      : `报警处置原因：${ALARM_CAUSE_LABELS[why.cause].zh}。处置措施：${why.measures}`;
  const h = await hazards.create(em, systemActor(), tenant, {
    enterpriseId: device.enterpriseId,
    source: 'iot_alarm',
    categoryCode,
    description: `【物联网报警】${where}${what}`.slice(0, 2000),
    place: device.location?.slice(0, 100) ?? undefined,
    photoIds: [],
  });
  return h.id;
}
