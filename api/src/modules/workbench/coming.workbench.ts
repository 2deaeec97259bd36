import { t } from '../../core/http/problem.ts';
import type { WorkbenchRegistry } from './workbench.registry.ts';

/**
 * Cards of modules still to come (the open issues' inspections, duty and loans), so the roles that wait for them
 * see what is coming rather than an empty page. The module that arrives registers its real cards and removes its
 * line here.
 */
export function registerComingCards(wb: WorkbenchRegistry): void {
  wb.register({
    key: 'inspections.coming',
    module: 'inspections',
    order: 90,
    coming: true,
    roles: ['inspector'],
    title: t('检查任务', 'Inspection assignments'),
    description: t(
      '受托检查的企业、检查表和到期的检查会出现在这里；现在可在小程序上报隐患，并在这里跟踪您上报的隐患。',
      'The enterprises you are assigned, their checklists and inspections due will appear here; you can already report hazards in the mini-program.',
    ),
  });
  wb.register({
    key: 'duty.coming',
    module: 'duty',
    order: 90,
    coming: true,
    roles: ['rescue_leader', 'rescue_member'],
    title: t('值班与应急响应', 'Duty roster and call-outs'),
    description: t(
      '值班表、报警响应和出警记录会出现在这里；现在可查看企业档案中的应急队伍与物资。',
      'The duty roster, alarms to answer and call-out records will appear here; the enterprise files already list teams and supplies.',
    ),
  });
  wb.register({
    key: 'loans.coming',
    module: 'loans',
    order: 90,
    coming: true,
    roles: ['equipment_keeper'],
    title: t('器材借用与盘点', 'Equipment loans and stock-taking'),
    description: t(
      '借出待归还、即将过期的器材和盘点任务会出现在这里。',
      'Equipment on loan, equipment expiring and stock-takes due will appear here.',
    ),
  });
  wb.register({
    key: 'inspections.gridComing',
    module: 'inspections',
    order: 91,
    coming: true,
    roles: ['grid_worker'],
    title: t('巡查计划', 'Patrol plans'),
    description: t(
      '网格内企业的巡查计划和到期的巡查会出现在这里。',
      'Patrol plans for the enterprises of your grids and patrols due will appear here.',
    ),
  });
}
