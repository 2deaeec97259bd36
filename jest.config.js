/** All jest projects; `npm test` (scripts/test.ts) runs them in one jest invocation. */
export default {
  // A global option: jest ignores testTimeout inside a project's config when it runs several projects.
  testTimeout: 180_000,
  projects: [
    '<rootDir>/packages/contracts',
    '<rootDir>/packages/domain',
    '<rootDir>/packages/sdk',
    '<rootDir>/api',
    '<rootDir>/miniapp',
    '<rootDir>/test',
  ],
};
