import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { AGE_BANDS, AGE_BAND_RULES, type AgeBand } from '@linli/shared/daycare';
import { Action } from '../../../../components/action';
import { BarChart } from '../../../../components/bar-chart';
import { Card } from '../../../../components/card';
import { Choice } from '../../../../components/choice';
import { Field } from '../../../../components/field';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { usePreferences } from '../../../../hooks/use-preferences';
import { t } from '../../../../i18n';
import { fieldMessagesOf, messageOf } from '../../../../services/api-error';
import {
  addClass,
  addVisitSlot,
  centre as fetchCentre,
  daycareChanged,
  occupancy,
  removeVisitSlot,
  shanghaiTime,
  visitSlots,
} from '../../../../services/daycare';
import { addDays, shanghaiDate } from '../../../../services/meals-format';
import { ClassRow, operatedProviderId } from '../../components';

/**
 * A centre's classes (places now, and month by month for six months with ageing out), adding a
 * class under the national cap for its band, and the visit calendar: slots with who comes.
 */
export default function DaycareClassesPage() {
  const { locale } = usePreferences();
  const { user } = useUser();
  const params = useRouter().params;
  const providerId = params.centre ?? operatedProviderId(user);
  const source = useRemote(
    async () => {
      const [c, slots, ahead] = await Promise.all([
        fetchCentre(providerId),
        visitSlots(providerId),
        occupancy(providerId),
      ]);
      return { centre: c, slots, ahead };
    },
    user !== null && providerId !== '',
    [daycareChanged],
    providerId,
  );
  const [name, setName] = useState('');
  const [band, setBand] = useState<AgeBand>('toddler');
  const [capacity, setCapacity] = useState('');
  const [date, setDate] = useState(addDays(shanghaiDate(new Date()), 3));
  const [time, setTime] = useState('10:00');
  const [places, setPlaces] = useState('4');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const run = async (key: string, work: () => Promise<unknown>) => {
    setBusy(key);
    setFailure(null);
    setErrors({});
    try {
      await work();
      source.reload();
    } catch (e) {
      setErrors(fieldMessagesOf(e));
      setFailure(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page title="daycareClassesTitle">
      <PageHeader title={t('daycareClassesTitle')} subtitle={source.data?.centre.name} />
      {failure && (
        <Text className="error" {...{ role: 'alert' }} data-testid="daycare-classes-error">
          {failure}
        </Text>
      )}
      <RemoteView source={source} isEmpty={() => false} empty={{ title: '' }}>
        {({ centre: c, slots, ahead }) => (
          <View>
            <SectionTitle>{t('daycareClasses')}</SectionTitle>
            <Card>
              {c.classes.length === 0 && <Text className="hint">{t('daycareNoClasses')}</Text>}
              {c.classes.map((cls) => (
                <ClassRow key={cls.id} cls={cls} />
              ))}
            </Card>
            {ahead.classes.map((cls) => (
              <Card key={cls.classId} title={t('daycareAhead', { name: cls.name })}>
                <BarChart
                  title={t('daycareAhead', { name: cls.name })}
                  tone="info"
                  bars={cls.series.map((m) => ({
                    label: m.month,
                    value: m.free,
                    valueText: t('daycareAheadValue', { free: m.free, leaving: m.ageingOut }),
                  }))}
                />
              </Card>
            ))}
            <Card title={t('daycareAddClass')}>
              <Field label={t('daycareClassName')} value={name} onChange={setName} error={errors.name} />
              <Choice
                label={t('daycareBand')}
                options={AGE_BANDS.map((b) => ({
                  value: b,
                  label: t('daycareBandCap', {
                    name: AGE_BAND_RULES[b].name[locale],
                    cap: AGE_BAND_RULES[b].cap,
                  }),
                }))}
                selected={band}
                onSelect={setBand}
              />
              <Field
                label={t('daycareCapacity')}
                type="number"
                value={capacity}
                onChange={setCapacity}
                error={errors.capacity}
                testId="daycare-capacity"
              />
              <Action
                kind="primary"
                label={t('daycareAddClass')}
                busy={busy === 'class'}
                testId="daycare-add-class"
                onTap={() =>
                  void run('class', async () => {
                    await addClass(providerId, { name: name.trim(), band, capacity: Number(capacity) });
                    setName('');
                    setCapacity('');
                  })
                }
              />
            </Card>

            <SectionTitle>{t('daycareVisitSlots')}</SectionTitle>
            <Card testId="daycare-calendar">
              {slots.length === 0 && <Text className="hint">{t('daycareNoSlots')}</Text>}
              {slots.map((slot) => (
                <ListItem
                  key={slot.id}
                  testId="daycare-calendar-slot"
                  title={shanghaiTime(slot.startsAt)}
                  detail={
                    (slot.visitors ?? []).length > 0
                      ? t('daycareVisitors', {
                          names: (slot.visitors ?? []).map((v) => v.childNickname).join('、'),
                        })
                      : t('daycareNoVisitors')
                  }
                  value={
                    slot.actions.includes('delete') ? (
                      <Action
                        inline
                        kind="danger"
                        label={t('daycareRemoveSlot', { time: shanghaiTime(slot.startsAt) })}
                        busy={busy === slot.id}
                        onTap={() => void run(slot.id, () => removeVisitSlot(slot.id))}
                      >
                        {t('daycareRemove')}
                      </Action>
                    ) : (
                      t('daycareSlotLeft', { left: slot.left, places: slot.places })
                    )
                  }
                />
              ))}
            </Card>
            <Card title={t('daycareAddSlot')}>
              <Field
                label={t('daycareSlotDate')}
                value={date}
                onChange={setDate}
                error={errors.date}
                testId="daycare-slot-date"
              />
              <Field
                label={t('daycareSlotTime')}
                value={time}
                onChange={setTime}
                error={errors.time}
                testId="daycare-slot-time"
              />
              <Field
                label={t('daycareSlotPlaces')}
                type="number"
                value={places}
                onChange={setPlaces}
                error={errors.places}
                testId="daycare-slot-places"
              />
              <Action
                kind="primary"
                label={t('daycareAddSlot')}
                busy={busy === 'slot'}
                testId="daycare-add-slot"
                onTap={() =>
                  void run('slot', async () => {
                    await addVisitSlot(providerId, {
                      date,
                      time,
                      places: Number(places),
                      durationMinutes: 60,
                    });
                    daycareChanged.emit();
                  })
                }
              />
            </Card>
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
