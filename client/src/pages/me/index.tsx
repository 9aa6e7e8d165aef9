import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Locale } from '@linli/shared/i18n';
import { maskPhone } from '@linli/shared/identity-api';
import type { MembershipView } from '@linli/shared/membership';
import { Action } from '../../components/action';
import { Choice } from '../../components/choice';
import { Card } from '../../components/card';
import { confirmAction, toast } from '../../components/feedback';
import { ListItem } from '../../components/list-item';
import { Page } from '../../components/page';
import { PageHeader, SectionTitle } from '../../components/page-header';
import { RemoteView } from '../../components/remote-view';
import { ErrorState } from '../../components/states';
import { StatusBadge } from '../../components/status-badge';
import { Toggle } from '../../components/toggle';
import { usePreferences } from '../../hooks/use-preferences';
import { useRemote } from '../../hooks/use-remote';
import { SIGN_IN_PAGE, useUser } from '../../hooks/use-user';
import { t } from '../../i18n';
import { auth, messageOf } from '../../services';
import { carerLinksChanged, listMyCarerLinks } from '../../services/carer-links';
import { myWellnessAlerts, wellnessAlertsChanged } from '../../services/meals';
import { leaveMembership, listMyMemberships, membershipsChanged } from '../../services/memberships';
import { membershipStatusLabel, relationLabel } from '../../services/membership-format';
import { updatePreferences } from '../../services/preferences';
import { roleNames } from '../../services/roles';
import { EMERGENCY_ALERT_PAGE, EMERGENCY_CARE_PAGE } from '../../services/emergency';

export const ME_PAGE = '/pages/me/index';

/**
 * A switch of language re-renders every open page in place (each page subscribes to the
 * preferences), so nothing typed into a form on a page below is lost; the tab bar follows.
 */
function switchLanguage(locale: Locale): void {
  updatePreferences({ locale });
}

function MembershipCard({ membership }: { membership: MembershipView }) {
  const household = membership.householdLabel;
  const status = membershipStatusLabel(membership.status);
  const leave = async () => {
    const pending = membership.status === 'pending';
    const confirmed = await confirmAction({
      title: t(pending ? 'membershipWithdraw' : 'membershipLeave'),
      content: t(pending ? 'membershipWithdrawConfirm' : 'membershipLeaveConfirm', { household }),
      danger: true,
    });
    if (!confirmed) return;
    try {
      await leaveMembership(membership.id);
      await auth.loadMe();
    } catch (e) {
      toast(messageOf(e));
    }
  };
  return (
    <View
      className="row"
      data-testid="membership"
      ariaLabel={t('membershipStatusLabel', {
        household,
        relation: relationLabel(membership.relation),
        status,
      })}
    >
      <View className="membership-info">
        <Text className="strong">{household}</Text>
        <Text className="label membership-detail">{relationLabel(membership.relation)}</Text>
        {membership.reason && (
          <Text className="hint">{t('membershipReason', { reason: membership.reason })}</Text>
        )}
        {membership.actions.includes('leave') && (
          <Action
            inline
            label={t(membership.status === 'pending' ? 'membershipWithdraw' : 'membershipLeave')}
            onTap={() => void leave()}
          />
        )}
      </View>
      <StatusBadge state={membership.status} label={status} testId="membership-status" />
    </View>
  );
}

export default function MePage() {
  const { user, error, reload } = useUser();
  const joinHousehold = () => void Taro.navigateTo({ url: '/pages/household/index' });
  const { careMode, locale } = usePreferences();
  const signedIn = user !== null;
  const memberships = useRemote(listMyMemberships, signedIn, [membershipsChanged]);
  const carerLinks = useRemote(listMyCarerLinks, signedIn, [carerLinksChanged]);
  const alerts = useRemote(() => myWellnessAlerts(1, 50), signedIn, [wellnessAlertsChanged]);
  const openAlerts = (alerts.data?.items ?? []).filter((a) => a.status === 'open').length;
  const waitingForMe = (carerLinks.data ?? []).filter(
    (l) => l.status === 'pending' && l.actions.includes('confirm'),
  ).length;

  const signOut = async () => {
    await auth.signOut();
    toast(t('signOutDone'));
    void Taro.reLaunch({ url: SIGN_IN_PAGE });
  };

  return (
    <Page title="tabMe">
      <PageHeader title={t('meTitle')} />
      {error && <ErrorState message={error} onRetry={reload} />}
      {user && (
        <Card>
          <ListItem title={t('meDisplayName')} value={user.displayName} valueTestId="me-name" />
          <ListItem title={t('meRealName')} value={user.realName ?? t('meNotSet')} />
          <ListItem
            title={t('mePhone')}
            value={user.phone ? maskPhone(user.phone) : t('meNotSet')}
            valueTestId="me-phone"
          />
          <ListItem title={t('meRoles')} value={roleNames(user).join(t('listSeparator'))} />
        </Card>
      )}

      <SectionTitle>{t('meHouseholdsTitle')}</SectionTitle>
      <View data-testid="memberships">
        <RemoteView
          source={memberships}
          empty={{
            title: t('meNoHouseholds'),
            action: { label: t('meJoinHousehold'), testId: 'join-household', onTap: joinHousehold },
          }}
        >
          {(list) => (
            <Card>
              {list.map((m) => (
                <MembershipCard key={m.id} membership={m} />
              ))}
              <Action
                kind="secondary"
                label={t('meJoinHousehold')}
                testId="join-household"
                onTap={joinHousehold}
              />
            </Card>
          )}
        </RemoteView>
      </View>

      <Card>
        <ListItem
          icon="emergency"
          title={t('emergencyEntry')}
          label={t('emergencyEntry')}
          testId="emergency-entry"
          onTap={() => void Taro.navigateTo({ url: EMERGENCY_ALERT_PAGE })}
        />
        {(carerLinks.data ?? []).some((l) => l.carerId === user?.id && l.status === 'confirmed') && (
          <ListItem
            icon="wellness"
            title={t('careEntry')}
            label={t('careEntry')}
            testId="care-entry"
            onTap={() => void Taro.navigateTo({ url: EMERGENCY_CARE_PAGE })}
          />
        )}
        <ListItem
          icon="carers"
          title={t('carersEntry')}
          label={t('carersEntry')}
          value={
            waitingForMe > 0 ? (
              <StatusBadge tone="warning" label={t('carersEntryHint', { count: waitingForMe })} />
            ) : undefined
          }
          testId="carers-entry"
          onTap={() => void Taro.navigateTo({ url: '/pages/carers/index' })}
        />
        {(alerts.data?.items.length ?? 0) > 0 && (
          <ListItem
            icon="wellness"
            title={t('wellnessLink', { count: openAlerts })}
            label={t('wellnessLink', { count: openAlerts })}
            value={openAlerts > 0 ? <StatusBadge state="open" label={String(openAlerts)} /> : undefined}
            testId="wellness-entry"
            onTap={() => void Taro.navigateTo({ url: '/pages/wellness/index' })}
          />
        )}
        <ListItem
          icon="data"
          title={t('myDataEntry')}
          label={t('myDataEntry')}
          testId="my-data-entry"
          onTap={() => void Taro.navigateTo({ url: '/pages/my-data/index' })}
        />
      </Card>

      <SectionTitle>{t('settingsTitle')}</SectionTitle>
      <Card>
        <Toggle
          label={t('careMode')}
          description={t('careModeHint')}
          on={careMode}
          testId="care-mode"
          onChange={(on) => updatePreferences({ careMode: on })}
        />
        <Text className="field-label">{t('language')}</Text>
        <Choice<Locale>
          label={t('language')}
          testId="language"
          options={[
            { value: 'zh-CN', label: t('languageZh') },
            { value: 'en', label: t('languageEn') },
          ]}
          selected={locale}
          onSelect={(next) => {
            if (next !== locale) switchLanguage(next);
          }}
        />
      </Card>

      <Action kind="primary" label={t('signOut')} testId="sign-out" onTap={() => void signOut()} />
    </Page>
  );
}
