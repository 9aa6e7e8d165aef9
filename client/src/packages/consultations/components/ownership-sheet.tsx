import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { formatCentiArea } from '@linli/shared/communities';
import { t } from '../../../i18n';
import { messageOf } from '../../../services';
import { fieldMessagesOf } from '../../../services/api-error';
import { setUnitOwnership, type OwnershipUnit } from '../../../services/consultations';
import { Action } from '../../../components/action';
import { BottomSheet } from '../../../components/bottom-sheet';
import { Choice } from '../../../components/choice';
import { Field, FormError } from '../../../components/field';
import { Toggle } from '../../../components/toggle';

/**
 * The committee corrects one unit: its registered exclusive area (typed in m² with two decimals and
 * sent as typed, so the server parses it exactly into 0.01 m²), whether the developer still holds
 * it, and for co-owners the one who votes. The server names a wrong field; nothing is half-saved.
 */
export function OwnershipSheet({
  communityId,
  unit,
  onClose,
  onSaved,
}: {
  communityId: string;
  unit: OwnershipUnit;
  onClose: () => void;
  onSaved: () => void;
}) {
  const door = `${unit.buildingName} ${unit.unit}`;
  const [area, setArea] = useState(formatCentiArea(unit.areaCenti));
  const [developerHeld, setDeveloperHeld] = useState(unit.developerHeld);
  const [nominee, setNominee] = useState<string | null>(unit.nominatedVoterId ?? null);
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const coOwned = unit.owners.length > 1;

  const save = async () => {
    setBusy(true);
    setFields({});
    setError(null);
    try {
      await setUnitOwnership(communityId, unit.householdId, {
        area: area.trim(),
        developerHeld,
        ...(coOwned ? { nominatedVoterId: nominee } : {}),
      });
      void Taro.showToast({ title: t('consOwnershipSaved', { unit: door }), icon: 'none', duration: 3000 });
      onSaved();
      onClose();
    } catch (e) {
      const byField = fieldMessagesOf(e);
      setFields(byField);
      if (Object.keys(byField).length === 0) setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <BottomSheet title={t('consOwnershipEdit', { unit: door })} onClose={onClose} testId="ownership-sheet">
      <View>
        <Field
          label={t('consOwnershipArea')}
          value={area}
          onChange={setArea}
          type="digit"
          maxLength={12}
          error={fields.area}
          testId="ownership-area"
        />
        <Toggle
          label={t('consOwnershipDeveloper')}
          description={t('consOwnershipDeveloperHint')}
          on={developerHeld}
          onChange={setDeveloperHeld}
          testId="ownership-developer"
        />
        {coOwned && !developerHeld && (
          <View>
            <Text className="hint">{t('consOwnershipNomineeHint')}</Text>
            <Choice<string>
              label={t('consOwnershipNominee')}
              options={unit.owners.map((o) => ({ value: o.id, label: o.displayName }))}
              selected={nominee}
              onSelect={setNominee}
              testId="ownership-nominee"
            />
          </View>
        )}
        {fields.nominatedVoterId && <FormError message={fields.nominatedVoterId} />}
        <FormError message={error} testId="ownership-error" />
        <Action
          kind="primary"
          label={t('consOwnershipSave')}
          busy={busy}
          testId="ownership-save"
          onTap={() => void save()}
        />
      </View>
    </BottomSheet>
  );
}
