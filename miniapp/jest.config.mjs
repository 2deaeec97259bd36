import { base } from '../jest.base.js';

/** Unit tests of the mini-program's pure services (no Taro runtime); pages are covered by the browser test. */
export default { ...base, displayName: 'miniapp', rootDir: '.', testMatch: ['<rootDir>/src/**/*.test.ts'] };
