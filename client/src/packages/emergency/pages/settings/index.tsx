import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { DutyRosterView } from '@linli/shared/emergency';
import { Action } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Field } from '../../../../components/field';
import { formErrorsOf, NO_ERRORS, type FormErrors } from '../../../../components/field-errors';
import { toast } from '../../../../components/feedback';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { EmptyState } from '../../../../components/states';
import { Toggle } from '../../../../components/toggle';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services/api-error';
import { listCommunityNames } from '../../../../services/communities';
import {
  dutyRoster,
  emergencySettings,
  saveEmergencySettings,
  setDuty,
} from '../../../../services/emergency';
import { committeeCommunityIds } from '../../../../services/roles';

const MINUTES_FIELD = 'escalateAfterMinutes';

/** The escalation minutes of one community: typed, saved, and the server's word shown under the field. */
function EscalationCard({ communityId, minutes }: { communityId: string; minutes: number }) {
  const [value, setValue] = useState(String(minutes));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useEffect(() => setValue(String(minutes)), [minutes]);

  const save = async () => {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      // Sent as typed (a number when it reads as one), so the server's bounds speak for themselves.
      const typed = value.trim();
      const saved = await saveEmergencySettings(communityId, typed === '' ? Number.NaN : Number(typed));
      setValue(String(saved.escalateAfterMinutes));
      toast(t('emergencyEscalateSaved', { minutes: saved.escalateAfterMinutes }), 'done');
    } catch (e) {
      setErrors(formErrorsOf(e, messageOf(e), [MINUTES_FIELD]));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('emergencyEscalateTitle')} testId="escalation-settings">
      <Text className="hint">{t('emergencyEscalateHint')}</Text>
      <Field
        label={t('emergencyEscalateLabel')}
        type="number"
        maxLength={3}
        value={value}
        onChange={setValue}
        error={errors.fields[MINUTES_FIELD]}
        testId="escalation-minutes"
      />
      {errors.form && (
        <Text className="error" {...{ role: 'alert' }} data-testid="escalation-error">
          {errors.form}
        </Text>
      )}
      <Action
        kind="primary"
        label={t('emergencyEscalateSave')}
        busy={busy}
        testId="escalation-save"
        onTap={() => void save()}
      />
    </Card>
  );
}

/** Who is on duty: one switch per committee member; the answer is the roster as it now stands. */
function DutyCard({ initial }: { initial: DutyRosterView }) {
  const [roster, setRoster] = useState(initial);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => setRoster(initial), [initial]);

  const toggle = async (userId: string, onDuty: boolean) => {
    if (busy) return;
    setBusy(userId);
    setFailure(null);
    try {
      setRoster(await setDuty(roster.communityId, userId, onDuty));
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={t('emergencyDutyTitle')} testId="duty-roster">
      <Text className="hint">{t('emergencyDutyHint')}</Text>
      {roster.members.length === 0 && <EmptyState title={t('emergencyDutyEmpty')} icon="staff" />}
      {roster.members.map((m) =>
        m.actions.includes('setDuty') ? (
          <View key={m.person.id} data-testid="duty-member" data-on-duty={m.onDuty ? 'true' : 'false'}>
            <Toggle
              label={m.person.displayName}
              description={t(m.onDuty ? 'emergencyDutyOn' : 'emergencyDutyOff')}
              on={m.onDuty}
              onChange={(on) => void toggle(m.person.id, on)}
              testId={`duty-toggle-${m.person.id}`}
            />
          </View>
        ) : (
          <View key={m.person.id} data-testid="duty-member" data-on-duty={m.onDuty ? 'true' : 'false'}>
            <Text>{m.person.displayName}</Text>
            <Text className="hint">{t(m.onDuty ? 'emergencyDutyOn' : 'emergencyDutyOff')}</Text>
          </View>
        ),
      )}
      {failure && (
        <Text className="error" {...{ role: 'alert' }} data-testid="duty-error">
          {failure}
        </Text>
      )}
    </Card>
  );
}

/**
 * The committee's emergency settings, one section per community it sits on: the duty roster (who
 * is told of a call at once; each change is audited on the server) and the minutes before an
 * unanswered call escalates (1–60, default 3).
 */
export default function EmergencySettingsPage() {
  usePreferences();
  const { user } = useUser();
  const communities = user ? committeeCommunityIds(user) : [];
  const source = useRemote(
    async () => {
      const [names, each] = await Promise.all([
        listCommunityNames().catch(() => ({}) as Record<string, string>),
        Promise.all(
          communities.map(async (id) => {
            const [settings, roster] = await Promise.all([emergencySettings(id), dutyRoster(id)]);
            return { id, settings, roster };
          }),
        ),
      ]);
      return each.map((c) => ({ ...c, name: names[c.id] ?? '' }));
    },
    user !== null,
    [],
    communities.join(','),
  );

  return (
    <Page title="emergencySettingsTitle">
      <PageHeader title={t('emergencySettingsTitle')} subtitle={t('emergencySettingsIntro')} />
      <RemoteView source={source} empty={{ title: t('staffNoGrants') }}>
        {(list) =>
          list.map((c) => (
            <View key={c.id} data-testid="emergency-settings-community" data-community={c.id}>
              {c.name && <SectionTitle>{c.name}</SectionTitle>}
              <EscalationCard communityId={c.id} minutes={c.settings.escalateAfterMinutes} />
              <DutyCard initial={c.roster} />
            </View>
          ))
        }
      </RemoteView>
    </Page>
  );
}
