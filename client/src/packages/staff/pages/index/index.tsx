import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useUser } from '../../../../hooks/use-user';
import { t, type MessageKey } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { listCommunityNames } from '../../../../services/communities';
import { committeeCommunityIds, publisherCommunityIds, roleName } from '../../../../services/roles';
import { Page } from '../../../../components/page';
import { MealsStaffLinks } from '../../components/meals-links';
import { DaycareStaffLinks } from '../../components/daycare-links';
import { usePreferences } from '../../../../hooks/use-preferences';

interface Tool {
  key: string;
  name: MessageKey;
  url: string;
}

/** The staff member's work (by the rights they hold) and their grants. */
export default function StaffHome() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user, error } = useUser();
  const [names, setNames] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (!user || user.grants.length === 0) return;
    listCommunityNames()
      .then(setNames)
      .catch((e: unknown) => setLoadError(messageOf(e)));
  }, [user]);

  const tools: Tool[] = [];
  if (user && publisherCommunityIds(user).length > 0) {
    tools.push({ key: 'compose', name: 'staffCompose', url: '/packages/staff/pages/notice-compose/index' });
    tools.push({ key: 'notices', name: 'staffNoticeList', url: '/packages/staff/pages/notice-list/index' });
  }
  if (user && committeeCommunityIds(user).length > 0) {
    tools.push({ key: 'approvals', name: 'staffApprovals', url: '/packages/staff/pages/memberships/index' });
    tools.push({ key: 'wellness', name: 'wellnessStaffLink', url: '/pages/wellness/index' });
  }

  return (
    <Page title="staffHomeTitle">
      {(error || loadError) && <Text className="error">{error ?? loadError}</Text>}
      {tools.length > 0 && (
        <View>
          <Text className="title">{t('staffTools')}</Text>
          <View className="card">
            {tools.map((tool) => (
              <View
                key={tool.key}
                className="menu-item"
                role="button"
                ariaLabel={t(tool.name)}
                data-testid={`staff-tool-${tool.key}`}
                onClick={() => void Taro.navigateTo({ url: tool.url })}
              >
                <Text>{t(tool.name)}</Text>
                <Text className="menu-more">›</Text>
              </View>
            ))}
          </View>
        </View>
      )}
      {user && <DaycareStaffLinks user={user} />}
      <Text className="section-title">{t('staffGrantsTitle')}</Text>
      {user && user.grants.length === 0 && <Text className="hint">{t('staffNoGrants')}</Text>}
      {user?.grants.map((grant, index) => (
        <View className="card" key={index} data-testid="grant">
          <Text className="tile-name">{roleName(grant.role)}</Text>
          <Text className="hint">
            {grant.role === 'admin'
              ? t('staffAllCommunities')
              : t('staffCommunity', { name: names[grant.communityId] ?? grant.communityId })}
          </Text>
          {(grant.role === 'operator' || grant.role === 'technician') && (
            <Text className="hint">{t('staffProvider', { id: grant.providerId })}</Text>
          )}
          <MealsStaffLinks grant={grant} />
        </View>
      ))}
    </Page>
  );
}
