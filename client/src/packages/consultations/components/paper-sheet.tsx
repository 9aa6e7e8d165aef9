import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { t } from '../../../i18n';
import { messageOf } from '../../../services';
import { enterPaperBallot, type Consultation, type NonVoter } from '../../../services/consultations';
import { chooseLine } from '../../../services/consultations-format';
import { Action } from '../../../components/action';
import { BottomSheet } from '../../../components/bottom-sheet';
import { Choice } from '../../../components/choice';
import { Field } from '../../../components/field';

/**
 * The committee enters a paper slip for one door: the choices on the slip and its serial number.
 * The server refuses it, naming the earlier ballot, if the unit has voted meanwhile.
 */
export function PaperSheet({
  consultation,
  door,
  onClose,
  onEntered,
}: {
  consultation: Consultation;
  door: NonVoter;
  onClose: () => void;
  onEntered: () => void;
}) {
  const { ballot } = consultation;
  const multiple = ballot.kind === 'multiple' && ballot.maxChoices > 1;
  const [chosen, setChosen] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unit = `${door.buildingName} ${door.unit}`;
  const enough = chosen.length >= (multiple ? ballot.minChoices : 1) && chosen.length <= ballot.maxChoices;

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await enterPaperBallot(consultation.id, {
        householdId: door.householdId,
        choices: chosen,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      void Taro.showToast({ title: t('consPaperSaved', { unit }), icon: 'none', duration: 3000 });
      onEntered();
      onClose();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <BottomSheet title={t('consPaperFor', { unit })} onClose={onClose} testId="paper-sheet">
      <View>
        <Text className="hint">{chooseLine(ballot)}</Text>
        <Choice<string>
          label={chooseLine(ballot)}
          options={ballot.options.map((o) => ({ value: o.id, label: o.label }))}
          selected={multiple ? chosen : (chosen[0] ?? null)}
          onSelect={(id) =>
            setChosen((now) =>
              multiple ? (now.includes(id) ? now.filter((c) => c !== id) : [...now, id]) : [id],
            )
          }
        />
        <Field label={t('consPaperNote')} value={note} onChange={setNote} maxLength={200} />
        {error && (
          <Text className="error" {...{ role: 'alert' }}>
            {error}
          </Text>
        )}
        <Action
          kind="primary"
          label={t('consPaper')}
          disabled={!enough}
          busy={busy}
          testId="paper-save"
          onTap={() => void save()}
        />
      </View>
    </BottomSheet>
  );
}
