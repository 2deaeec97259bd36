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
