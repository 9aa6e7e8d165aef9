import mongoose from 'mongoose';
import { isDatabaseUnavailable } from './database-errors';

const {
  MongoNetworkError,
  MongoServerError,
  MongoNotConnectedError,
  MongoServerClosedError,
  MongoUnexpectedServerResponseError,
} = mongoose.mongo;

describe('isDatabaseUnavailable', () => {
  it('recognises an unreachable database, also when mongoose wraps the cause', () => {
    expect(isDatabaseUnavailable(new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed'))).toBe(true);
    expect(isDatabaseUnavailable(new MongoNotConnectedError('not connected'))).toBe(true);
    expect(
      isDatabaseUnavailable(
        new mongoose.Error('Operation `notices.insertOne()` buffering timed out after 1500ms'),
      ),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(new Error('bulk write failed', { cause: new MongoNetworkError('reset') })),
    ).toBe(true);
  });

  it('recognises the other ways a killed store shows up mid-operation', () => {
    expect(isDatabaseUnavailable(new MongoServerClosedError())).toBe(true);
    expect(isDatabaseUnavailable(new MongoUnexpectedServerResponseError('reply cut short'))).toBe(true);
    expect(
      isDatabaseUnavailable(
        new mongoose.Error.MongooseServerSelectionError('connect ECONNREFUSED 127.0.0.1:1'),
      ),
    ).toBe(true);
  });

  it('leaves the answers of a database that is up alone', () => {
    expect(
      isDatabaseUnavailable(new MongoServerError({ message: 'E11000 duplicate key', code: 11000 })),
    ).toBe(false);
    expect(isDatabaseUnavailable(new mongoose.Error.CastError('ObjectId', 'x', '_id'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('bug'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
