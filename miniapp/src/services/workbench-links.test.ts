import { INSPECTION_PAGES as SUBPACKAGE_PAGES } from '../pkg-inspection/services/pages';
import { INSPECTION_PAGES, pageOfLink } from './routes';
import { miniPageOf } from './workbench-links';

const ID = '0192f3a4-1111-7222-8333-444455556666';

test('a hazard opens its detail for every role', () => {
  for (const role of ['enterprise_staff', 'grid_worker', 'safety_officer', 'inspector'] as const)
    expect(miniPageOf(`/hazards/${ID}`, role)).toBe(`/pkg-hazard/pages/detail/index?id=${ID}`);
});

test('a hazard list opens the tab the role has for it', () => {
  expect(miniPageOf('/hazards?status=reported', 'grid_worker')).toBe('/pkg-hazard/pages/list/index?tab=reported');
  expect(miniPageOf('/hazards?status=reported', 'safety_officer')).toBe('/pkg-hazard/pages/list/index?tab=todo');
  expect(miniPageOf('/hazards?status=pending_review', 'safety_officer')).toBe('/pkg-hazard/pages/list/index?tab=todo');
  expect(miniPageOf('/hazards?status=pending_review', 'grid_worker')).toBe('/pkg-hazard/pages/list/index?tab=review');
  expect(miniPageOf('/hazards?status=confirmed,rectifying&sort=deadline', 'enterprise_staff')).toBe(
    '/pkg-hazard/pages/list/index?tab=rectifying',
  );
  expect(miniPageOf('/hazards/overdue', 'grid_worker')).toBe('/pkg-hazard/pages/list/index?tab=rectifying&due=overdue');
  expect(miniPageOf('/hazards?mine=true&status=reported,confirmed', 'inspector')).toBe('/pkg-hazard/pages/list/index?scope=mine');
  expect(miniPageOf('/hazards?extension=pending', 'safety_officer')).toBeNull();
  expect(miniPageOf('/hazards?dueSoon=true&sort=deadline', 'grid_worker')).toBe(
    '/pkg-hazard/pages/list/index?tab=rectifying&due=soon',
  );
});

test("an enterprise's file opens only for its own users; other links have no page here", () => {
  expect(miniPageOf(`/enterprises/${ID}?tab=certificates`, 'enterprise_admin')).toBe('/pkg-enterprise/pages/certificates/index');
  expect(miniPageOf(`/enterprises/${ID}?tab=supplies`, 'enterprise_staff')).toBe('/pkg-enterprise/pages/supplies/index');
  expect(miniPageOf(`/enterprises/${ID}`, 'enterprise_staff')).toBe('/pkg-enterprise/pages/file/index');
  expect(miniPageOf(`/enterprises/${ID}?tab=certificates`, 'grid_worker')).toBeNull();
  expect(miniPageOf('/enterprises/changes', 'safety_officer')).toBeNull();
  expect(miniPageOf(null, 'grid_worker')).toBeNull();
});

test('an inspection task opens its page; the task list opens 今日任务 on the tab of its status', () => {
  for (const role of ['grid_worker', 'safety_officer', 'inspector', 'enterprise_staff'] as const)
    expect(miniPageOf(`/inspections/tasks/${ID}`, role)).toBe(`/pkg-inspection/pages/task/index?id=${ID}`);
  expect(miniPageOf('/inspections/tasks?mine=true&status=open,in_progress', 'grid_worker')).toBe(
    '/pkg-inspection/pages/list/index?tab=todo',
  );
  expect(miniPageOf('/inspections/tasks?kind=self_check&status=open,in_progress', 'enterprise_admin')).toBe(
    '/pkg-inspection/pages/list/index?tab=todo',
  );
  expect(miniPageOf('/inspections/tasks?status=missed&from=2026-11-01', 'safety_officer')).toBe(
    '/pkg-inspection/pages/list/index?tab=missed',
  );
  expect(miniPageOf('/inspections/tasks?status=done', 'inspector')).toBe('/pkg-inspection/pages/list/index?tab=done');
  expect(miniPageOf('/inspections/tasks', 'inspector')).toBe('/pkg-inspection/pages/list/index?tab=all');
  // Roles without inspections (rescue) have no page for it; other inspection console pages have none here.
  expect(miniPageOf(`/inspections/tasks/${ID}`, 'rescue_member')).toBeNull();
  expect(miniPageOf('/inspections/plans', 'safety_officer')).toBeNull();
  expect(miniPageOf(`/inspections/tasks/${ID}/x`, 'grid_worker')).toBeNull();
});

test('the inspection pages named here are the subpackage’s', () => {
  expect(INSPECTION_PAGES).toEqual(SUBPACKAGE_PAGES);
});

test('a notification opens a hazard or an inspection task or list; other links have no page', () => {
  expect(pageOfLink(`/hazards/${ID}`)).toBe(`/pkg-hazard/pages/detail/index?id=${ID}`);
  expect(pageOfLink(`/inspections/tasks/${ID}`)).toBe(`/pkg-inspection/pages/task/index?id=${ID}`);
  expect(pageOfLink('/inspections/tasks?status=missed')).toBe('/pkg-inspection/pages/list/index?tab=missed');
  expect(pageOfLink('/inspections/coverage')).toBeNull();
  expect(pageOfLink('/enterprises/changes')).toBeNull();
  expect(pageOfLink(null)).toBeNull();
});

test('值班 and 器材室 cards open the rescue and equipment pages of the role that acts', () => {
  expect(miniPageOf('/duty/swaps?mine=true&status=requested', 'rescue_member')).toBe(
    '/pkg-rescue/pages/swaps/index?tab=incoming',
  );
  expect(miniPageOf('/duty/swaps?status=accepted', 'rescue_leader')).toBe('/pkg-rescue/pages/swaps/index?tab=approve');
  expect(miniPageOf('/duty/swaps?status=accepted', 'rescue_member')).toBe('/pkg-rescue/pages/swaps/index?tab=outgoing');
  expect(miniPageOf('/duty/roster', 'rescue_member')).toBe('/pkg-rescue/pages/shifts/index');
  // a gap on a team's roster is fixed in the console; the office has no rescue pages
  expect(miniPageOf(`/duty/roster?teamId=${ID}`, 'rescue_leader')).toBeNull();
  expect(miniPageOf('/duty/swaps?status=accepted', 'safety_officer')).toBeNull();
  expect(miniPageOf(`/equipment/units/${ID}`, 'equipment_keeper')).toBe(`/pkg-equipment/pages/unit/index?id=${ID}`);
  expect(miniPageOf(`/equipment/loans?mine=true&id=${ID}`, 'enterprise_staff')).toBe('/pkg-equipment/pages/mine/index?tab=loans');
  expect(miniPageOf('/equipment/loans?state=overdue', 'equipment_keeper')).toBe('/pkg-equipment/pages/loans/index?tab=overdue');
  expect(miniPageOf('/equipment/loans?state=current', 'equipment_keeper')).toBe('/pkg-equipment/pages/loans/index?tab=current');
  expect(miniPageOf('/equipment/requests?status=submitted', 'equipment_keeper')).toBeNull();
  // notifications: a swap's news to the requester, an overdue reminder to the borrower, a request decided
  expect(miniPageOf('/duty/swaps?mine=true', 'rescue_member')).toBe('/pkg-rescue/pages/swaps/index?tab=outgoing');
  expect(miniPageOf('/equipment/loans?state=overdue', 'enterprise_admin')).toBe('/pkg-equipment/pages/mine/index?tab=loans');
  expect(miniPageOf(`/equipment/requests?id=${ID}`, 'rescue_member')).toBe('/pkg-equipment/pages/mine/index?tab=requests');
  expect(miniPageOf('/duty/leaves?mine=true', 'rescue_member')).toBeNull();
  expect(miniPageOf('/equipment/maintenance?status=due', 'equipment_keeper')).toBeNull();
});

test('law permalinks open the article page (or the reader, or 法规查询) for every role that reads laws', () => {
  for (const role of [
    'enterprise_staff',
    'grid_worker',
    'safety_officer',
    'inspector',
    'rescue_member',
    'city_supervisor',
  ] as const) {
    expect(miniPageOf(`/laws/read/${ID}#art-5-1`, role)).toBe(`/pkg-laws/pages/article/index?versionId=${ID}&key=5-1`);
    expect(miniPageOf(`/laws/read/${ID}`, role)).toBe(`/pkg-laws/pages/reader/index?versionId=${ID}`);
    expect(miniPageOf('/laws?q=动火', role)).toBe('/pkg-laws/pages/search/index');
  }
  // a malformed anchor opens the reader, not a page with a key the api would refuse
  expect(miniPageOf(`/laws/read/${ID}#art-x`, 'grid_worker')).toBe(`/pkg-laws/pages/reader/index?versionId=${ID}`);
  expect(miniPageOf('/laws/manage', 'safety_officer')).toBeNull();
  expect(miniPageOf('/laws/read/not-an-id#art-5', 'safety_officer')).toBeNull();
});
