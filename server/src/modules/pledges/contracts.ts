/**
 * The platform pieces this module is written against: the scheduler (landed, re-exported), and
 * uploads and the workflow as BRIEF.md states their contracts, kept here only until
 * server/src/platform/{uploads,workflow.ts} land on main; then these give way to imports from there.
 */
import type { Actor } from '../../platform/context';
import { Conflict, Forbidden } from '../../platform/errors';

export type { DueJob, Scheduler } from '../../platform/scheduler';

export interface UploadRef {
  id: string;
  width: number;
  height: number;
}
export interface UploadView extends UploadRef {
  url: string;
  thumbUrl: string;
}
export interface UploadService {
  attach(
    actor: Actor,
    uploadIds: readonly string[],
    owner: { kind: string; recordId: string },
  ): Promise<UploadRef[]>;
  registerAccess(kind: string, canSee: (actor: Actor, recordId: string) => Promise<boolean>): void;
  present(refs: readonly UploadRef[]): UploadView[];
  removeFor(owner: { kind: string; recordId: string }): Promise<void>;
}

interface Transition<S extends string, A extends string, R extends string> {
  action: A;
  from: readonly S[];
  to: S;
  by: readonly R[];
}

/** The workflow contract's defineWorkflow, in the part this module uses (actionsFor, plan, table). */
export function defineWorkflow<S extends string, A extends string, R extends string>(spec: {
  name: string;
  states: readonly S[];
  labels: Record<S, { 'zh-CN': string; en: string }>;
  transitions: readonly Transition<S, A, R>[];
}) {
  const { transitions, labels } = spec;
  return {
    table: transitions,
    actionsFor(state: S, roles: readonly R[]): A[] {
      return transitions
        .filter((t) => t.from.includes(state) && t.by.some((r) => roles.includes(r)))
        .map((t) => t.action);
    },
    nextStates(state: S): S[] {
      return [...new Set(transitions.filter((t) => t.from.includes(state)).map((t) => t.to))];
    },
    plan(state: S, action: A, roles: readonly R[]): { from: readonly S[]; to: S } {
      const move = transitions.find((t) => t.action === action && t.from.includes(state));
      if (!move) {
        const allowed = transitions.filter((t) => t.from.includes(state));
        throw Conflict(
          {
            'zh-CN': `当前状态为“${labels[state]['zh-CN']}”，不能进行此操作`,
            en: `not possible while ${labels[state].en}`,
          },
          {
            allowedNextStates: [...new Set(allowed.map((t) => t.to))],
            allowedActions: allowed.map((t) => t.action),
          },
        );
      }
      if (!move.by.some((r) => roles.includes(r))) throw Forbidden(`${spec.name}.${action}`);
      return { from: move.from, to: move.to };
    },
  };
}
