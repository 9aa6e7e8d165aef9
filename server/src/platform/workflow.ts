/**
 * A state machine written once, as data: a record's states, the moves between them, and who may
 * make each move. Modules declare their machine (a repair ticket, an enquiry, a consultation) and
 * get from it what presenters, services and tests need:
 *
 *   const ticketFlow = defineWorkflow({
 *     name: 'repairTicket',
 *     states: ['submitted', 'accepted', 'done', 'cancelled'],
 *     labels: { submitted: { 'zh-CN': '已提交', en: 'submitted' }, ... },
 *     transitions: [
 *       { action: 'accept', from: ['submitted'], to: 'accepted', by: ['operator'] },
 *       { action: 'cancel', from: ['submitted', 'accepted'], to: 'cancelled', by: ['reporter'] },
 *     ],
 *   });
 *   ticketFlow.actionsFor(ticket.status, roles)   // the buttons this actor gets (presenter `actions`)
 *   ticketFlow.nextStates(ticket.status)          // every state one move away
 *   ticketFlow.plan(ticket.status, 'accept', roles)
 *     // → { action, state, from, to, role }, or throws
 *     //   409 TRANSITION_NOT_ALLOWED (the state has no such move; names the states it can go to)
 *     //   403 FORBIDDEN (the move exists here but not for these roles)
 *   ticketFlow.table                              // the transitions, for docs and table tests
 *
 *   await applyTransition({ model: TicketModel, id, flow: ticketFlow, action: 'accept',
 *                           roles, by: actor.userId, note, set: { acceptedBy }, clock });
 *
 * The record's model keeps `status` and `history: { type: [workflowHistorySchema()], default: [] }`.
 * Roles are the module's words for the actor's relation to this record ('reporter', 'operator',
 * 'system'…). applyTransition makes the move with one conditional update on the state it planned
 * from, so of two people pressing at once exactly one succeeds and the other hears why not.
 */
import { ErrorCode, type LocalizedText, type MessageParam } from '@linli/shared';
import { Schema, type Model, type Types } from 'mongoose';
import type { Clock } from './clock';
import { AppError, Conflict, Forbidden, NotFound } from './errors';

export interface Transition<S extends string = string, A extends string = string, R extends string = string> {
  readonly action: A;
  readonly from: readonly S[];
  readonly to: S;
  /** Roles that may make this move. */
  readonly by: readonly R[];
}

export interface WorkflowSpec<S extends string, A extends string, R extends string> {
  /** Names the machine in logs and developer messages. */
  name: string;
  states: readonly S[];
  /** How each state reads to a person; error messages name states with these. */
  labels: Readonly<Record<NoInfer<S>, LocalizedText>>;
  transitions: readonly Transition<NoInfer<S>, A, R>[];
}

/** A move that may be made: the transition, the state it was planned from and the role it is made in. */
export interface PlannedTransition<
  S extends string = string,
  A extends string = string,
  R extends string = string,
> {
  action: A;
  /** The state the plan was made from. */
  state: S;
  /** Every state this action moves from (the transition's from-states). */
  from: readonly S[];
  to: S;
  /** The first of the actor's roles that this transition allows. */
  role: R;
}

export interface Workflow<S extends string = string, A extends string = string, R extends string = string> {
  readonly name: string;
  readonly states: readonly S[];
  readonly labels: Readonly<Record<S, LocalizedText>>;
  /** The transitions as declared, for docs and table tests. */
  readonly table: readonly Transition<S, A, R>[];
  /** Actions these roles may take from this state, in table order (a presenter's `actions`). */
  actionsFor(state: S | (string & {}), roles: readonly string[]): A[];
  /** Every state reachable from this one in one move, whoever makes it. */
  nextStates(state: S | (string & {})): S[];
  /** The move, or a 409 (no such move from this state) / 403 (not for these roles). */
  plan(
    state: S | (string & {}),
    action: A | (string & {}),
    roles: readonly string[],
  ): PlannedTransition<S, A, R>;
  /** Whether plan would succeed. */
  can(state: S | (string & {}), action: A | (string & {}), roles: readonly string[]): boolean;
}

/**
 * Declares a machine. Refuses, when the module loads, a transition naming a state that is not
 * declared, a transition nobody may take or that starts nowhere, and two transitions with the same
 * action from a common state (which move would "cancel" be?).
 */
export function defineWorkflow<const S extends string, const A extends string, const R extends string>(
  spec: WorkflowSpec<S, A, R>,
): Workflow<S, A, R> {
  const { name, states, labels, transitions } = spec;
  const problem = (text: string) => new Error(`workflow ${name}: ${text}`);
  if (states.length === 0) throw problem('declares no states');
  const known = new Set<string>(states);
  if (known.size !== states.length) throw problem('declares a state twice');
  for (const state of states) if (!labels[state]) throw problem(`state "${state}" has no label`);

  const seen = new Map<string, Transition<S, A, R>>(); // `${action} ${from}` → transition
  for (const t of transitions) {
    if (t.from.length === 0) throw problem(`"${t.action}" moves from no state`);
    if (t.by.length === 0) throw problem(`"${t.action}" may be taken by nobody`);
    for (const state of [...t.from, t.to])
      if (!known.has(state)) throw problem(`"${t.action}" names the unknown state "${state}"`);
    for (const from of t.from) {
      const clash = seen.get(`${t.action} ${from}`);
      if (clash)
        throw problem(`"${t.action}" is declared twice from "${from}" (to "${clash.to}" and to "${t.to}")`);
      seen.set(`${t.action} ${from}`, t);
    }
  }

  const table = Object.freeze(transitions.map((t) => Object.freeze({ ...t })));
  const leaving = (state: string) => table.filter((t) => (t.from as readonly string[]).includes(state));
  const roleFor = (t: Transition<S, A, R>, roles: readonly string[]) =>
    t.by.find((role) => roles.includes(role));
  const unique = <T>(items: T[]) => [...new Set(items)];

  const flow: Workflow<S, A, R> = {
    name,
    states,
    labels,
    table,
    actionsFor: (state, roles) =>
      unique(leaving(state).flatMap((t) => (roleFor(t, roles) === undefined ? [] : [t.action]))),
    nextStates: (state) => unique(leaving(state).map((t) => t.to)),
    plan(state, action, roles) {
      const transition = leaving(state).find((t) => t.action === action);
      if (!transition) throw transitionNotAllowed(flow, state, action, roles);
      const role = roleFor(transition, roles);
      if (role === undefined)
        throw Forbidden(`${name}: ${action} from ${state} is not for ${roles.join(', ') || 'no role'}`);
      return { action: transition.action, state: state as S, from: transition.from, to: transition.to, role };
    },
    can(state, action, roles) {
      const transition = leaving(state).find((t) => t.action === action);
      return transition !== undefined && roleFor(transition, roles) !== undefined;
    },
  };
  return Object.freeze(flow);
}

/** 409 naming the state the record is in and the states it can go to, in words. */
function transitionNotAllowed<S extends string>(
  flow: Workflow<S, string, string>,
  state: string,
  action: string,
  roles: readonly string[],
): AppError {
  const next = flow.nextStates(state);
  const label = (s: string): LocalizedText =>
    (flow.labels as Readonly<Record<string, LocalizedText>>)[s] ?? { 'zh-CN': s, en: s };
  const nextStep: MessageParam =
    next.length === 0
      ? { 'zh-CN': '这已是最终状态，不能再变更。', en: 'It is in a final state and cannot change any more.' }
      : {
          'zh-CN': `接下来只能变为：${next.map((s) => label(s)['zh-CN']).join('、')}。`,
          en: `From here it can only become ${joinEnglish(next.map((s) => label(s).en))}.`,
        };
  return new AppError(
    ErrorCode.TRANSITION_NOT_ALLOWED,
    `${flow.name}: no "${action}" from "${state}" (next: ${next.join(', ') || 'none'})`,
    {
      params: { state: label(state), nextStep },
      details: {
        state,
        action,
        allowedNextStates: next,
        allowedActions: flow.actionsFor(state, roles),
      },
    },
  );
}

function joinEnglish(items: string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** One line of a record's history, pushed by every move. */
export interface HistoryEntry {
  action: string;
  from: string;
  to: string;
  /** The user who made the move; null when the system did (a deadline, a scheduled job). */
  by: string | null;
  role: string;
  at: Date;
  note?: string;
  photos?: readonly unknown[];
}

/** A history entry as stored by workflowHistorySchema: user ids are ObjectIds, like the others we keep. */
export type StoredHistoryEntry = Omit<HistoryEntry, 'by'> & { by: Types.ObjectId | null };

/**
 * The history sub-schema for a workflow record, so every module keeps its moves the same way:
 * `history: { type: [workflowHistorySchema()], default: [] }`. applyTransition's `by` (a user id
 * as a string) is stored as an ObjectId.
 */
export function workflowHistorySchema(): Schema<StoredHistoryEntry> {
  return new Schema<StoredHistoryEntry>(
    {
      action: { type: String, required: true },
      from: { type: String, required: true },
      to: { type: String, required: true },
      by: { type: Schema.Types.ObjectId, default: null },
      role: { type: String, required: true },
      at: { type: Date, required: true },
      note: String,
      photos: { type: [Schema.Types.Mixed], default: undefined },
    },
    { _id: false },
  );
}

export interface ApplyTransitionOptions<T> {
  /** A model whose documents keep the state in `status` and their moves in `history`. */
  model: Model<T>;
  id: string | Types.ObjectId;
  flow: Workflow<string, string, string>;
  action: string;
  roles: readonly string[];
  by: string | null;
  note?: string;
  photos?: readonly unknown[];
  /** More fields to set in the same update (who accepted it, when it is due). */
  set?: Record<string, unknown>;
  /** Fields to remove in the same update (the assignee when a ticket goes back to the queue). */
  unset?: readonly string[];
  /** More conditions the record must meet (assigned to this technician, in this community). */
  extraFilter?: Record<string, unknown>;
  clock: Clock;
  /** The state the caller just read, if it did: saves a read. */
  state?: string;
  /** What NotFound names: a RESOURCE_NAMES key or the noun in both languages. */
  resource?: string | LocalizedText;
}

/** Reads and moves again when the state changed under us to one the move also starts from. */
const MAX_TRANSITION_ATTEMPTS = 5;

/**
 * Makes a move with one conditional update (`_id`, the state planned from, `extraFilter`) that sets
 * the new status and `set`, removes `unset` and pushes a history entry. When nothing matched it reads the record
 * again: gone → 404; now in a state the move is not possible from → the 409/403 `plan` gives; in a
 * state the move still starts from → tries again (bounded); same state but `extraFilter` failed →
 * 409 Conflict. Resolves with the updated document (lean).
 */
export async function applyTransition<T>(options: ApplyTransitionOptions<T>): Promise<T> {
  const {
    model,
    id,
    flow,
    action,
    roles,
    by,
    note,
    photos,
    set = {},
    unset = [],
    extraFilter = {},
    clock,
  } = options;
  const resource = options.resource ?? 'resource';
  for (const field of ['status', 'history'])
    if (field in set || unset.includes(field))
      throw new TypeError(`applyTransition: set and unset may not change ${field}`);
  for (const field of unset)
    if (field in set) throw new TypeError(`applyTransition: ${field} is both set and unset`);
  const removing = unset.length ? { $unset: Object.fromEntries(unset.map((field) => [field, ''])) } : {};

  let state = options.state ?? guessState(flow, action, roles);
  for (let attempt = 0; attempt < MAX_TRANSITION_ATTEMPTS; attempt += 1) {
    state ??= await currentState(model, id, resource);
    const planned = flow.plan(state, action, roles);
    const entry: HistoryEntry = {
      action: planned.action,
      from: state,
      to: planned.to,
      by,
      role: planned.role,
      at: clock.now(),
      ...(note === undefined ? {} : { note }),
      ...(photos === undefined ? {} : { photos }),
    };
    const updated = await castingIdAsNotFound(resource, () =>
      model
        .findOneAndUpdate(
          { ...extraFilter, _id: id, status: state } as never,
          { $set: { ...set, status: planned.to }, ...removing, $push: { history: entry } } as never,
          { returnDocument: 'after' },
        )
        .lean<T>()
        .exec(),
    );
    if (updated) return updated;

    const tried = state;
    state = await currentState(model, id, resource);
    if (state === tried) {
      // Still in the state we planned from: the record failed extraFilter, and will again.
      throw Conflict(
        {
          'zh-CN': '该记录当前不满足此操作的条件，请刷新后查看',
          en: 'this record does not meet the conditions for this right now; refresh to see it',
        },
        { state, action },
      );
    }
  }
  throw Conflict(
    {
      'zh-CN': '该记录正在被他人同时修改，请刷新后重试',
      en: 'someone else is changing this record at the same moment; refresh and try again',
    },
    { action },
  );
}

/**
 * When the only move these roles could make with this action starts from a single state, try the
 * update straight away on that state: the common case costs one round trip, and a wrong guess is
 * caught by the re-read like any race.
 */
function guessState(flow: Workflow, action: string, roles: readonly string[]): string | undefined {
  const candidates = flow.table.filter((t) => t.action === action && t.by.some((r) => roles.includes(r)));
  return candidates.length === 1 && candidates[0].from.length === 1 ? candidates[0].from[0] : undefined;
}

async function currentState<T>(
  model: Model<T>,
  id: string | Types.ObjectId,
  resource: string | LocalizedText,
): Promise<string> {
  const current = await castingIdAsNotFound(resource, () =>
    model
      .findOne({ _id: id } as never, { status: 1 })
      .lean<{ status?: unknown }>()
      .exec(),
  );
  if (!current) throw NotFound(resource);
  return String(current.status);
}

/** An id that cannot be an id of this model names no record: 404, as for one that is gone. */
async function castingIdAsNotFound<V>(resource: string | LocalizedText, run: () => Promise<V>): Promise<V> {
  try {
    return await run();
  } catch (err) {
    if (
      (err as { name?: unknown; path?: unknown }).name === 'CastError' &&
      (err as { path?: unknown }).path === '_id'
    )
      throw NotFound(resource);
    throw err;
  }
}
