import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { t } from '../../../i18n';
import { messageOf } from '../../../services';
import { castBallot, keepReceipt, type Consultation, type Receipt } from '../../../services/consultations';
import { chooseLine } from '../../../services/consultations-format';
import { Action } from '../../../components/action';
import { BottomSheet } from '../../../components/bottom-sheet';
import { Choice } from '../../../components/choice';

type Voter = Consultation['voteAs'][number];

/**
 * Casting a ballot in three steps on one sheet: choose (large chips, one or several as the ballot
 * says), confirm (the choices read back, and whether they can still be changed), then the receipt
 * code, which the server shows only now and which this device keeps for the check after close.
 */
export function VoteSheet({
  consultation,
  voter,
  userId,
  onClose,
  onCast,
}: {
  consultation: Consultation;
  voter: Voter;
  userId: string;
  onClose: () => void;
  onCast: () => void;
}) {
  const { ballot } = consultation;
  const multiple = ballot.kind === 'multiple' && ballot.maxChoices > 1;
  const [chosen, setChosen] = useState<string[]>([]);
  const [step, setStep] = useState<'choose' | 'confirm' | 'done'>('choose');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const self = voter.forUserId === userId;

  const toggle = (id: string) =>
    setChosen((now) => (multiple ? (now.includes(id) ? now.filter((c) => c !== id) : [...now, id]) : [id]));
  const enough = chosen.length >= (multiple ? ballot.minChoices : 1) && chosen.length <= ballot.maxChoices;
  const labels = chosen.map((id) => ballot.options.find((o) => o.id === id)?.label ?? id).join('、');

  const cast = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await castBallot(consultation.id, {
        choices: chosen,
        ...(voter.householdId ? { householdId: voter.householdId } : {}),
        ...(self ? {} : { forUserId: voter.forUserId }),
      });
      keepReceipt(userId, consultation.id, {
        code: result.receiptCode,
        forName: voter.forName,
        castAt: result.ballot.castAt,
      });
      setReceipt(result);
      setStep('done');
      onCast();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const title =
    step === 'done'
      ? t('consCast')
      : step === 'confirm'
        ? t('consConfirmTitle')
        : self
          ? t('consVote')
          : t('consVoteFor', { name: voter.forName });
  return (
    <BottomSheet title={title} onClose={onClose} testId="vote-sheet">
      {step === 'choose' && (
        <View>
          <Text className="hint">{chooseLine(ballot)}</Text>
          <Choice<string>
            label={chooseLine(ballot)}
            options={ballot.options.map((o) => ({ value: o.id, label: o.label }))}
            selected={multiple ? chosen : (chosen[0] ?? null)}
            onSelect={toggle}
            testId="vote-options"
          />
          <Action
            kind="primary"
            label={t('consVote')}
            disabled={!enough}
            testId="vote-next"
            onTap={() => setStep('confirm')}
          />
        </View>
      )}
      {step === 'confirm' && (
        <View>
          <Text className="strong" data-testid="vote-readback">
            {t('consConfirmText', {
              choices: labels,
              change: t(consultation.allowChange ? 'consConfirmCanChange' : 'consConfirmFinal'),
            })}
          </Text>
          {error && (
            <Text className="error" {...{ role: 'alert' }}>
              {error}
            </Text>
          )}
          <Action
            kind="primary"
            label={t('consConfirm')}
            busy={busy}
            testId="vote-confirm"
            onTap={() => void cast()}
          />
          <Action label={t('consBack')} onTap={() => setStep('choose')} />
        </View>
      )}
      {step === 'done' && receipt && (
        <View>
          <Text className="hint">{t('consReceiptHint')}</Text>
          <Text className="field-label">{t('consReceiptFor', { name: voter.forName })}</Text>
          <Text className="strong" data-testid="receipt-code" userSelect>
            {receipt.receiptCode}
          </Text>
          <Action kind="primary" label={t('close')} testId="vote-done" onTap={onClose} />
        </View>
      )}
    </BottomSheet>
  );
}
