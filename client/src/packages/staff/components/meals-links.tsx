import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { RoleGrant } from '@linli/shared/identity';
import { t } from '../../../i18n';

/**
 * The meals entries under a grant on the staff home: an operator opens their canteen (a provider
 * that is not a canteen says so there), a committee member their community's subsidy policy.
 */
export function MealsStaffLinks({ grant }: { grant: RoleGrant }) {
  const open = (url: string) => void Taro.navigateTo({ url });
  if (grant.role === 'operator')
    return (
      <View
        className="staff-link"
        role="button"
        ariaLabel={t('canteenEntry')}
        data-testid="canteen-entry"
        onClick={() =>
          open(
            `/packages/staff/pages/canteen/index?providerId=${grant.providerId}&communityId=${grant.communityId}`,
          )
        }
      >
        <Text>{t('canteenEntry')} ›</Text>
      </View>
    );
  if (grant.role === 'committee')
    return (
      <View
        className="staff-link"
        role="button"
        ariaLabel={t('canteenPolicyEntry')}
        data-testid="subsidy-entry"
        onClick={() => open(`/packages/staff/pages/subsidy/index?communityId=${grant.communityId}`)}
      >
        <Text>{t('canteenPolicyEntry')} ›</Text>
      </View>
    );
  return null;
}
