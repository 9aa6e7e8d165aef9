/**
 * How BSON is read off the wire (and out of the journal, which must agree with the wire so a
 * document comes back from disk exactly as it went in).
 *
 * - `promoteLongs: false`: an Int64 the driver sent stays a Long. Promoting it would turn it into a
 *   JS number and the next serialize would write it back as int32/double: a silent type change.
 * - `promoteBuffers: false`: binary stays a Binary (keeps its subtype, e.g. UUIDs).
 * - `promoteValues: true` (the default) for the rest: int32/double become numbers and strings,
 *   dates, booleans plain JS values, which is what query and update evaluation expects.
 *   ObjectId, Decimal128, Timestamp, MinKey/MaxKey stay BSON classes either way.
 */
import type { DeserializeOptions } from 'bson';

export const FAITHFUL_DESERIALIZE: DeserializeOptions = {
  promoteLongs: false,
  promoteBuffers: false,
  promoteValues: true,
  bsonRegExp: false,
};
