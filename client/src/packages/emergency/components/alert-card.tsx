import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { EMERGENCY_OUTCOMES, type EmergencyAlertView, type EmergencyOutcome } from '@linli/shared/emergency';
import { roleOf } from '../../../components/a11y';
import { Action } from '../../../components/action';
import { BottomSheet } from '../../../components/bottom-sheet';
import { Card } from '../../../components/card';
import { Choice } from '../../../components/choice';
import { Field } from '../../../components/field';
import { formErrorsOf } from '../../../components/field-errors';
import { toast } from '../../../components/feedback';
import { StatusBadge, Tag } from '../../../components/status-badge';
import { t, type MessageKey } from '../../../i18n';
import { messageOf } from '../../../services';
import { acknowledgeEmergency, closeEmergency, emergencyChanged } from '../../../services/emergency';
import { callerHeadline, durationText, outcomeName, toldLine } from '../../../services/emergency-format';
import { formatDate } from '../../../services/notice-format';

const STATUS_KEYS: Record<EmergencyAlertView['status'], MessageKey> = {
  open: 'emergencyStatusOpen',
  acknowledged: 'emergencyStatusAcknowledged',
  closed: 'emergencyStatusClosed',
};

/** Staff close a call: what happened (one of four) and a note, both required by the server. */
function CloseSheet({ alert, onClose }: { alert: EmergencyAlertView; onClose: () => void }) {
  const [outcome, setOutcome] = useState<EmergencyOutcome | null>(null);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const save = async () => {
    if (!outcome) return setError(t('emergencyCloseNeedOutcome'));
    if (!note.trim()) return setFields({ note: t('emergencyCloseNeedNote') });
    setSaving(true);
    setError(null);
    setFields({});
    try {
      await closeEmergency(alert.id, { outcome, note: note.trim() });
      toast(t('emergencyClosedDone'), 'done');
      emergencyChanged.emit();
      onClose();
    } catch (e) {
      const form = formErrorsOf(e, messageOf(e), ['note', 'outcome']);
      setFields(form.fields);
      setError(form.form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <BottomSheet
      title={t('emergencyCloseTitle', { name: alert.person.displayName })}
      onClose={onClose}
      testId="close-sheet"
    >
      <Text className="field-label">{t('emergencyOutcome')}</Text>
      <Choice<EmergencyOutcome>
        label={t('emergencyOutcome')}
        testId="close-outcome"
        options={EMERGENCY_OUTCOMES.map((o) => ({ value: o, label: outcomeName(o) }))}
        selected={outcome}
        onSelect={setOutcome}
      />
      <Field
        label={t('emergencyCloseNote')}
        value={note}
        onChange={setNote}
        multiline
        maxLength={500}
        error={fields.note}
        testId="close-note"
      />
      {error && (
        <View className="error" {...roleOf('alert')}>
          <Text>{error}</Text>
        </View>
      )}
      <Action
        kind="primary"
        label={t('emergencyCloseSave')}
        busy={saving}
        testId="close-save"
        onTap={() => void save()}
      />
    </BottomSheet>
  );
}

/**
 * One call for help. The caller reads, large, who has been told and who is coming; those told see
 * who called, from where, how long it has waited, and the buttons the server offers them
 * (acknowledge: one tap; close: outcome and note). The outcome shows once it is closed.
 */
export function AlertCard({
  alert,
  own,
  onOpen,
}: {
  alert: EmergencyAlertView;
  own: boolean;
  /**
   * Opens the call on its own page. Only a closed call's card offers it (an ongoing one has its
   * buttons): a list of closed calls then still has something to focus, and a long one scrolls
   * by keyboard.
   */
  onOpen?: () => void;
}) {
  const [acking, setAcking] = useState(false);
  const [closing, setClosing] = useState(false);
  const address = [alert.buildingName, alert.unit].filter(Boolean).join(' ');
  const ongoing = alert.status !== 'closed';

  const acknowledge = async () => {
    setAcking(true);
    try {
      await acknowledgeEmergency(alert.id);
      toast(t('emergencyAckDone'), 'done');
      emergencyChanged.emit();
    } catch (e) {
      toast(messageOf(e));
      emergencyChanged.emit();
    } finally {
      setAcking(false);
    }
  };

  return (
    <Card
      variant={ongoing ? 'flagged' : 'plain'}
      role={ongoing && !alert.acknowledgedBy ? 'alert' : undefined}
      testId="emergency-alert"
      data={{ 'alert-id': alert.id, status: alert.status }}
    >
      <View className="menu-head">
        <Text className="menu-meal">{own ? t('emergencyMyCall') : alert.person.displayName}</Text>
        <StatusBadge state={alert.status} label={t(STATUS_KEYS[alert.status])} testId="emergency-status" />
      </View>
      {alert.escalated && ongoing && <Tag label={t('emergencyEscalated')} tone="danger" />}
      {own && (
        <Text
          className="emergency-headline"
          {...roleOf('status')}
          aria-live="polite"
          data-testid="emergency-headline"
        >
          {callerHeadline(alert)}
        </Text>
      )}
      {!own && alert.acknowledgedBy && (
        <Text className="booking-line" data-testid="emergency-taken-by">
          {t('emergencyTakenBy', { name: alert.acknowledgedBy.displayName })}
        </Text>
      )}
      <Text className="hint">{t('emergencyRaisedAt', { time: formatDate(alert.raisedAt) })}</Text>
      {address && <Text className="hint">{t('emergencyAddress', { address })}</Text>}
      {alert.location && (
        <Text className="hint" data-testid="emergency-location">
          {t('emergencyLocation', {
            lat: alert.location.latitude.toFixed(5),
            lng: alert.location.longitude.toFixed(5),
          })}
        </Text>
      )}
      {alert.presses > 1 && <Text className="hint">{t('emergencyPresses', { count: alert.presses })}</Text>}
      <Text className="booking-line" data-testid="emergency-told">
        {t('emergencyTold', { list: toldLine(alert) })}
      </Text>
      {alert.secondsToAcknowledge !== undefined && !own && (
        <Text className="hint" data-testid="emergency-time-to-ack">
          {alert.acknowledgedAt
            ? t('emergencyAckAfter', { time: durationText(alert.secondsToAcknowledge) })
            : t('emergencyWaiting', { time: durationText(alert.secondsToAcknowledge) })}
        </Text>
      )}
      {alert.outcome && (
        <Text className="booking-line" data-testid="emergency-outcome">
          {t('emergencyOutcomeLine', { outcome: outcomeName(alert.outcome), note: alert.closeNote ?? '' })}
        </Text>
      )}
      {alert.actions.includes('acknowledge') && (
        <Action
          kind="danger"
          label={t('emergencyAck')}
          busy={acking}
          testId="emergency-ack"
          onTap={() => void acknowledge()}
        />
      )}
      {alert.actions.includes('close') && (
        <Action
          kind="secondary"
          label={t('emergencyClose')}
          testId="emergency-close"
          onTap={() => setClosing(true)}
        />
      )}
      {!ongoing && onOpen && (
        <Action kind="plain" label={t('emergencyOpenCall')} testId="emergency-open" onTap={onOpen} />
      )}
      {closing && <CloseSheet alert={alert} onClose={() => setClosing(false)} />}
    </Card>
  );
}
