/**
 * The indexes every model declares, checked and created as one deliberate step.
 *
 * Unique indexes carry business rules here ("one booking per elder per meal", "one ballot per
 * household"), so a database without them silently loses those rules. With autoIndex on
 * (development, tests, the embedded store) mongoose builds them when a model is first used; in
 * production autoIndex is off, because building an index on a large collection is an operation to
 * schedule, so `npm run db:indexes` builds them and the server refuses to pretend all is well at
 * boot: it logs every missing index as an error.
 */
import type { Connection } from 'mongoose';

export interface IndexReport {
  model: string;
  collection: string;
  /** Key patterns as JSON, e.g. {"menuId":1,"elderId":1}. */
  indexes: string[];
}

/** Indexes a model declares that the database does not have (extra indexes are left alone). */
export async function missingIndexes(connection: Connection): Promise<IndexReport[]> {
  const reports: IndexReport[] = [];
  for (const model of Object.values(connection.models)) {
    const { toCreate } = await model.diffIndexes();
    if (toCreate.length)
      reports.push({
        model: model.modelName,
        collection: model.collection.collectionName,
        indexes: toCreate.map((spec) => JSON.stringify(spec)),
      });
  }
  return reports;
}

/**
 * Creates the missing indexes of every registered model. It never drops an index (syncIndexes
 * would drop ones created by hand, e.g. for an investigation): dropping stays a human decision.
 */
export async function createMissingIndexes(connection: Connection): Promise<IndexReport[]> {
  const missing = await missingIndexes(connection);
  for (const report of missing) await connection.models[report.model].createIndexes();
  return missing;
}
