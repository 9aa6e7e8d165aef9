/**
 * The workflow contract of BRIEF.md (platform/workflow.ts, being built by another helper), written
 * here to that contract so tickets can be built and tested now. When platform/workflow.ts lands on
 * main this file goes and tickets/flow.ts imports the platform's defineWorkflow instead; nothing
 * else changes. (It stays in the module, not in platform/, so two copies never meet there.)
 */
import type { LocalizedText } from '@linli/shared';
import { Conflict, Forbidden } from '../../platform/errors';

export interface Transition<S extends string, A extends string, R extends string> {
  action: A;
  from: readonly S[];
  to: S;
  by: readonly R[];
}

export interface WorkflowSpec<S extends string, A extends string, R extends string> {
  name: string;
  states: readonly S[];
  labels: Record<S, LocalizedText>;
  transitions: readonly Transition<S, A, R>[];
}

export interface Workflow<S extends string, A extends string, R extends string> {
  name: string;
  table: readonly Transition<S, A, R>[];
  actionsFor(state: S, roles: readonly R[]): A[];
  nextStates(state: S): S[];
  plan(state: S, action: A, roles: readonly R[]): { from: S[]; to: S };
  /** The state's name for people (messages, CSV). */
  label(state: S): LocalizedText;
}

export function defineWorkflow<const S extends string, const A extends string, const R extends string>(
  spec: WorkflowSpec<S, A, R>,
): Workflow<S, A, R> {
  const table = spec.transitions;
  const nextStates = (state: S) => [...new Set(table.filter((t) => t.from.includes(state)).map((t) => t.to))];
  return {
    name: spec.name,
    table,
    nextStates,
    label: (state) => spec.labels[state],
    actionsFor: (state, roles) => [
      ...new Set(
        table
          .filter((t) => t.from.includes(state) && t.by.some((r) => roles.includes(r)))
          .map((t) => t.action),
      ),
    ],
    plan(state, action, roles) {
      const possible = table.filter((t) => t.action === action && t.from.includes(state));
      if (possible.length === 0) {
        const label = spec.labels[state];
        throw Conflict(
          {
            'zh-CN': `当前状态「${label['zh-CN']}」下不能这样操作`,
            en: `not possible while the ${spec.name} is ${label.en}`,
          },
          {
            code: 'TRANSITION_NOT_ALLOWED',
            state,
            allowedNextStates: nextStates(state),
            allowedActions: [...new Set(table.filter((t) => t.from.includes(state)).map((t) => t.action))],
          },
        );
      }
      const allowed = possible.find((t) => t.by.some((r) => roles.includes(r)));
      if (!allowed)
        throw Forbidden(`${action} on a ${state} ${spec.name} needs ${possible[0]!.by.join('/')}`);
      return { from: [...allowed.from], to: allowed.to };
    },
  };
}
