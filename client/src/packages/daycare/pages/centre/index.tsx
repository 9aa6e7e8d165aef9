import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Action } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { PhotoImages } from '../../../../components/photo-images';
import { RemoteView } from '../../../../components/remote-view';
import { ServiceScore } from '../../../../components/service-score';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { usePreferences } from '../../../../hooks/use-preferences';
import { t } from '../../../../i18n';
import {
  centre as fetchCentre,
  daycareChanged,
  shanghaiTime,
  visitSlots,
} from '../../../../services/daycare';
import { CentreSummary, ClassRow, Fees } from '../../components';
import { DAYCARE_PAGES } from '../centres/index';

/** One centre: photos, fees net of the inclusive subsidy, classes with places, visit slots, enquire. */
export default function DaycareCentrePage() {
  usePreferences();
  const { user } = useUser();
  const { id = '' } = useRouter().params;
  const centre = useRemote(
    async () => ({ centre: await fetchCentre(id), slots: await visitSlots(id) }),
    user !== null && id !== '',
    [daycareChanged],
    id,
  );
  const open = (url: string) => void Taro.navigateTo({ url });
  return (
    <Page title="daycareCentreTitle">
      <RemoteView source={centre} isEmpty={() => false} empty={{ title: '' }}>
        {({ centre: c, slots }) => (
          <View>
            <PageHeader title={c.name} testId="daycare-centre-name" />
            {c.photos.length > 0 && (
              <View className="chips">
                <PhotoImages
                  photos={c.photos}
                  label={(n) => t('daycarePhoto', { name: c.name, n })}
                  mode="aspectFill"
                  className="daycare-photo"
                />
              </View>
            )}
            <Card>
              <CentreSummary centre={c} />
              {/* The centre's score from families' ratings of their visits. */}
              <ServiceScore service="daycare" providerId={c.id} />
              {c.description && <Text className="hint">{c.description}</Text>}
            </Card>
            <SectionTitle>{t('daycareFees')}</SectionTitle>
            <Card>
              <Fees fees={c.fees} />
            </Card>
            <SectionTitle>{t('daycareClasses')}</SectionTitle>
            <Card>
              {c.classes.map((cls) => (
                <ClassRow key={cls.id} cls={cls} />
              ))}
            </Card>
            {c.priorityRuleNames.length > 0 && (
              <>
                <SectionTitle>{t('daycarePriority')}</SectionTitle>
                <Card>
                  <Text className="hint">{c.priorityRuleNames.join(' → ')}</Text>
                </Card>
              </>
            )}
            <SectionTitle>{t('daycareVisitSlots')}</SectionTitle>
            <Card>
              {slots.length === 0 && <Text className="hint">{t('daycareNoSlots')}</Text>}
              {slots.map((slot) => (
                <ListItem
                  key={slot.id}
                  title={shanghaiTime(slot.startsAt)}
                  value={t('daycareSlotLeft', { left: slot.left, places: slot.places })}
                />
              ))}
              <Text className="hint">{t('daycareVisitHint')}</Text>
            </Card>
            {c.actions.includes('enquire') && (
              <Action
                kind="primary"
                label={t('daycareEnquire')}
                testId="daycare-enquire"
                onTap={() => open(`${DAYCARE_PAGES}/enquire/index?centre=${c.id}`)}
              />
            )}
            {c.actions.includes('manageClasses') && (
              <Action
                kind="secondary"
                label={t('daycareInboxTitle')}
                testId="daycare-open-inbox"
                onTap={() => open(`${DAYCARE_PAGES}/inbox/index?centre=${c.id}`)}
              />
            )}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
