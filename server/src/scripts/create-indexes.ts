/**
 * Creates the indexes the models declare, on the database the configuration points at:
 *
 *   MONGODB_URI=mongodb://… NODE_ENV=production npm run db:indexes
 *
 * Run it before the first start of a release that adds an index (production keeps autoIndex off).
 * It prints what it created and exits 0; nothing is dropped.
 */
import { loadConfig } from '../platform/config';
import { connectDatabase } from '../platform/database';
import { createMissingIndexes } from '../platform/indexes';
import { createLogger } from '../platform/logger';
import { inboxModels } from '../platform/realtime/inbox.model';
import { scheduledJobModel } from '../platform/scheduler';
// Importing the modules registers every model with mongoose.
import '../modules';

async function main(): Promise<void> {
  const loaded = loadConfig();
  // This script is the one place indexes are built; with autoIndex on mongoose would race it.
  const config = { ...loaded, database: { ...loaded.database, autoIndex: false } };
  const logger = createLogger({ level: config.log.level });
  const database = await connectDatabase(config, logger);
  try {
    inboxModels(database.connection);
    scheduledJobModel(database.connection);
    const created = await createMissingIndexes(database.connection);
    if (created.length === 0) console.log('All indexes are in place.');
    for (const report of created) console.log(`${report.collection}: created ${report.indexes.join(', ')}`);
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
