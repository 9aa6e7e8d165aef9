/** The emergency call's moves, as a table: who may take which action from which state. */
import { emergencyFlow } from './workflow';

it.each([
  ['open', ['carer'], ['acknowledge']],
  ['open', ['staff'], ['acknowledge', 'close']],
  ['open', [], []],
  ['acknowledged', ['carer'], []],
  ['acknowledged', ['staff'], ['close']],
  ['closed', ['carer', 'staff'], []],
] as const)('from %s, roles %j may %j', (state, roles, actions) => {
  expect(emergencyFlow.actionsFor(state, roles)).toEqual(actions);
});

it('a carer closing is refused (403), a closed call acknowledged is 409 naming what is possible', () => {
  expect(() => emergencyFlow.plan('open', 'close', ['carer'])).toThrow(
    expect.objectContaining({ status: 403 }),
  );
  expect(() => emergencyFlow.plan('closed', 'acknowledge', ['staff'])).toThrow(
    expect.objectContaining({ code: 'TRANSITION_NOT_ALLOWED' }),
  );
});
