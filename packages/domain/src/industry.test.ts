import { industryMajorCategory } from './industry.ts';

test('an industry code maps to its GB/T 4754 major category', () => {
  expect(industryMajorCategory('C2641')).toEqual({ code: 'C26', name: '化学原料和化学制品制造业' });
  expect(industryMajorCategory('c3360')).toEqual({ code: 'C33', name: '金属制品业' });
  expect(industryMajorCategory('S90')).toEqual({ code: 'S90', name: null });
  expect(industryMajorCategory('')).toBeNull();
  expect(industryMajorCategory(null)).toBeNull();
  expect(industryMajorCategory('2641')).toBeNull();
});
