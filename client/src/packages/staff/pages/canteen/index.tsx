import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { CanteenSettingsView } from '@linli/shared/meals';
import { useUser } from '../../../../hooks/use-user';
import { t, type MessageKey } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { canteenSettings } from '../../../../services/meals';
import { servingHoursText } from '../../../../services/meals-labels';
import { Page } from '../../../../components/page';

const SECTIONS: { key: string; name: MessageKey; page: string }[] = [
  { key: 'roster', name: 'canteenRoster', page: 'roster' },
  { key: 'menus', name: 'canteenPlanner', page: 'menus' },
  { key: 'settlement', name: 'canteenSettlement', page: 'settlement' },
  { key: 'subsidy', name: 'canteenPolicy', page: 'subsidy' },
];

/** A canteen's workbench: its booking rules, and the way to each part of the canteen's day. */
export default function CanteenHome() {
  const { user } = useUser();
  const { providerId = '', communityId = '' } = useRouter().params;
  const [settings, setSettings] = useState<CanteenSettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!user) return;
    canteenSettings(providerId)
      .then(setSettings)
      .catch((e: unknown) => setError(messageOf(e)));
  }, [user, providerId]);

  const open = (page: string) =>
    void Taro.navigateTo({
      url: `/packages/staff/pages/${page}/index?providerId=${providerId}&communityId=${communityId}`,
    });

  return (
    <Page className="meals">
      <Text className="title" data-testid="canteen-name">
        {settings?.name ?? t('canteenEntry')}
      </Text>
      {error && <Text className="error">{error}</Text>}
      {settings && (
        <View className="card">
          <Text className="hint">
            {t('canteenRules', {
              lunch: settings.cutoffs.lunch,
              dinner: settings.cutoffs.dinner,
              days: settings.opensDaysAhead,
            })}
          </Text>
          <Text className="hint">
            {t('canteenDeliveryBuildings', { count: settings.deliveryBuildingIds.length })}
          </Text>
          <Text className="hint">{settings.address || t('mealsCanteenNoAddress')}</Text>
          <Text className="hint">{servingHoursText(settings.servingHours)}</Text>
        </View>
      )}
      {settings && (
        <View className="tiles">
          {SECTIONS.map((section) => (
            <View
              key={section.key}
              className="tile"
              role="button"
              ariaLabel={t(section.name)}
              data-testid={`canteen-${section.key}`}
              onClick={() => open(section.page)}
            >
              <Text className="tile-name">{t(section.name)}</Text>
            </View>
          ))}
        </View>
      )}
    </Page>
  );
}
