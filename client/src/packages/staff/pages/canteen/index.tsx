import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { CanteenSettingsBody, CanteenSettingsView } from '@linli/shared/meals';
import { useUser } from '../../../../hooks/use-user';
import { t, type MessageKey } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { fieldMessagesOf } from '../../../../services/api-error';
import { canteenSettings, saveCanteenSettings } from '../../../../services/meals';
import { servingHoursText } from '../../../../services/meals-labels';
import { Field } from '../../../../components/field';
import { Page } from '../../../../components/page';
import { usePreferences } from '../../../../hooks/use-preferences';
import { Action } from '../../../../components/action';

const SECTIONS: { key: string; name: MessageKey; page: string }[] = [
  { key: 'roster', name: 'canteenRoster', page: 'roster' },
  { key: 'menus', name: 'canteenPlanner', page: 'menus' },
  { key: 'settlement', name: 'canteenSettlement', page: 'settlement' },
  { key: 'subsidy', name: 'canteenPolicy', page: 'subsidy' },
];

/** The settings form's fields, as typed; keyed by the body path the server names in a 400. */
const FIELDS: { path: string; label: MessageKey }[] = [
  { path: 'address', label: 'canteenSettingsAddress' },
  { path: 'servingHours.lunch.from', label: 'canteenSettingsLunchFrom' },
  { path: 'servingHours.lunch.to', label: 'canteenSettingsLunchTo' },
  { path: 'servingHours.dinner.from', label: 'canteenSettingsDinnerFrom' },
  { path: 'servingHours.dinner.to', label: 'canteenSettingsDinnerTo' },
  { path: 'cutoffs.lunch', label: 'canteenSettingsLunchCutoff' },
  { path: 'cutoffs.dinner', label: 'canteenSettingsDinnerCutoff' },
  { path: 'opensDaysAhead', label: 'canteenSettingsDaysAhead' },
];

function draftOf(settings: CanteenSettingsView): Record<string, string> {
  const { servingHours: hours, cutoffs } = settings;
  return {
    address: settings.address,
    'servingHours.lunch.from': hours.lunch.from,
    'servingHours.lunch.to': hours.lunch.to,
    'servingHours.dinner.from': hours.dinner.from,
    'servingHours.dinner.to': hours.dinner.to,
    'cutoffs.lunch': cutoffs.lunch,
    'cutoffs.dinner': cutoffs.dinner,
    opensDaysAhead: String(settings.opensDaysAhead),
  };
}

/**
 * The body to save, or null when the days ahead are not a whole number (the server checks the rest
 * and names the field). Delivery buildings are sent back as they are: an operator cannot list the
 * community's buildings, so they are set elsewhere. A cleared address is left unchanged.
 */
function bodyOf(draft: Record<string, string>, settings: CanteenSettingsView): CanteenSettingsBody | null {
  const days = draft.opensDaysAhead.trim();
  if (!/^\d{1,2}$/.test(days)) return null;
  const value = (path: string) => draft[path].trim();
  const address = value('address');
  return {
    opensDaysAhead: Number(days),
    cutoffs: { lunch: value('cutoffs.lunch'), dinner: value('cutoffs.dinner') },
    deliveryBuildingIds: settings.deliveryBuildingIds,
    ...(address ? { address } : {}),
    servingHours: {
      lunch: { from: value('servingHours.lunch.from'), to: value('servingHours.lunch.to') },
      dinner: { from: value('servingHours.dinner.from'), to: value('servingHours.dinner.to') },
    },
  };
}

/** A canteen's workbench: its booking rules, and the way to each part of the canteen's day. */
export default function CanteenHome() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const { providerId = '', communityId = '' } = useRouter().params;
  const [settings, setSettings] = useState<CanteenSettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The settings as being edited; null while they are only shown. */
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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

  const startEditing = (current: CanteenSettingsView) => {
    setDraft(draftOf(current));
    setFieldErrors({});
    setFormError(null);
  };

  const save = async () => {
    if (!settings || !draft) return;
    const body = bodyOf(draft, settings);
    if (!body) return setFieldErrors({ opensDaysAhead: t('canteenSettingsBadDays') });
    setFieldErrors({});
    setFormError(null);
    setBusy(true);
    try {
      setSettings(await saveCanteenSettings(providerId, body));
      setDraft(null);
      void Taro.showToast({ title: t('canteenSettingsSaved'), icon: 'none' });
    } catch (e) {
      const byField = fieldMessagesOf(e);
      setFieldErrors(byField);
      // Problems the form has no field for still get said, above the buttons.
      if (!FIELDS.some((f) => byField[f.path])) setFormError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page className="meals">
      <Text className="title" data-testid="canteen-name">
        {settings?.name ?? t('canteenEntry')}
      </Text>
      {error && <Text className="error">{error}</Text>}
      {settings && draft && (
        <View className="card" data-testid="settings-form">
          {FIELDS.map((field) => (
            <View key={field.path}>
              <Field
                label={t(field.label)}
                value={draft[field.path]}
                maxLength={field.path === 'address' ? 100 : 5}
                testId={`settings-${field.path}`}
                onChange={(value) => setDraft((d) => d && { ...d, [field.path]: value })}
              />
              {fieldErrors[field.path] && (
                <View className="error" role="alert" data-testid={`settings-error-${field.path}`}>
                  <Text>{fieldErrors[field.path]}</Text>
                </View>
              )}
            </View>
          ))}
          <Text className="hint">{t('canteenSettingsBuildingsKept')}</Text>
          {formError && (
            <View className="error" role="alert">
              <Text>{formError}</Text>
            </View>
          )}
          <View className="btn-row">
            <Action label={t('canteenSettingsCancel')} disabled={busy} onTap={() => setDraft(null)} />
            <Action
              kind="primary"
              label={t('canteenSettingsSave')}
              disabled={busy}
              testId="settings-save"
              onTap={() => void save()}
            />
          </View>
        </View>
      )}
      {settings && !draft && (
        <View className="card" data-testid="canteen-settings">
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
          <Action
            label={t('canteenSettingsEdit')}
            testId="settings-edit"
            onTap={() => startEditing(settings)}
          />
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
