import { parseZoneCode } from './zone-code';

describe('parseZoneCode (what a zone QR code or typed code may hold)', () => {
  test.each([
    ['siqi', 'siqi'],
    ['  SUXI ', 'suxi'],
    ['https://yuanan.example.com/join?zone=siqi', 'siqi'],
    ['https://yuanan.example.com/join?from=poster&zone=jinhua-kfq#top', 'jinhua-kfq'],
    ['pages/zone/index?zone=suxi', 'suxi'],
    ['https%3A%2F%2Fyuanan.example.com%2Fjoin%3Fzone%3Dsiqi', 'siqi'],
    ['zone%3Dsiqi', 'siqi'],
  ])('%s → %s', (raw, code) => {
    expect(parseZoneCode(raw)).toBe(code);
  });

  test.each([
    [''],
    [null],
    ['https://example.com/other'],
    ['1abc'],
    ['a'],
    ['园区'],
    ['https://x.example.com/?zone=9bad'],
    ['x'.repeat(40)],
  ])('rejects %s', (raw) => {
    expect(parseZoneCode(raw)).toBeNull();
  });
});
