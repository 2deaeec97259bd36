import { base } from '../../jest.base.js';
export default { ...base, displayName: 'domain', rootDir: '.', testMatch: ['<rootDir>/src/**/*.test.ts'] };
