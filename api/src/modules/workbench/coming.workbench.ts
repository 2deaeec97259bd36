import type { WorkbenchRegistry } from './workbench.registry.ts';

/**
 * Cards of modules still to come, so the roles that wait for them see what is coming rather than an empty page
 * (`coming: true`, a title and a description in both languages). None now: duty and the equipment room arrived
 * with issue 10 and registered their real cards. A module still to come adds its card here; the module that arrives
 * registers its real cards and removes its line.
 */
export function registerComingCards(wb: WorkbenchRegistry): void {
  void wb;
}
