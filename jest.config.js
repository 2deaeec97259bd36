/** All jest projects; `npm test` (scripts/test.ts) runs them in one jest invocation. */
export default {
  projects: [
    '<rootDir>/packages/contracts',
    '<rootDir>/packages/domain',
    '<rootDir>/packages/sdk',
    '<rootDir>/api',
    '<rootDir>/miniapp',
    '<rootDir>/test',
  ],
};
