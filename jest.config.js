/**
 * One jest run for the whole workspace. Tests sit beside the code they test
 * (server/src/**, shared/src/**, client/src/**) plus cross-package tests under test/ and the
 * client's build and browser tests under client/test/.
 * @swc/jest strips types only; `npm run typecheck` is what checks them.
 * @type {import('jest').Config}
 */
module.exports = {
  // node, plus removal of the temporary folders test support registered (see the file).
  testEnvironment: '<rootDir>/test/jest/node-environment.js',
  roots: ['<rootDir>/shared', '<rootDir>/server', '<rootDir>/test', '<rootDir>/client'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Client code imports shared modules by file and Taro's API; unit tests get a small Taro stand-in.
  moduleNameMapper: {
    '^@linli/shared/(.*)$': '<rootDir>/shared/src/$1',
    '^@tarojs/taro$': '<rootDir>/client/test/taro-mock.ts',
  },
  // Taro's build-time constant (config/index.ts defineConstants) for client services loaded in tests.
  globals: { LINLI_API_BASE: '' },
  // One temporary folder per run (TMPDIR points there; the teardown fails the run if a test left
  // anything in it), then the h5 app built once (skipped when fresh) for `npm start` and the
  // browser test.
  globalSetup: '<rootDir>/test/jest/global-setup.js',
  globalTeardown: '<rootDir>/test/jest/global-teardown.js',
  // Servers under test bind sockets and the store writes journals: give slow CI machines room.
  testTimeout: 30000,
};
