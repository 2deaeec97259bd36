/** The inspection pages (the pkg-inspection subpackage: grid workers, safety officers, inspectors, enterprise users). */
export const INSPECTION_PAGES = {
  list: '/pkg-inspection/pages/list/index',
  task: '/pkg-inspection/pages/task/index',
} as const;
