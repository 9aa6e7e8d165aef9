/**
 * Jest global teardown: fails the run when a test left files or folders in the temporary folder
 * (each test removes what it makes: data folders, stores' files, uploads), naming them so the test
 * that made them can be found by its prefix.
 */
const { removeRunRoot } = require('./temp-root');

module.exports = async function globalTeardown() {
  const left = removeRunRoot();
  if (left.length > 0) {
    throw new Error(
      `tests left ${left.length} temporary item(s) behind (removed now; fix the test that made them):\n  ` +
        left.join('\n  '),
    );
  }
};
