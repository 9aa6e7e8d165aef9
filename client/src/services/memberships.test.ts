import type { CarerLinkView } from '@linli/shared/membership';
import { buildingNameCandidates } from './memberships';
import { bySide, normaliseCarerCode } from './carer-links';
import { summariseExport } from './account';

describe('finding a household by what a person types', () => {
  it('tries the bare number as the building sign reads too', () => {
    expect(buildingNameCandidates(' 3 ')).toEqual(['3', '3号楼']);
    expect(buildingNameCandidates('3号')).toEqual(['3号', '3号楼']);
    expect(buildingNameCandidates('1号 楼')).toEqual(['1号楼']);
    expect(buildingNameCandidates('A座')).toEqual(['A座']);
    expect(buildingNameCandidates('  ')).toEqual([]);
  });
});

describe('carer codes', () => {
  it('accept a user id typed with spaces or capitals, and nothing else', () => {
    expect(normaliseCarerCode('6B025F65 169FFC6F 5782408E')).toBe('6b025f65169ffc6f5782408e');
    expect(normaliseCarerCode('6b025f65169ffc6f5782408')).toBeNull();
    expect(normaliseCarerCode('王奶奶')).toBeNull();
  });

  it('split my links into the ones where I care and the ones where I am cared for', () => {
    const link = (carerId: string, elderId: string): CarerLinkView => ({
      id: carerId + elderId,
      carerId,
      elderId,
      status: 'confirmed',
      requestedAt: '2026-11-22T01:00:00.000Z',
      actions: [],
    });
    const sides = bySide([link('me', 'mum'), link('son', 'me')], 'me');
    expect(sides.asCarer.map((l) => l.elderId)).toEqual(['mum']);
    expect(sides.asElder.map((l) => l.carerId)).toEqual(['son']);
  });
});

describe('the data export summary', () => {
  it('counts the records in each section', () => {
    expect(
      summariseExport({
        exportedAt: '2026-11-22T01:00:00.000Z',
        profile: { id: 'u1', displayName: '王奶奶' },
        membership: { memberships: [{}, {}], carerLinks: [{}] },
        notices: { reads: [], subscriptions: [] },
      }),
    ).toEqual([
      { section: 'profile', count: 1 },
      { section: 'membership', count: 3 },
      { section: 'notices', count: 0 },
    ]);
  });
});
