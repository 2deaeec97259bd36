import { measureWord } from '@yuanan/contracts';
import { DEMO_EQUIPMENT } from '../../cli/demo/demo-equipment.ts';

test('units are counted with a fitting measure word: the model’s 计量单位, else its category’s', () => {
  expect(measureWord({ category: 'drone', specs: [] })).toBe('台');
  expect(measureWord({ category: 'boat' })).toBe('艘');
  expect(measureWord({ category: 'firefighting', specs: [{ key: '计量单位', value: '盘' }] })).toBe('盘');
  // Not a measure word (too long): the category's.
  expect(measureWord({ category: 'flood', specs: [{ key: '计量单位', value: '一百只' }] })).toBe('件');
  const demo = new Map(
    DEMO_EQUIPMENT.map((d) => [
      d.name,
      measureWord({ category: d.category, specs: d.specs.map(([key, value]) => ({ key, value })) }),
    ]),
  );
  // The tester saw "可借 4 台" of sandbags and hoses.
  expect(demo.get('消防水带')).toBe('盘');
  expect(demo.get('吸水膨胀防汛沙袋（百只装）')).toBe('包');
  expect(demo.get('正压式空气呼吸器')).toBe('套');
  expect([...demo.values()].every((w) => w.length === 1)).toBe(true);
});
