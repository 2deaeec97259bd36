import { base } from '../jest.base.js';

export default {
  ...base,
  displayName: 'test',
  rootDir: '.',
  testMatch: ['<rootDir>/browser/**/*.test.ts', '<rootDir>/docker/**/*.test.ts', '<rootDir>/size/**/*.test.ts'],
  testTimeout: 180_000,
  fakeTimers: { doNotFake: ['nextTick'] },
};
