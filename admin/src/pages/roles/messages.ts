import type { Role } from '@yuanan/contracts';
import { defineMessages } from '../../i18n/feature.ts';

/**
 * Where each role works besides the console pages its permissions open (those are computed, not written here):
 * what the mini-program gives it today, and the modules still coming (issue backlog: inspections, duty and
 * rescue, equipment, IoT alarms, incidents, laws, city supervision). Kept in step with miniapp/src/pkg-*.
 */
export const roleWhereMessages = defineMessages(
  {
    consoleCol: '管理后台',
    miniappCol: '小程序',
    comingCol: '即将开放',
    noConsole: '不使用管理后台',
    noMiniapp: '—',
    none: '—',
    mini_platform_admin: '—',
    mini_city_supervisor: '仅个人资料（提示使用管理后台）',
    mini_zone_admin: '仅个人资料（提示使用管理后台）',
    mini_safety_officer: '隐患确认定级、整改复核、上报、网格查看、消息',
    mini_grid_worker: '隐患上报、网格隐患跟踪、园区网格、消息',
    mini_inspector: '隐患上报（合同内企业）、消息',
    mini_rescue_leader: '消息',
    mini_rescue_member: '消息',
    mini_equipment_keeper: '仅个人资料（提示使用管理后台）',
    mini_enterprise_admin: '工作台、企业档案与变更申请、证照、危化品、物资、隐患自报与整改、消息',
    mini_enterprise_staff: '工作台、企业档案、证照、物资、隐患自报与整改、消息',
    soon_platform_admin: '—',
    soon_city_supervisor: '全市园区监管视图（市级督办与统计）',
    soon_zone_admin: '检查计划、值班与救援、物联网报警、事故事件',
    soon_safety_officer: '检查计划与记录、物联网报警、事故事件、法规查询',
    soon_grid_worker: '巡查任务、手机查看企业档案、法规查询',
    soon_inspector: '检查任务、现场签到、检查记录、服务企业、法规查询',
    soon_rescue_leader: '出警任务、值班排班、换班审批、救援器材、应急预案',
    soon_rescue_member: '出警任务、值班排班、现场回报、换班申请',
    soon_equipment_keeper: '救援器材台账、借还与检验提醒',
    soon_enterprise_admin: '接受检查与签字、物联网报警',
    soon_enterprise_staff: '接受检查与签字',
  },
  {
    consoleCol: 'Console',
    miniappCol: 'Mini-program',
    comingCol: 'Coming',
    noConsole: 'Does not use the console',
    noMiniapp: '—',
    none: '—',
    mini_platform_admin: '—',
    mini_city_supervisor: 'Profile only (pointed to the console)',
    mini_zone_admin: 'Profile only (pointed to the console)',
    mini_safety_officer: 'Hazard grading, rectification review, reports, grids, messages',
    mini_grid_worker: 'Hazard reports, grid hazard follow-up, grids, messages',
    mini_inspector: 'Hazard reports (contracted enterprises), messages',
    mini_rescue_leader: 'Messages',
    mini_rescue_member: 'Messages',
    mini_equipment_keeper: 'Profile only (pointed to the console)',
    mini_enterprise_admin:
      'Workbench, enterprise file and change requests, certificates, chemicals, supplies, hazard self-reports and rectification, messages',
    mini_enterprise_staff: 'Workbench, enterprise file, certificates, supplies, hazard self-reports and rectification, messages',
    soon_platform_admin: '—',
    soon_city_supervisor: 'City-wide supervision of the zones (city listing and statistics)',
    soon_zone_admin: 'Inspection plans, duty and rescue, IoT alarms, incidents',
    soon_safety_officer: 'Inspection plans and records, IoT alarms, incidents, laws and standards',
    soon_grid_worker: 'Patrol tasks, enterprise files on the phone, laws and standards',
    soon_inspector: 'Inspection tasks, on-site check-in, inspection records, contracted enterprises, laws and standards',
    soon_rescue_leader: 'Call-outs, duty rota, shift-swap approval, rescue equipment, emergency plans',
    soon_rescue_member: 'Call-outs, duty rota, field reports, shift swaps',
    soon_equipment_keeper: 'Rescue equipment register, loans and inspection reminders',
    soon_enterprise_admin: 'Inspections received and signed, IoT alarms',
    soon_enterprise_staff: 'Inspections received and signed',
  },
);

export type RoleWhereKey = `mini_${Role}` | `soon_${Role}`;
