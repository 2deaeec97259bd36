/**
 * A demo zone's equipment room (器材室), lived in: ~15 catalogue models of the gear the seed lists (正压式空气呼吸器,
 * 四合一气体检测仪, 无人机, 动力冲锋舟, 破拆工具组, 消防水带/水枪, 排水泵, 防汛沙袋, 担架, 对讲机, 移动照明灯塔 …) with
 * their maintenance rules, and ~60 units: some on loan to demo enterprises — the `ent-admin` user's enterprise among
 * them, one of its loans overdue — one to the rescue member, one in maintenance after a damaged return, one retired,
 * a submitted request waiting for the keeper, an approved request with its reservation next week, and a year of
 * maintenance history. Deterministic (asset tags, assignments and times relative to the seed's day) and idempotent:
 * a zone whose catalogue has models is left alone.
 */
import type { MaintenanceRule } from '@yuanan/contracts';
import { addDays, localDate, maintenanceDueDates } from '@yuanan/domain';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import type { Enterprise } from '../../modules/enterprises/enterprise.entity.ts';
import {
  EquipmentLoan,
  EquipmentMaintenance,
  EquipmentModel,
  EquipmentRequest,
  EquipmentReservation,
  EquipmentUnit,
} from '../../modules/equipment/equipment.entity.ts';
import type { User } from '../../modules/identity/identity.entity.ts';

export interface DemoEquipmentReport {
  skipped: boolean;
  models: number;
  units: number;
  loans: number;
  overdue: number;
}

type Category = EquipmentModel['category'];
interface DemoModel {
  prefix: string;
  category: Category;
  name: string;
  model: string;
  manufacturer: string;
  units: number;
  specs: Array<[string, string]>;
  rules: MaintenanceRule[];
  lendable?: boolean;
}

const annual = (label = '年度检测'): MaintenanceRule => ({ kind: 'annual', label, intervalMonths: 12 });
const battery: MaintenanceRule = { kind: 'battery', label: '电池充放电', intervalMonths: 1 };

/**
 * The catalogue: the gear an industrial zone's room lends (names as Chinese rescue equipment lists write them). A
 * spec 计量单位 names the measure word where the category's (contracts measureWord: 台, 套, 艘, 件) does not fit:
 * hoses by the 盘, nozzles by the 支, sandbags by the 包 (one unit is a pack of a hundred), a stretcher 副, a kit 个.
 */
export const DEMO_EQUIPMENT: DemoModel[] = [
  {
    prefix: 'KHQ',
    category: 'breathing_apparatus',
    name: '正压式空气呼吸器',
    model: 'RHZKF6.8/30',
    manufacturer: '霍尼韦尔',
    units: 8,
    specs: [
      ['气瓶容积', '6.8 L'],
      ['额定工作压力', '30 MPa'],
      ['使用时间', '约 60 min'],
    ],
    rules: [annual('整机年检'), { kind: 'cylinder', label: '气瓶水压检测', intervalMonths: 36 }],
  },
  {
    prefix: 'QTJ',
    category: 'gas_detector',
    name: '四合一气体检测仪',
    model: 'GasAlertMicroClip XL',
    manufacturer: '霍尼韦尔',
    units: 8,
    specs: [['检测气体', 'O₂ / CO / H₂S / 可燃气']],
    rules: [{ kind: 'calibration', label: '标定校准', intervalMonths: 6 }, battery],
  },
  {
    prefix: 'WRJ',
    category: 'drone',
    name: '无人机',
    model: 'M30T',
    manufacturer: '大疆',
    units: 3,
    specs: [
      ['续航', '41 min'],
      ['热成像', '640×512'],
    ],
    rules: [battery, annual()],
  },
  {
    prefix: 'CFZ',
    category: 'boat',
    name: '动力冲锋舟',
    model: 'HD-470',
    manufacturer: '海达',
    units: 2,
    specs: [
      ['艇长', '4.7 m'],
      ['载员', '8 人'],
    ],
    rules: [{ kind: 'engine', label: '发动机保养', intervalMonths: 3 }],
  },
  {
    prefix: 'PC',
    category: 'urban_rescue',
    name: '液压破拆工具组',
    model: 'BS-63',
    manufacturer: '维特',
    units: 3,
    specs: [['组成', '扩张器、剪切器、顶杆、机动泵']],
    rules: [annual()],
  },
  {
    prefix: 'SD',
    category: 'firefighting',
    name: '消防水带',
    model: '13-65-25',
    manufacturer: '沈阳消防',
    units: 6,
    specs: [
      ['口径', 'DN65'],
      ['长度', '25 m'],
      ['计量单位', '盘'],
    ],
    rules: [annual('水压试验')],
  },
  {
    prefix: 'SQ',
    category: 'firefighting',
    name: '多功能消防水枪',
    model: 'QLD6.0/8III',
    manufacturer: '沈阳消防',
    units: 4,
    specs: [
      ['流量', '8 L/s'],
      ['计量单位', '支'],
    ],
    rules: [],
  },
  {
    prefix: 'PSB',
    category: 'flood',
    name: '移动式排水泵',
    model: 'QS-500',
    manufacturer: '上海凯泉',
    units: 3,
    specs: [['排量', '500 m³/h']],
    rules: [{ kind: 'trial', label: '试运行', intervalMonths: 3 }],
  },
  {
    prefix: 'SSD',
    category: 'flood',
    name: '吸水膨胀防汛沙袋（百只装）',
    model: 'XS-40',
    manufacturer: '浙江防汛',
    units: 4,
    specs: [
      ['规格', '40×60 cm'],
      ['计量单位', '包'],
    ],
    rules: [],
  },
  {
    prefix: 'DJ',
    category: 'medical',
    name: '铲式担架',
    model: 'YXH-1A',
    manufacturer: '鱼跃',
    units: 3,
    specs: [
      ['承重', '159 kg'],
      ['计量单位', '副'],
    ],
    rules: [],
  },
  {
    prefix: 'JHX',
    category: 'medical',
    name: '急救箱（AED 套装）',
    model: 'M600',
    manufacturer: '迈瑞',
    units: 2,
    specs: [
      ['电极片有效期', '2 年'],
      ['计量单位', '个'],
    ],
    rules: [battery],
  },
  {
    prefix: 'DJJ',
    category: 'communication',
    name: '防爆对讲机',
    model: 'P8668iEx',
    manufacturer: '摩托罗拉',
    units: 6,
    specs: [['防爆等级', 'Ex ib IIC T4']],
    rules: [battery],
  },
  {
    prefix: 'ZM',
    category: 'lighting',
    name: '移动照明灯塔',
    model: 'SFW6110B',
    manufacturer: '海洋王',
    units: 2,
    specs: [
      ['功率', '4×500 W'],
      ['升降高度', '4.5 m'],
    ],
    rules: [{ kind: 'trial', label: '试运行', intervalMonths: 3 }],
  },
  {
    prefix: 'FHF',
    category: 'breathing_apparatus',
    name: '重型防化服',
    model: 'RFH-03',
    manufacturer: '雷克兰',
    units: 2,
    specs: [['防护等级', 'A 级']],
    rules: [{ kind: 'airtight', label: '气密性检测', intervalMonths: 6 }],
    lendable: false,
  },
  {
    prefix: 'SMS',
    category: 'other',
    name: '生命探测仪',
    model: 'SJ-3000',
    manufacturer: '北京凌天',
    units: 1,
    specs: [
      ['探测深度', '≥ 30 m'],
      ['计量单位', '台'],
    ],
    rules: [annual()],
    lendable: false,
  },
];

const H = 3600_000;
const D = 24 * H;

/**
 * Seeds the zone's equipment room once (see the module comment). `enterprises` are the zone's demo enterprises in
 * seed order (the first is `ent-admin`'s); `users` the demo users by username.
 */
export async function seedDemoEquipment(
  em: Em,
  zone: TenantInfo,
  enterprises: Enterprise[],
  users: Map<string, User>,
  accounts: Map<string, User[]>,
): Promise<DemoEquipmentReport> {
  if (await em.count(EquipmentModel, {})) return { skipped: true, models: 0, units: 0, loans: 0, overdue: 0 };
  const now = new Date();
  const tz = zone.timeZone;
  const today = localDate(now, tz);
  const keeper = users.get('keeper')!;
  const rescuer = users.get('rescue1');
  const entAdmin = users.get('ent-admin');
  let loans = 0;
  let overdue = 0;
  await em.transactional(async (tx) => {
    const units = new Map<string, EquipmentUnit[]>();
    for (const [mi, d] of DEMO_EQUIPMENT.entries()) {
      const m = tx.create(EquipmentModel, {
        category: d.category,
        name: d.name,
        model: d.model,
        manufacturer: d.manufacturer,
        specs: d.specs.map(([key, value]) => ({ key, value })),
        photoFileIds: [],
        maintenanceRules: d.rules,
        lendable: d.lendable ?? true,
        description: null,
      });
      const list: EquipmentUnit[] = [];
      for (let i = 1; i <= d.units; i++) {
        const purchasedOn = addDays(today, -(200 + mi * 37 + i * 11));
        const u = tx.create(EquipmentUnit, {
          modelId: m.id,
          assetTag: `${d.prefix}-${String(i).padStart(3, '0')}`,
          serial: `${d.prefix}${2024 + (i % 3)}${String(1000 + mi * 50 + i)}`,
          location: `应急服务中心器材室 ${String.fromCharCode(65 + (mi % 5))} 架 ${1 + (i % 4)} 层`,
          purchasedOn,
          warrantyUntil: addDays(purchasedOn, 3 * 365),
          condition: 'good',
          status: 'available',
          lendableBlockedReason: null,
          nextMaintenanceOn: null,
          incidentRef: null,
        });
        // A year of history: each rule's last passed job, a month or two before its due date would come round.
        const last: Record<string, string> = {};
        for (const r of d.rules) {
          const done = addDays(today, -Math.min(300, r.intervalMonths * 30 - 20 - ((i * 7 + mi) % 25)));
          if (done <= purchasedOn) continue;
          last[r.kind] = done;
          tx.create(EquipmentMaintenance, {
            unitId: u.id,
            kind: r.kind,
            label: r.label,
            dueOn: done,
            status: 'passed',
            source: 'schedule',
            resultNote: '合格',
            photoFileIds: [],
            performedBy: keeper.id,
            performedAt: new Date(Date.parse(`${done}T02:00:00Z`)),
          });
        }
        u.nextMaintenanceOn = maintenanceDueDates(d.rules, last, purchasedOn)[0]?.dueOn ?? null;
        list.push(u);
      }
      units.set(d.prefix, list);
    }
    const unit = (prefix: string, n: number) => units.get(prefix)![n - 1]!;
    const lend = (
      u: EquipmentUnit,
      e: Enterprise | null,
      who: User | undefined,
      out: number,
      due: number,
      opts: { name?: string; phone?: string; declared?: boolean } = {},
    ) => {
      u.status = 'on_loan';
      const l = tx.create(EquipmentLoan, {
        unitId: u.id,
        borrowerKind: e ? 'enterprise' : 'person',
        enterpriseId: e?.id ?? null,
        borrowerUserId: who?.id ?? null,
        borrowerName: opts.name ?? who?.name ?? e?.name ?? '',
        borrowerPhone: opts.phone ?? null,
        incidentRef: null,
        requestId: null,
        reservationId: null,
        checkedOutAt: new Date(now.getTime() - out),
        checkedOutBy: keeper.id,
        dueAt: new Date(now.getTime() + due),
        outCondition: 'good',
        outPhotoFileIds: [],
        signatureFileId: null,
        returnDeclaredAt: opts.declared ? new Date(now.getTime() - H) : null,
        returnDeclaredNote: null,
        returnedAt: null,
        returnedBy: null,
        returnCondition: null,
        returnPhotoFileIds: [],
        damageNote: null,
        recalledAt: null,
        recallReason: null,
      });
      loans++;
      if (due < 0) overdue++;
      return l;
    };
    const [e0, e1, e2, e3] = enterprises;
    const admin = (e: Enterprise | undefined) => (e ? accounts.get(e.id)?.find((u) => u.role === 'enterprise_admin') : undefined);
    // ent-admin's enterprise: a gas detector due in 3 days, a breathing apparatus overdue by 2 days.
    if (e0) {
      lend(unit('QTJ', 1), e0, entAdmin, 4 * D, 3 * D, { phone: '13905790009' });
      lend(unit('KHQ', 1), e0, entAdmin, 9 * D, -2 * D, { phone: '13905790009' });
    }
    if (e1) {
      lend(unit('QTJ', 2), e1, admin(e1), 2 * D, 5 * D);
      lend(unit('PSB', 1), e1, admin(e1), 1 * D, 6 * D, { declared: true });
    }
    if (e2) lend(unit('DJJ', 1), e2, admin(e2), 3 * D, 11 * D);
    if (rescuer) lend(unit('WRJ', 1), null, rescuer, 1 * D, 2 * D, { phone: '13905790006' });
    // A past loan returned damaged: the pump is in maintenance with its repair job.
    const pump = unit('PSB', 2);
    pump.status = 'maintenance';
    pump.condition = 'damaged';
    if (e3)
      tx.create(EquipmentLoan, {
        unitId: pump.id,
        borrowerKind: 'enterprise',
        enterpriseId: e3.id,
        borrowerUserId: admin(e3)?.id ?? null,
        borrowerName: admin(e3)?.name ?? e3.name,
        borrowerPhone: null,
        incidentRef: null,
        requestId: null,
        reservationId: null,
        checkedOutAt: new Date(now.getTime() - 12 * D),
        checkedOutBy: keeper.id,
        dueAt: new Date(now.getTime() - 5 * D),
        outCondition: 'good',
        outPhotoFileIds: [],
        signatureFileId: null,
        returnDeclaredAt: null,
        returnDeclaredNote: null,
        returnedAt: new Date(now.getTime() - 5 * D - 2 * H),
        returnedBy: keeper.id,
        returnCondition: 'damaged',
        returnPhotoFileIds: [],
        damageNote: '叶轮卡滞，电机异响',
        recalledAt: null,
        recallReason: null,
      });
    tx.create(EquipmentMaintenance, {
      unitId: pump.id,
      kind: 'repair',
      label: '归还损坏检修',
      dueOn: addDays(today, -5),
      status: 'due',
      source: 'return_damage',
      resultNote: '叶轮卡滞，电机异响',
      photoFileIds: [],
      performedBy: null,
      performedAt: null,
    });
    // One retired: an old hose that failed its pressure test.
    const hose = unit('SD', 6);
    hose.status = 'retired';
    hose.condition = 'damaged';
    hose.nextMaintenanceOn = null;
    // A request waiting for the keeper (ent-admin's enterprise: a drone for two days next week).
    if (e0 && entAdmin) {
      tx.create(EquipmentRequest, {
        enterpriseId: e0.id,
        requestedBy: entAdmin.id,
        contactName: entAdmin.name,
        contactPhone: '13905790009',
        items: [{ modelId: unit('WRJ', 2).modelId, quantity: 1 }],
        startsAt: new Date(Date.parse(`${addDays(today, 8)}T00:00:00Z`)),
        endsAt: new Date(Date.parse(`${addDays(today, 10)}T00:00:00Z`)),
        purpose: '储罐区年度检修期间无人机巡检',
        status: 'submitted',
        rejectReason: null,
        decidedBy: null,
        decidedAt: null,
      });
    }
    // An approved request with its reservation next week (a flood drill at another enterprise).
    const drillBy = admin(e1) ?? entAdmin;
    if (e1 && drillBy) {
      const starts = new Date(Date.parse(`${addDays(today, 6)}T00:30:00Z`));
      const ends = new Date(starts.getTime() + 2 * D);
      const r = tx.create(EquipmentRequest, {
        enterpriseId: e1.id,
        requestedBy: drillBy.id,
        contactName: drillBy.name,
        contactPhone: null,
        items: [{ modelId: unit('PSB', 3).modelId, quantity: 1 }],
        startsAt: starts,
        endsAt: ends,
        purpose: '汛前防汛应急演练',
        status: 'approved',
        rejectReason: null,
        decidedBy: keeper.id,
        decidedAt: new Date(now.getTime() - D),
      });
      tx.create(EquipmentReservation, {
        unitId: unit('PSB', 3).id,
        startsAt: starts,
        endsAt: ends,
        requestId: r.id,
        borrowerKind: 'enterprise',
        enterpriseId: e1.id,
        borrowerUserId: drillBy.id,
        borrowerName: drillBy.name,
        borrowerPhone: null,
        incidentRef: null,
        status: 'active',
        createdBy: keeper.id,
      });
    }
  });
  return {
    skipped: false,
    models: DEMO_EQUIPMENT.length,
    units: DEMO_EQUIPMENT.reduce((n, d) => n + d.units, 0),
    loans,
    overdue,
  };
}
