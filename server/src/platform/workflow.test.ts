/**
 * The workflow piece, with a small repair-like machine: its tables (who may do what from where),
 * what it refuses to define, the words of its 409, and applyTransition against the real embedded
 * store, raced.
 */
import { ERROR_MESSAGES, formatMessage, type Locale } from '@linli/shared';
import mongoose, { Schema, Types, type Connection, type Model } from 'mongoose';
import { ManualClock } from './clock';
import { startEmbeddedMongo, type EmbeddedMongo } from './embedded-mongo';
import { AppError } from './errors';
import {
  applyTransition,
  defineWorkflow,
  workflowHistorySchema,
  type HistoryEntry,
  type StoredHistoryEntry,
} from './workflow';

const flow = defineWorkflow({
  name: 'exampleTicket',
  states: ['submitted', 'accepted', 'done', 'cancelled'],
  labels: {
    submitted: { 'zh-CN': '已提交', en: 'submitted' },
    accepted: { 'zh-CN': '已受理', en: 'accepted' },
    done: { 'zh-CN': '已完成', en: 'done' },
    cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
  },
  transitions: [
    { action: 'accept', from: ['submitted'], to: 'accepted', by: ['operator'] },
    { action: 'finish', from: ['accepted'], to: 'done', by: ['technician', 'operator'] },
    { action: 'cancel', from: ['submitted', 'accepted'], to: 'cancelled', by: ['reporter', 'operator'] },
    { action: 'reopen', from: ['done'], to: 'accepted', by: ['reporter'] },
  ],
});

/** Runs fn and returns what it threw, so a test can look at the error itself. */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

const message = (err: AppError, locale: Locale) =>
  formatMessage(ERROR_MESSAGES[err.code][locale], err.params, locale);

describe('a workflow as data', () => {
  it.each([
    ['submitted', ['operator'], ['accept', 'cancel']],
    ['submitted', ['reporter'], ['cancel']],
    ['submitted', ['technician'], []],
    ['accepted', ['technician'], ['finish']],
    ['accepted', ['reporter', 'technician'], ['finish', 'cancel']],
    ['done', ['reporter'], ['reopen']],
    ['done', ['operator'], []],
    ['cancelled', ['operator', 'reporter', 'technician'], []],
    ['no-such-state', ['operator'], []],
  ])('from %s, %j may %j', (state, roles, actions) => {
    expect(flow.actionsFor(state, roles)).toEqual(actions);
  });

  it.each([
    ['submitted', ['accepted', 'cancelled']],
    ['accepted', ['done', 'cancelled']],
    ['done', ['accepted']],
    ['cancelled', []],
  ])('from %s the next states are %j', (state, next) => {
    expect(flow.nextStates(state)).toEqual(next);
  });

  it.each([
    ['submitted', 'accept', ['operator'], 'accepted'],
    ['accepted', 'cancel', ['reporter'], 'cancelled'],
    ['submitted', 'cancel', ['technician', 'operator'], 'cancelled'],
    ['done', 'reopen', ['reporter'], 'accepted'],
  ])('plans %s --%s--> by %j', (state, action, roles, to) => {
    const planned = flow.plan(state, action, roles);
    expect(planned).toMatchObject({ state, action, to });
    expect(roles).toContain(planned.role);
    expect(flow.can(state, action, roles)).toBe(true);
  });

  it.each([
    ['done', 'accept', ['operator'], 409],
    ['cancelled', 'cancel', ['operator'], 409],
    ['submitted', 'finish', ['technician'], 409],
    ['submitted', 'fly', ['operator'], 409],
    ['submitted', 'accept', ['reporter'], 403],
    ['accepted', 'finish', ['reporter'], 403],
    ['done', 'reopen', ['operator'], 403],
    ['submitted', 'accept', [], 403],
  ])('refuses %s --%s--> by %j with %d', (state, action, roles, status) => {
    const err = thrown(() => flow.plan(state, action, roles));
    expect(err.status).toBe(status);
    expect(err.code).toBe(status === 409 ? 'TRANSITION_NOT_ALLOWED' : 'FORBIDDEN');
    expect(flow.can(state, action, roles)).toBe(false);
  });

  it('says in words which state it is in and where it can go, and lists the facts in details', () => {
    const err = thrown(() => flow.plan('submitted', 'finish', ['technician', 'reporter']));
    expect(err.details).toEqual({
      state: 'submitted',
      action: 'finish',
      allowedNextStates: ['accepted', 'cancelled'],
      allowedActions: ['cancel'],
    });
    expect(message(err, 'zh-CN')).toBe(
      '当前状态为“已提交”，无法进行此操作。接下来只能变为：已受理、已取消。请刷新后查看最新状态。',
    );
    expect(message(err, 'en')).toBe(
      'This cannot be done while it is submitted. From here it can only become accepted or cancelled. Refresh to see where it stands now.',
    );

    const final = thrown(() => flow.plan('cancelled', 'cancel', ['operator']));
    expect(final.details).toMatchObject({ allowedNextStates: [], allowedActions: [] });
    expect(message(final, 'zh-CN')).toContain('这已是最终状态，不能再变更。');
    expect(message(final, 'en')).toContain('It is in a final state and cannot change any more.');
  });

  it('shows its transitions as a table', () => {
    expect(flow.table.map((t) => `${t.from.join('|')} --${t.action}--> ${t.to}`)).toEqual([
      'submitted --accept--> accepted',
      'accepted --finish--> done',
      'submitted|accepted --cancel--> cancelled',
      'done --reopen--> accepted',
    ]);
    expect(Object.isFrozen(flow.table)).toBe(true);
  });

  describe('refuses at definition time', () => {
    const labels = { a: { 'zh-CN': '甲', en: 'a' }, b: { 'zh-CN': '乙', en: 'b' } };
    const define = (transitions: { action: string; from: string[]; to: string; by: string[] }[]) => () =>
      defineWorkflow({
        name: 'broken',
        states: ['a', 'b'],
        labels,
        transitions: transitions as never,
      });

    it('a transition naming an unknown state', () => {
      expect(define([{ action: 'go', from: ['a'], to: 'c', by: ['x'] }])).toThrow(/unknown state "c"/);
      expect(define([{ action: 'go', from: ['z'], to: 'b', by: ['x'] }])).toThrow(/unknown state "z"/);
    });

    it('the same action twice from a common state', () => {
      expect(
        define([
          { action: 'go', from: ['a'], to: 'b', by: ['x'] },
          { action: 'go', from: ['b', 'a'], to: 'a', by: ['y'] },
        ]),
      ).toThrow(/"go" is declared twice from "a"/);
      // The same action from different states is fine.
      expect(
        define([
          { action: 'go', from: ['a'], to: 'b', by: ['x'] },
          { action: 'go', from: ['b'], to: 'a', by: ['x'] },
        ]),
      ).not.toThrow();
    });

    it('a transition from nowhere or for nobody, and a state without a label', () => {
      expect(define([{ action: 'go', from: [], to: 'b', by: ['x'] }])).toThrow(/from no state/);
      expect(define([{ action: 'go', from: ['a'], to: 'b', by: [] }])).toThrow(/by nobody/);
      expect(() =>
        defineWorkflow({
          name: 'unlabelled',
          states: ['a', 'b'],
          labels: { a: labels.a } as never,
          transitions: [],
        }),
      ).toThrow(/"b" has no label/);
    });
  });
});

interface Ticket {
  _id: Types.ObjectId;
  status: string;
  assignee?: string;
  acceptedBy?: string;
  history: HistoryEntry[];
}

describe('applyTransition against the embedded store', () => {
  let store: EmbeddedMongo;
  let connection: Connection;
  let Tickets: Model<Ticket>;
  /** When set, every conditional update first sees the ticket moved to the other open state. */
  let flipping = false;
  const clock = new ManualClock();

  beforeAll(async () => {
    store = await startEmbeddedMongo({ dbPath: null });
    connection = await mongoose.createConnection(store.uri, { dbName: 'workflow-test' }).asPromise();
    const HistorySchema = new Schema<HistoryEntry>(
      {
        action: String,
        from: String,
        to: String,
        by: { type: String, default: null },
        role: String,
        at: Date,
        note: String,
        photos: [Schema.Types.Mixed],
      },
      { _id: false },
    );
    const TicketSchema = new Schema<Ticket>({
      status: { type: String, required: true },
      assignee: String,
      acceptedBy: String,
      history: { type: [HistorySchema], default: [] },
    });
    TicketSchema.pre('findOneAndUpdate', async function () {
      if (!flipping) return;
      const { _id, status } = this.getFilter() as { _id: Types.ObjectId; status: string };
      const other = status === 'submitted' ? 'accepted' : 'submitted';
      await this.model.collection.updateOne(
        { _id: new Types.ObjectId(String(_id)) },
        { $set: { status: other } },
      );
    });
    Tickets = connection.model<Ticket>('ExampleTicket', TicketSchema);
  });
  afterAll(async () => {
    await connection.close();
    await store.close();
  });

  const move = (id: Types.ObjectId | string, action: string, roles: string[], extra: object = {}) =>
    applyTransition({ model: Tickets, id, flow, action, roles, by: 'u-operator', clock, ...extra });

  it('moves, sets, records history and returns the updated document', async () => {
    const ticket = await Tickets.create({ status: 'submitted' });
    const updated = await move(ticket._id, 'accept', ['operator'], {
      note: '今天下午上门',
      photos: [{ id: 'p1', width: 10, height: 20 }],
      set: { acceptedBy: 'u-operator' },
    });
    expect(updated).toMatchObject({ status: 'accepted', acceptedBy: 'u-operator' });
    expect(updated.history).toEqual([
      {
        action: 'accept',
        from: 'submitted',
        to: 'accepted',
        by: 'u-operator',
        role: 'operator',
        at: clock.now(),
        note: '今天下午上门',
        photos: [{ id: 'p1', width: 10, height: 20 }],
      },
    ]);
    // A system move, from a state with two ways out, records who (nobody) and which role.
    const cancelled = await applyTransition({
      model: Tickets,
      id: String(ticket._id),
      flow,
      action: 'cancel',
      roles: ['operator'],
      by: null,
      clock,
    });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.history[1]).toMatchObject({
      from: 'accepted',
      to: 'cancelled',
      by: null,
      role: 'operator',
    });
  });

  it('answers 409 naming the state, 403 for the wrong role, 404 for no record, and leaves the record alone', async () => {
    const ticket = await Tickets.create({ status: 'done' });
    await expect(move(ticket._id, 'accept', ['operator'])).rejects.toMatchObject({
      status: 409,
      code: 'TRANSITION_NOT_ALLOWED',
      details: { state: 'done', allowedNextStates: ['accepted'] },
    });
    await expect(move(ticket._id, 'reopen', ['operator'])).rejects.toMatchObject({ status: 403 });
    await expect(move(new Types.ObjectId(), 'accept', ['operator'])).rejects.toMatchObject({ status: 404 });
    await expect(move('not-an-id', 'finish', ['operator'])).rejects.toMatchObject({ status: 404 });
    expect(await Tickets.findById(ticket._id).lean()).toMatchObject({ status: 'done', history: [] });
  });

  it('re-plans from the state it finds when the caller read a stale one', async () => {
    const ticket = await Tickets.create({ status: 'accepted' });
    const updated = await move(ticket._id, 'cancel', ['reporter'], { state: 'submitted' });
    expect(updated.status).toBe('cancelled');
    expect(updated.history).toEqual([expect.objectContaining({ from: 'accepted', to: 'cancelled' })]);
  });

  it('refuses with 409 Conflict when the record fails extraFilter, changing nothing', async () => {
    const ticket = await Tickets.create({ status: 'accepted', assignee: 'tech-a' });
    await expect(
      move(ticket._id, 'finish', ['technician'], { extraFilter: { assignee: 'tech-b' } }),
    ).rejects.toMatchObject({ status: 409, code: 'CONFLICT' });
    const finished = await move(ticket._id, 'finish', ['technician'], {
      extraFilter: { assignee: 'tech-a' },
    });
    expect(finished.status).toBe('done');
  });

  it('gives up with 409 Conflict after a bounded number of tries when the record keeps changing', async () => {
    const ticket = await Tickets.create({ status: 'submitted' });
    flipping = true;
    try {
      await expect(move(ticket._id, 'cancel', ['operator'])).rejects.toMatchObject({
        status: 409,
        code: 'CONFLICT',
      });
    } finally {
      flipping = false;
    }
    expect((await Tickets.findById(ticket._id).lean())?.history).toEqual([]);
  });

  it('removes `unset` fields in the same update, and only when the move is made', async () => {
    const ticket = await Tickets.create({ status: 'submitted', assignee: 'tech-a', acceptedBy: 'u-x' });
    // A refused move (reopen starts only from done) leaves them in place.
    await expect(move(ticket._id, 'reopen', ['reporter'], { unset: ['assignee'] })).rejects.toMatchObject({
      status: 409,
    });
    expect(await Tickets.findById(ticket._id).lean()).toMatchObject({ assignee: 'tech-a' });

    const updated = await move(ticket._id, 'accept', ['operator'], {
      set: { acceptedBy: 'u-operator' },
      unset: ['assignee'],
    });
    expect(updated.status).toBe('accepted');
    expect(updated.acceptedBy).toBe('u-operator');
    expect(updated).not.toHaveProperty('assignee');
    expect(await Tickets.findById(ticket._id).lean()).not.toHaveProperty('assignee');
  });

  it('refuses to unset status or history, or to set and unset one field', async () => {
    const ticket = await Tickets.create({ status: 'submitted', assignee: 'tech-a' });
    await expect(move(ticket._id, 'accept', ['operator'], { unset: ['status'] })).rejects.toThrow(
      /may not change status/,
    );
    await expect(
      move(ticket._id, 'accept', ['operator'], { set: { assignee: 'b' }, unset: ['assignee'] }),
    ).rejects.toThrow(/both set and unset/);
    expect(await Tickets.findById(ticket._id).lean()).toMatchObject({
      status: 'submitted',
      assignee: 'tech-a',
    });
  });

  it('refuses to set status or history through `set`', async () => {
    const ticket = await Tickets.create({ status: 'submitted' });
    await expect(move(ticket._id, 'accept', ['operator'], { set: { status: 'done' } })).rejects.toThrow(
      /may not change status/,
    );
  });

  it('keeps history the shared way with workflowHistorySchema: user ids as ObjectIds', async () => {
    interface Enquiry {
      _id: Types.ObjectId;
      status: string;
      history: StoredHistoryEntry[];
    }
    const Enquiries =
      (connection.models.ExampleEnquiry as Model<Enquiry> | undefined) ??
      connection.model<Enquiry>(
        'ExampleEnquiry',
        new Schema<Enquiry>({
          status: String,
          history: { type: [workflowHistorySchema()], default: [] },
        }),
      );
    const enquiry = await Enquiries.create({ status: 'submitted' });
    const userId = new Types.ObjectId().toHexString();
    const accepted = await applyTransition({
      model: Enquiries,
      id: enquiry._id,
      flow,
      action: 'accept',
      roles: ['operator'],
      by: userId,
      clock,
    });
    expect(accepted.history).toEqual([
      {
        action: 'accept',
        from: 'submitted',
        to: 'accepted',
        by: new Types.ObjectId(userId),
        role: 'operator',
        at: clock.now(),
      },
    ]);
    const bySystem = await applyTransition({
      model: Enquiries,
      id: enquiry._id,
      flow,
      action: 'cancel',
      roles: ['operator'],
      by: null,
      note: '超时自动关闭',
      clock,
    });
    expect(bySystem.history[1]).toMatchObject({ by: null, note: '超时自动关闭' });
  });

  it('lets exactly one of 20 concurrent identical moves through; the others hear 409 naming the new state', async () => {
    const ticket = await Tickets.create({ status: 'submitted' });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        applyTransition({
          model: Tickets,
          id: ticket._id,
          flow,
          action: 'accept',
          roles: ['operator'],
          by: `operator-${i}`,
          clock,
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AppError] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const err of lost) {
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({
        status: 409,
        code: 'TRANSITION_NOT_ALLOWED',
        details: { state: 'accepted' },
      });
    }
    const stored = await Tickets.findById(ticket._id).lean();
    expect(stored?.status).toBe('accepted');
    expect(stored?.history).toHaveLength(1);
  });
});
