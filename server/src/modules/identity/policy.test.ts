import { maskPhone } from '@linli/shared';
import type { Actor } from '../../platform/context';
import { canChangeGrantsOf, canSeeFullPhone } from './policy';
import { presentPerson } from './presenter';

const HOME = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const ELSEWHERE = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const PROVIDER = 'cccccccccccccccccccccccc';
const subject = { userId: 'subject', communityIds: [HOME] };
const actor = (grants: Actor['grants'], userId = 'viewer'): Actor => ({
  userId,
  grants,
  homes: [],
  tags: [],
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
  });
  it('hides anything that is not a mainland mobile number entirely', () => {
    expect(maskPhone('12345')).toBe('****');
  });
});

describe('canSeeFullPhone', () => {
  it('lets the person themself see it', () => {
    expect(canSeeFullPhone(actor([], 'subject'), subject)).toBe(true);
  });
  it('lets admins see it', () => {
    expect(canSeeFullPhone(actor([{ role: 'admin' }]), subject)).toBe(true);
  });
  it.each([
    ['committee', { role: 'committee' as const, communityId: HOME }],
    ['operator', { role: 'operator' as const, communityId: HOME, providerId: PROVIDER }],
    ['technician', { role: 'technician' as const, communityId: HOME, providerId: PROVIDER }],
  ])('lets %s staff of the subject’s community see it', (_role, grant) => {
    expect(canSeeFullPhone(actor([grant]), subject)).toBe(true);
  });
  it('refuses another resident', () => {
    expect(canSeeFullPhone(actor([]), subject)).toBe(false);
  });
  it('refuses staff of another community', () => {
    expect(canSeeFullPhone(actor([{ role: 'committee', communityId: ELSEWHERE }]), subject)).toBe(false);
    expect(
      canSeeFullPhone(actor([{ role: 'operator', communityId: ELSEWHERE, providerId: PROVIDER }]), subject),
    ).toBe(false);
  });
  it('refuses community staff when the subject has no home at all', () => {
    expect(
      canSeeFullPhone(actor([{ role: 'committee', communityId: HOME }]), { userId: 'x', communityIds: [] }),
    ).toBe(false);
  });
});

describe('presentPerson', () => {
  const person = { id: 'subject', displayName: '王伯伯', phone: '13912345678' };
  it('shows the full phone to staff of the community and a masked one to others', () => {
    expect(presentPerson(actor([{ role: 'committee', communityId: HOME }]), person, [HOME]).phone).toBe(
      '13912345678',
    );
    expect(presentPerson(actor([{ role: 'committee', communityId: ELSEWHERE }]), person, [HOME]).phone).toBe(
      '139****5678',
    );
    expect(presentPerson(actor([]), person, [HOME])).toEqual({
      id: 'subject',
      displayName: '王伯伯',
      phone: '139****5678',
    });
  });
});

describe('canChangeGrantsOf', () => {
  it('lets an admin change grants but not drop their own admin right', () => {
    const admin = actor([{ role: 'admin' }], 'me');
    expect(canChangeGrantsOf(admin, 'someone', [])).toBe(true);
    expect(canChangeGrantsOf(admin, 'me', [{ role: 'admin' }])).toBe(true);
    expect(canChangeGrantsOf(admin, 'me', [{ role: 'committee' }])).toBe(false);
    expect(canChangeGrantsOf(actor([{ role: 'committee', communityId: HOME }]), 'someone', [])).toBe(false);
  });
});
