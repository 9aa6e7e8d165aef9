/**
 * One jest run for the whole workspace. Tests sit beside the code they test
 * (server/src/**, shared/src/**) plus cross-package tests under test/.
 * @swc/jest strips types only; `npm run typecheck` is what checks them.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/shared', '<rootDir>/server', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Servers under test bind sockets and the store writes journals: give slow CI machines room.
  testTimeout: 30000,
};
