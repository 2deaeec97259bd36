import { t } from '../../core/http/problem.ts';
import type { WorkbenchRegistry } from './workbench.registry.ts';

/**
 * Cards of modules still to come (the open issues' duty and loans), so the roles that wait for them
 * see what is coming rather than an empty page. The module that arrives registers its real cards and removes its
 * line here.
 */
export function registerComingCards(wb: WorkbenchRegistry): void {
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
}
