import Taro from '@tarojs/taro';
import type { RoleGrant } from '@linli/shared/identity';
import { t } from '../../../i18n';
import { ListItem } from '../../../components/list-item';

/**
 * The meals entries under a grant on the staff home: an operator opens their canteen (a provider
 * that is not a canteen says so there), a committee member their community's subsidy policy.
 */
export function MealsStaffLinks({ grant }: { grant: RoleGrant }) {
  const open = (url: string) => void Taro.navigateTo({ url });
  if (grant.role === 'operator')
    return (
      <ListItem
        icon="canteen"
        title={t('canteenEntry')}
        label={t('canteenEntry')}
        testId="canteen-entry"
        onTap={() =>
          open(
            `/packages/staff/pages/canteen/index?providerId=${grant.providerId}&communityId=${grant.communityId}`,
          )
        }
      />
    );
  if (grant.role === 'committee')
    return (
      <ListItem
        icon="subsidy"
        title={t('canteenPolicyEntry')}
        label={t('canteenPolicyEntry')}
        testId="subsidy-entry"
        onTap={() => open(`/packages/staff/pages/subsidy/index?communityId=${grant.communityId}`)}
      />
    );
  return null;
}
