/**
 * jest's node environment, plus: temporary folders that test support registered
 * (server/src/platform/testing.ts: testConfig's DATA_DIR, tempDir()) are removed once the test
 * file is done, after every afterAll hook has stopped the servers that used them. A setup file's
 * afterAll would run before the test file's own (jest runs them in declaration order).
 */
const fs = require('node:fs');
const { TestEnvironment } = require('jest-environment-node');

const REGISTRY = '__linliTempDirs';

class LinliNodeEnvironment extends TestEnvironment {
  async teardown() {
    const dirs = this.global[REGISTRY];
    if (Array.isArray(dirs)) for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    await super.teardown();
  }
}

module.exports = LinliNodeEnvironment;
