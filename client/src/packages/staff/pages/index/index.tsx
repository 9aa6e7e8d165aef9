import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { listCommunityNames } from '../../../../services/communities';
import { roleName } from '../../../../services/roles';
import { Page } from '../../../../components/page';
import { MealsStaffLinks } from '../../components/meals-links';

/** The staff member's grants: which role, in which community, for which provider. */
export default function StaffHome() {
  const { user, error } = useUser();
  const [names, setNames] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (!user || user.grants.length === 0) return;
    listCommunityNames()
      .then(setNames)
      .catch((e: unknown) => setLoadError(messageOf(e)));
  }, [user]);

  return (
    <Page>
      <Text className="title">{t('staffGrantsTitle')}</Text>
      {(error || loadError) && <Text className="error">{error ?? loadError}</Text>}
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
