import { base } from '../../jest.base.js';
export default { ...base, displayName: 'contracts', rootDir: '.', testMatch: ['<rootDir>/src/**/*.test.ts'] };
