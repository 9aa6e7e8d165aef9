import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Action } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Field, FormError } from '../../../../components/field';
import { formErrorsOf, NO_ERRORS, type FormErrors } from '../../../../components/field-errors';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { formatDate } from '../../../../services/notice-format';
import { conventionChanged, conventionVersions, publishConvention } from '../../../../services/pledges';
import { committeeCommunityOf } from '../../components/parts';

/** The body paths this form shows under a field; anything else the server says goes above the button. */
const SHOWN = ['text', 'effectiveDate'];

/**
 * For the committee: publish a new version of the convention (its full text and the day it takes
 * effect), starting from the version in force, and read the earlier versions with how many signed
 * each. The server checks the date and the text; its words show under the field they name.
 */
export default function ConventionEditor() {
  usePreferences();
  const { user } = useUser();
  const communityId = committeeCommunityOf(user);
  const versions = useRemote(
    async () => [...(await conventionVersions(communityId))].sort((a, b) => b.version - a.version),
    communityId !== '',
    [conventionChanged],
    communityId,
  );
  const [text, setText] = useState<string | null>(null);
  const [effectiveDate, setEffectiveDate] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  // The draft starts as the version in force: a revision is usually a few lines changed.
  const inForce = versions.data?.[0];
  useEffect(() => {
    if (text === null && versions.data) setText(inForce?.text ?? '');
  }, [text, versions.data, inForce]);

  const publish = async () => {
    const draft = (text ?? '').trim();
    const problems: Record<string, string> = {};
    if (!draft) problems.text = t('conventionEditorBlank');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveDate.trim()))
      problems.effectiveDate = t('conventionEditorBadDate');
    if (Object.keys(problems).length > 0) {
      setErrors({ fields: problems, form: null });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const published = await publishConvention(communityId, {
        text: draft,
        effectiveDate: effectiveDate.trim(),
      });
      setEffectiveDate('');
      setText(published.text);
      void Taro.showToast({
        title: t('conventionEditorPublished', { version: published.version }),
        icon: 'none',
      });
    } catch (e) {
      setErrors(formErrorsOf(e, messageOf(e), SHOWN));
    }
    setBusy(false);
  };

  return (
    <Page title="conventionEditor">
      <PageHeader title={t('conventionEditor')} />
      <Card>
        <Text className="hint">{t('conventionEditorHint')}</Text>
        <Field
          label={t('conventionEditorText')}
          value={text ?? ''}
          multiline
          maxLength={20_000}
          onChange={setText}
          error={errors.fields.text}
          testId="convention-text"
        />
        <Field
          label={t('conventionEditorDate')}
          value={effectiveDate}
          maxLength={10}
          onChange={setEffectiveDate}
          error={errors.fields.effectiveDate}
          testId="convention-date"
        />
        <FormError message={errors.form} testId="convention-error" />
        <Action
          kind="primary"
          label={t('conventionEditorPublish')}
          busy={busy}
          testId="publish-convention"
          onTap={() => void publish()}
        />
      </Card>
      <SectionTitle>{t('conventionEditorPast')}</SectionTitle>
      <RemoteView source={versions} empty={{ title: t('conventionNone') }}>
        {(list) => (
          <View className="card" data-testid="convention-versions">
            {list.map((v) => (
              <ListItem
                key={v.id}
                testId="convention-version"
                title={`${t('pledgesVersion', { version: v.version })} · ${v.text.split('\n')[0]}`}
                detail={t('conventionEditorVersionLine', {
                  date: v.effectiveDate,
                  published: formatDate(v.publishedAt),
                  signatures: v.signatures,
                })}
              />
            ))}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
