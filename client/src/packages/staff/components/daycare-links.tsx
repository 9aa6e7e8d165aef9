import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Me } from '@linli/shared/identity-api';
import { ListItem } from '../../../components/list-item';
import { t } from '../../../i18n';
import { listCentres } from '../../../services/daycare';
import { committeeCommunityIds } from '../../../services/roles';

const PAGES = '/packages/daycare/pages';

/**
 * The daycare entries on the staff home: each daycare centre the person runs opens its inbox (a
 * canteen operator has none, so the list of centres decides, not the grant), and a committee
 * member opens the community's demand figures.
 */
export function DaycareStaffLinks({ user }: { user: Me }) {
  const [run, setRun] = useState<{ id: string; name: string }[]>([]);
  const operates = user.grants.some((g) => g.role === 'operator');
  useEffect(() => {
    if (!operates) return;
    listCentres().then(
      (centres) => setRun(centres.filter((c) => c.actions.includes('manageClasses'))),
      () => setRun([]),
    );
  }, [operates]);
  const open = (url: string) => void Taro.navigateTo({ url });
  return (
    <View>
      {run.map((c) => (
        <ListItem
          key={c.id}
          icon="daycare"
          title={t('daycareStaffInbox')}
          detail={c.name}
          testId="daycare-staff-inbox"
          onTap={() => open(`${PAGES}/inbox/index?centre=${c.id}`)}
        />
      ))}
      {committeeCommunityIds(user).length > 0 && (
        <ListItem
          icon="chart"
          title={t('daycareStaffDemand')}
          testId="daycare-staff-demand"
          onTap={() => open(`${PAGES}/demand/index`)}
        />
      )}
    </View>
  );
}
