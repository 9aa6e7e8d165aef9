import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Locale } from '@linli/shared/i18n';
import { maskPhone } from '@linli/shared/identity-api';
import type { MembershipView } from '@linli/shared/membership';
import { Action } from '../../components/action';
import { Choice } from '../../components/choice';
import { Page } from '../../components/page';
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
    const { confirm } = await Taro.showModal({
      title: t(pending ? 'membershipWithdraw' : 'membershipLeave'),
      content: t(pending ? 'membershipWithdrawConfirm' : 'membershipLeaveConfirm', { household }),
      confirmText: t('commonConfirm'),
      cancelText: t('commonCancel'),
    });
    if (!confirm) return;
    try {
      await leaveMembership(membership.id);
      await auth.loadMe();
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none' });
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
        <Text className="tile-name">{household}</Text>
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
      <Text className={`status status-${membership.status}`} data-testid="membership-status">
        {status}
      </Text>
    </View>
  );
}

export default function MePage() {
  const { user, error } = useUser();
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
    void Taro.showToast({ title: t('signOutDone'), icon: 'none' });
    void Taro.reLaunch({ url: SIGN_IN_PAGE });
  };

  return (
    <Page title="tabMe">
      <Text className="title">{t('meTitle')}</Text>
      {error && <Text className="error">{error}</Text>}
      {user && (
        <View className="card">
          <View className="row">
            <Text className="label">{t('meDisplayName')}</Text>
            <Text className="value" data-testid="me-name">
              {user.displayName}
            </Text>
          </View>
          <View className="row">
            <Text className="label">{t('meRealName')}</Text>
            <Text className="value">{user.realName ?? t('meNotSet')}</Text>
          </View>
          <View className="row">
            <Text className="label">{t('mePhone')}</Text>
            <Text className="value" data-testid="me-phone">
              {user.phone ? maskPhone(user.phone) : t('meNotSet')}
            </Text>
          </View>
          <View className="row">
            <Text className="label">{t('meRoles')}</Text>
            <Text className="value">{roleNames(user).join(t('listSeparator'))}</Text>
          </View>
        </View>
      )}

      <Text className="section-title">{t('meHouseholdsTitle')}</Text>
      <View className="card" data-testid="memberships">
        {memberships.error && <Text className="error">{memberships.error}</Text>}
        {memberships.data?.length === 0 && <Text className="hint">{t('meNoHouseholds')}</Text>}
        {memberships.data?.map((m) => (
          <MembershipCard key={m.id} membership={m} />
        ))}
        <Action
          kind="secondary"
          label={t('meJoinHousehold')}
          testId="join-household"
          onTap={() => void Taro.navigateTo({ url: '/pages/household/index' })}
        />
      </View>

      <View className="card">
        <View
          className="menu-item"
          role="button"
          ariaLabel={t('carersEntry')}
          data-testid="carers-entry"
          onClick={() => void Taro.navigateTo({ url: '/pages/carers/index' })}
        >
          <Text>{t('carersEntry')}</Text>
          <Text className="menu-more">
            {waitingForMe > 0 ? t('carersEntryHint', { count: waitingForMe }) : ''} ›
          </Text>
        </View>
        {(alerts.data?.items.length ?? 0) > 0 && (
          <View
            className="menu-item"
            role="button"
            ariaLabel={t('wellnessLink', { count: openAlerts })}
            data-testid="wellness-entry"
            onClick={() => void Taro.navigateTo({ url: '/pages/wellness/index' })}
          >
            <Text className={openAlerts > 0 ? 'error' : ''}>{t('wellnessLink', { count: openAlerts })}</Text>
            <Text className="menu-more">›</Text>
          </View>
        )}
        <View
          className="menu-item"
          role="button"
          ariaLabel={t('myDataEntry')}
          data-testid="my-data-entry"
          onClick={() => void Taro.navigateTo({ url: '/pages/my-data/index' })}
        >
          <Text>{t('myDataEntry')}</Text>
          <Text className="menu-more">›</Text>
        </View>
      </View>

      <Text className="section-title">{t('settingsTitle')}</Text>
      <View className="card">
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
      </View>

      <Action kind="primary" label={t('signOut')} testId="sign-out" onTap={() => void signOut()} />
    </Page>
  );
}
