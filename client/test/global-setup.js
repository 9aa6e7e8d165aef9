/**
 * Jest global setup: make sure the h5 build is current before any test runs, so `npm start` (the
 * newcomer test) and the browser test share one build instead of racing to make it.
 */
const { ensureBuild } = require('../scripts/ensure-build');

module.exports = async function globalSetup() {
  const { built, ms } = ensureBuild('h5', { log: () => undefined });
  if (built) process.stdout.write(`\n[client] h5 build for the tests took ${(ms / 1000).toFixed(1)} s\n`);
};
