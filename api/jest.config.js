import { base } from '../jest.base.js';

export default {
  ...base,
  displayName: 'api',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  testTimeout: 60_000,
  // mysql2 needs real nextTick under fake timers.
  fakeTimers: { doNotFake: ['nextTick'] },
};
