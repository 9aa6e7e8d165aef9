/**
 * Stand-in for platform/workflow.ts (being built beside this module, same contract): a state
 * machine declared as data. When the platform piece lands, flow.ts imports it instead and this
 * file goes.
 */
import type { LocalizedText } from '@linli/shared';
import { Conflict, Forbidden } from '../../../platform/errors';

export interface Transition<S extends string, R extends string> {
  action: string;
  from: readonly S[];
  to: S;
  by: readonly R[];
}

export function defineWorkflow<const S extends string, R extends string>(spec: {
  name: string;
  states: readonly S[];
  labels: Record<S, LocalizedText>;
  transitions: readonly Transition<S, R>[];
}) {
  const { transitions } = spec;
  return {
    name: spec.name,
    states: spec.states,
    labels: spec.labels,
    table: transitions,
    actionsFor(state: S, roles: readonly R[]): string[] {
      return transitions
        .filter((t) => t.from.includes(state) && t.by.some((r) => roles.includes(r)))
        .map((t) => t.action);
    },
    nextStates(state: S): S[] {
      return [...new Set(transitions.filter((t) => t.from.includes(state)).map((t) => t.to))];
    },
    plan(state: S, action: string, roles: readonly R[]): { from: readonly S[]; to: S } {
      const t = transitions.find((x) => x.action === action && x.from.includes(state));
      if (!t) {
        const allowedNextStates = [
          ...new Set(transitions.filter((x) => x.from.includes(state)).map((x) => x.to)),
        ];
        const allowedActions = [
          ...new Set(transitions.filter((x) => x.from.includes(state)).map((x) => x.action)),
        ];
        const words = (s: S) => spec.labels[s];
        throw Conflict(
          {
            'zh-CN': `当前状态为“${words(state)['zh-CN']}”，不能${action}；可转为：${allowedNextStates.map((s) => words(s)['zh-CN']).join('、') || '无'}`,
            en: `it is ${words(state).en} now, so "${action}" is not possible; it can become: ${allowedNextStates.map((s) => words(s).en).join(', ') || 'nothing'}`,
          },
          { allowedNextStates, allowedActions, state },
        );
      }
      if (!t.by.some((r) => roles.includes(r))) throw Forbidden(`${action} needs ${t.by.join('/')}`);
      return { from: [state], to: t.to };
    },
  };
}
