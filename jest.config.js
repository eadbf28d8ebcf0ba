/** Jest: fast unit tests (`*.test.ts`) and tests against real servers (`*.int.test.ts`). */
const swc = (tsx) => [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', tsx },
      transform: { react: { runtime: 'automatic', importSource: 'preact' } },
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
// The console's pages are Preact components rendered to HTML on the server (`*.tsx`).
const transform = { '^.+\\.ts$': swc(false), '^.+\\.tsx$': swc(true) };

module.exports = {
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  maxWorkers: 2,
  // Real-server tests wait for timers and mail; unit tests finish long before this.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.tsx'],
      testPathIgnorePatterns: ['\\.int\\.test\\.tsx?$', '/node_modules/'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/**/*.int.test.ts', '<rootDir>/test/**/*.int.test.tsx'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      slowTestThreshold: 30,
    },
  ],
};
