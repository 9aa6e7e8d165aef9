/**
 * One page of a list, as every paged route answers it, and the query that reads it: the page's
 * documents (lean) and the total matching, read at once.
 */
import type { Model, QueryFilter, SortOrder } from 'mongoose';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PageQuery {
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** `sort` should end on a unique field (usually _id) so pages never overlap or skip. */
export async function findPage<T>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model; T says what its lean documents are
  model: Model<any>,
  filter: QueryFilter<unknown>,
  sort: Record<string, SortOrder>,
  { page, pageSize }: PageQuery,
): Promise<Page<T>> {
  const [items, total] = await Promise.all([
    model
      .find(filter)
      .sort(sort)
      .skip((page - 1) * pageSize)
      .limit(pageSize)
      .lean<T[]>(),
    model.countDocuments(filter),
  ]);
  return { items, total, page, pageSize };
}
