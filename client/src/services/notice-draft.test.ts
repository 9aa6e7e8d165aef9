import { NOTICE_TITLE_MAX } from '@linli/shared/notices';
import { setLocale } from '../i18n';
import {
  audienceSummary,
  draftProblems,
  emptyDraft,
  toCreateNoticeBody,
  type NoticeDraft,
} from './notice-draft';

const COMMUNITY = '665f1c2ab7e4a1d2c3b4a5f6';
const B1 = '665f1c2ab7e4a1d2c3b4a5f7';
const B2 = '665f1c2ab7e4a1d2c3b4a5f8';

function draft(patch: Partial<NoticeDraft> = {}): NoticeDraft {
  return { ...emptyDraft(COMMUNITY), title: '停水通知', body: '明早 9 点到 12 点停水。', ...patch };
}
const fields = (d: NoticeDraft) => draftProblems(d).map((p) => p.field);

beforeEach(() => setLocale('zh-CN'));

describe('notice composer: audience', () => {
  it('publishes to the whole community without choosing anything more', () => {
    expect(toCreateNoticeBody(draft())).toMatchObject({ audience: { kind: 'community' }, pinned: false });
  });

  it('refuses "chosen buildings" with no building chosen, and says so', () => {
    const d = draft({ audienceKind: 'buildings' });
    expect(draftProblems(d)).toEqual([{ field: 'audience', message: '请至少选择一栋楼' }]);
    expect(toCreateNoticeBody(d)).toBeNull();
    expect(toCreateNoticeBody({ ...d, buildingIds: [B1, B2] })?.audience).toEqual({
      kind: 'buildings',
      buildingIds: [B1, B2],
    });
  });

  it('refuses "a group" until a tag is chosen', () => {
    const d = draft({ audienceKind: 'tag' });
    expect(fields(d)).toEqual(['audience']);
    expect(toCreateNoticeBody({ ...d, tag: 'livingAlone' })?.audience).toEqual({
      kind: 'tag',
      tag: 'livingAlone',
    });
  });

  it('keeps buildings chosen earlier out of a community-wide notice', () => {
    expect(toCreateNoticeBody(draft({ buildingIds: [B1], tag: 'lowIncome' }))?.audience).toEqual({
      kind: 'community',
    });
  });

  it('names the audience in words for the preview', () => {
    const names = { [B1]: '1号楼', [B2]: '2号楼' };
    expect(audienceSummary({ kind: 'community' }, names)).toBe('全体居民');
    expect(audienceSummary({ kind: 'buildings', buildingIds: [B1, B2] }, names)).toBe('1号楼、2号楼');
    expect(audienceSummary({ kind: 'tag', tag: 'livingAlone' }, names)).toBe('独居老人');
    setLocale('en');
    expect(audienceSummary({ kind: 'buildings', buildingIds: [B1, B2] }, names)).toBe('1号楼, 2号楼');
  });
});

describe('notice composer: title and text', () => {
  it('asks for a title and a text, ignoring blank space', () => {
    expect(fields(draft({ title: '   ', body: '\n' }))).toEqual(['title', 'body']);
  });

  it('says how long a title may be, in the reader’s language', () => {
    const long = draft({ title: '停'.repeat(NOTICE_TITLE_MAX + 1) });
    expect(draftProblems(long)[0].message).toBe(`标题最多 ${NOTICE_TITLE_MAX} 个字`);
    setLocale('en');
    expect(draftProblems(long)[0].message).toBe(`The title can have at most ${NOTICE_TITLE_MAX} characters`);
    expect(toCreateNoticeBody(draft({ title: '停'.repeat(NOTICE_TITLE_MAX) }))).not.toBeNull();
  });

  it('sends trimmed text, the category and pinned as chosen', () => {
    expect(
      toCreateNoticeBody(
        draft({ title: '  演练 ', body: ' 周六消防演练 ', category: 'activity', pinned: true }),
      ),
    ).toEqual({
      communityId: COMMUNITY,
      title: '演练',
      body: '周六消防演练',
      category: 'activity',
      audience: { kind: 'community' },
      pinned: true,
    });
  });

  it('needs a community', () => {
    expect(fields(draft({ communityId: '' }))).toEqual(['community']);
  });
});
