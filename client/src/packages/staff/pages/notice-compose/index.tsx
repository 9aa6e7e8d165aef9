import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { BuildingView } from '@linli/shared/communities';
import { RESIDENT_TAGS, type ResidentTag } from '@linli/shared/identity';
import {
  NOTICE_BODY_MAX,
  NOTICE_CATEGORIES,
  NOTICE_TITLE_MAX,
  type NoticeCategory,
} from '@linli/shared/notices';
import { Action, ButtonRow } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Choice } from '../../../../components/choice';
import { Field, FormError } from '../../../../components/field';
import { formErrorsOf, NO_ERRORS, type FormErrors } from '../../../../components/field-errors';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { Tag } from '../../../../components/status-badge';
import { Toggle } from '../../../../components/toggle';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { CATEGORY_TONES, categoryLabel } from '../../../../services/notice-format';
import {
  audienceOf,
  audienceSummary,
  draftProblems,
  emptyDraft,
  tagLabel,
  toCreateNoticeBody,
  type AudienceKind,
  type NoticeDraft,
} from '../../../../services/notice-draft';
import { publisherCommunityIds } from '../../../../services/roles';
import { listBuildings, publishNotice } from '../../../../services/staff-notices';
import { CommunityPicker, useStaffCommunity } from '../../components/community-picker';
import { usePreferences } from '../../../../hooks/use-preferences';

const NOTICE_LIST_PAGE = '/packages/staff/pages/notice-list/index';

/**
 * Composing a notice: category, who gets it (everyone, chosen buildings, or residents with a tag),
 * title and text, pinned or not; then a preview as residents will see it, then publish.
 */
export default function NoticeCompose() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const staff = useStaffCommunity(user ? publisherCommunityIds(user) : []);
  const [draft, setDraft] = useState<NoticeDraft>(emptyDraft(''));
  const [buildings, setBuildings] = useState<BuildingView[] | null>(null);
  const [buildingsRefused, setBuildingsRefused] = useState(false);
  const [showProblems, setShowProblems] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const [busy, setBusy] = useState(false);
  // What the server refused at publishing: under the title or text, or as a sentence.
  const [refused, setRefused] = useState<FormErrors>(NO_ERRORS);

  const change = (patch: Partial<NoticeDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // An edit answers the server's refusal: its messages go until the next publish.
    setRefused(NO_ERRORS);
  };

  useEffect(() => {
    if (!staff.communityId) return;
    change({ communityId: staff.communityId, buildingIds: [] });
    setBuildings(null);
    setBuildingsRefused(false);
    // Only the committee may list buildings; an operator publishes to everyone or to a group.
    listBuildings(staff.communityId).then(setBuildings, () => setBuildingsRefused(true));
  }, [staff.communityId]);

  const problems = draftProblems(draft);
  const problemFor = (field: string) =>
    (showProblems ? problems.find((p) => p.field === field)?.message : undefined) ?? refused.fields[field];
  const buildingNames = Object.fromEntries((buildings ?? []).map((b) => [b.id, b.name]));
  const audience = audienceOf(draft);

  const toggleBuilding = (id: string) =>
    change({
      buildingIds: draft.buildingIds.includes(id)
        ? draft.buildingIds.filter((b) => b !== id)
        : [...draft.buildingIds, id],
    });

  const preview = () => {
    setShowProblems(true);
    if (problems.length === 0) setPreviewing(true);
  };

  const publish = async () => {
    const body = toCreateNoticeBody(draft);
    if (!body) {
      setPreviewing(false);
      return;
    }
    setBusy(true);
    setRefused(NO_ERRORS);
    try {
      await publishNotice(body);
      void Taro.showToast({ title: t('composePublished'), icon: 'success' });
      void Taro.redirectTo({ url: NOTICE_LIST_PAGE });
    } catch (e) {
      const errors = formErrorsOf(e, messageOf(e), ['title', 'body']);
      setRefused(errors);
      // A field the server refused is fixed on the form, where its message sits under it.
      if (Object.keys(errors.fields).length > 0) setPreviewing(false);
    } finally {
      setBusy(false);
    }
  };

  if (previewing && audience) {
    return (
      <Page title="composeTitle">
        <PageHeader title={t('composePreviewTitle')} />
        <Card className="preview" variant="outlined" testId="compose-preview">
          <View className="notice-head">
            <Tag label={categoryLabel(draft.category)} tone={CATEGORY_TONES[draft.category]} />
            {draft.pinned && <Tag label={t('noticePinned')} tone="warning" />}
          </View>
          <Text className="notice-title notice-unread">{draft.title.trim()}</Text>
          <Text className="notice-body">{draft.body.trim()}</Text>
        </Card>
        <Text className="hint" data-testid="compose-audience">
          {t('composeAudienceLine', { audience: audienceSummary(audience, buildingNames) })}
        </Text>
        <FormError message={refused.form} testId="compose-error" />
        <ButtonRow>
          <Action kind="secondary" label={t('composeEdit')} onTap={() => setPreviewing(false)} />
          <Action
            kind="primary"
            label={t('composePublish')}
            testId="compose-publish"
            busy={busy}
            onTap={() => void publish()}
          />
        </ButtonRow>
      </Page>
    );
  }

  const audienceKinds: { value: AudienceKind; label: string }[] = [
    { value: 'community', label: t('audienceKindCommunity') },
    ...(buildingsRefused ? [] : [{ value: 'buildings' as const, label: t('audienceKindBuildings') }]),
    { value: 'tag', label: t('audienceKindTag') },
  ];

  return (
    <Page title="composeTitle">
      <PageHeader title={t('composeTitle')} />
      <Card>
        <CommunityPicker
          ids={staff.ids}
          names={staff.names}
          communityId={staff.communityId}
          onChange={staff.setCommunityId}
        />
        <Text className="field-label">{t('composeCategory')}</Text>
        <Choice<NoticeCategory>
          label={t('composeCategory')}
          testId="compose-category"
          options={NOTICE_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) }))}
          selected={draft.category}
          onSelect={(category) => change({ category })}
        />
        <Text className="field-label">{t('composeAudience')}</Text>
        <Choice<AudienceKind>
          label={t('composeAudience')}
          testId="compose-audience-kind"
          options={audienceKinds}
          selected={draft.audienceKind}
          onSelect={(audienceKind) => change({ audienceKind })}
        />
        {draft.audienceKind === 'buildings' && (
          <View>
            <Text className="field-label">{t('composeBuildings')}</Text>
            <Choice<string>
              label={t('composeBuildings')}
              testId="compose-buildings"
              options={(buildings ?? []).map((b) => ({ value: b.id, label: b.name }))}
              selected={draft.buildingIds}
              onSelect={toggleBuilding}
            />
          </View>
        )}
        {buildingsRefused && <Text className="hint">{t('composeBuildingsUnavailable')}</Text>}
        {draft.audienceKind === 'tag' && (
          <View>
            <Text className="field-label">{t('composeTag')}</Text>
            <Choice<ResidentTag>
              label={t('composeTag')}
              testId="compose-tag"
              options={RESIDENT_TAGS.map((tag) => ({ value: tag, label: tagLabel(tag) }))}
              selected={draft.tag}
              onSelect={(tag) => change({ tag })}
            />
          </View>
        )}
        <FormError message={problemFor('audience')} />
      </Card>
      <Card>
        <Field
          label={t('composeTitleField')}
          placeholder={t('composeTitlePlaceholder')}
          value={draft.title}
          maxLength={NOTICE_TITLE_MAX}
          testId="compose-title"
          error={problemFor('title')}
          onChange={(title) => change({ title })}
        />
        <Text className="hint">
          {t('composeCount', { count: draft.title.trim().length, max: NOTICE_TITLE_MAX })}
        </Text>
        <Field
          multiline
          label={t('composeBodyField')}
          placeholder={t('composeBodyPlaceholder')}
          value={draft.body}
          maxLength={NOTICE_BODY_MAX}
          testId="compose-body"
          error={problemFor('body')}
          onChange={(body) => change({ body })}
        />
        <Toggle
          label={t('composePinned')}
          description={t('composePinnedHint')}
          on={draft.pinned}
          testId="compose-pinned"
          onChange={(pinned) => change({ pinned })}
        />
      </Card>
      <FormError message={problemFor('community') ?? refused.form} />
      <Action kind="primary" label={t('composePreview')} testId="compose-preview-button" onTap={preview} />
    </Page>
  );
}
