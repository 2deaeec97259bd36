/** All jest projects; `npm test` (scripts/test.ts) runs them in one jest invocation. */
export default {
  // A global option: jest ignores testTimeout inside a project's config when it runs several projects.
  testTimeout: 180_000,
  // Under --experimental-vm-modules each test file leaves its module registry pinned in the worker (jestjs/jest
  // #14605); a worker that ran ~90 api suites reached the 4 GB heap limit, spent seconds per GC and then crashed.
  // Recycling a worker once it idles above this size keeps every worker small (a respawn costs well under 1 s).
  workerIdleMemoryLimit: '1GB',
  projects: [
    '<rootDir>/packages/contracts',
    '<rootDir>/packages/domain',
    '<rootDir>/packages/sdk',
    '<rootDir>/api',
    '<rootDir>/miniapp',
    '<rootDir>/test',
  ],
};
