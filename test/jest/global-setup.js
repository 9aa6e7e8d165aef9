/** Jest global setup: the run's temporary folder (temp-root.js), then the client's h5 build. */
const { createRunRoot } = require('./temp-root');
const clientSetup = require('../../client/test/global-setup');

module.exports = async function globalSetup() {
  createRunRoot();
  await clientSetup();
};
