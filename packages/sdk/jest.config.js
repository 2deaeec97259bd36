import { base } from '../../jest.base.js';
export default { ...base, displayName: 'sdk', rootDir: '.', testMatch: ['<rootDir>/src/**/*.test.ts'] };
