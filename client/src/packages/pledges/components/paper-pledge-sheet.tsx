import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { NeedView } from '@linli/shared/pledges';
import { Action } from '../../../components/action';
import { BottomSheet } from '../../../components/bottom-sheet';
import { Choice } from '../../../components/choice';
import { Field } from '../../../components/field';
import { formErrorsOf, NO_ERRORS, type FormErrors } from '../../../components/field-errors';
import { Toggle } from '../../../components/toggle';
import { t } from '../../../i18n';
import { messageOf } from '../../../services';
import { findHousehold } from '../../../services/memberships';
import { recordPaperPledge, type Project } from '../../../services/pledges';
import { badQuantityMessage, NeedAmountField, pledgeQuantity } from './parts';

/**
 * The committee records a pledge from a paper form, for a resident who does not use a phone: the
 * door (building and unit, looked up exactly), then the same steps as a pledge (which need, how
 * much, anonymous in public or not). The pledge is marked paper everywhere it shows.
 */
export function PaperPledgeSheet({ project, onClose }: { project: Project; onClose: () => void }) {
  const open = project.needs.filter((n) => n.kind === 'money' || n.remaining > 0);
  const [needId, setNeedId] = useState(open[0]?.id ?? '');
  const [building, setBuilding] = useState('');
  const [unit, setUnit] = useState('');
  const [name, setName] = useState('');
  const [amount, setAmount] = useState('1');
  const [anonymous, setAnonymous] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const need: NeedView | undefined = open.find((n) => n.id === needId);

  const submit = async () => {
    if (!need) return;
    const quantity = pledgeQuantity(need, amount);
    const problems: Record<string, string> = {};
    if (quantity === null) problems.quantity = badQuantityMessage(need);
    if (!building.trim()) problems.building = t('paperNoHousehold');
    if (!unit.trim()) problems.unit = t('paperNoHousehold');
    if (!name.trim()) problems.name = t('paperName');
    if (Object.keys(problems).length > 0) {
      setErrors({ fields: problems, form: null });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const household = await findHousehold(project.communityId, building, unit);
      if (!household) {
        setErrors({ fields: { unit: t('paperNoHousehold') }, form: null });
        setBusy(false);
        return;
      }
      await recordPaperPledge(project.id, {
        needId: need.id,
        householdId: household.id,
        name: name.trim(),
        quantity: quantity!,
        anonymous,
      });
      void Taro.showToast({ title: t('paperDone'), icon: 'none' });
      onClose();
    } catch (e) {
      setErrors(formErrorsOf(e, messageOf(e), ['quantity', 'name']));
      setBusy(false);
    }
  };

  return (
    <BottomSheet title={t('paperRecord')} onClose={onClose} testId="paper-sheet">
      <Field
        label={t('paperBuilding')}
        value={building}
        testId="paper-building"
        error={errors.fields.building}
        onChange={setBuilding}
      />
      <Field
        label={t('paperUnit')}
        value={unit}
        testId="paper-unit"
        error={errors.fields.unit ?? errors.fields.householdId}
        onChange={setUnit}
      />
      <Field
        label={t('paperName')}
        value={name}
        maxLength={30}
        testId="paper-name"
        error={errors.fields.name}
        onChange={setName}
      />
      <View>
        <Text className="field-label">{t('paperNeed')}</Text>
        <Choice
          label={t('paperNeed')}
          options={open.map((n) => ({ value: n.id, label: n.label }))}
          selected={needId}
          testId="paper-need"
          onSelect={(id) => {
            setNeedId(id);
            setAmount(open.find((n) => n.id === id)?.kind === 'money' ? '' : '1');
          }}
        />
      </View>
      {need && (
        <NeedAmountField
          need={need}
          value={amount}
          testId="paper-quantity"
          error={errors.fields.quantity}
          onChange={setAmount}
        />
      )}
      <Toggle
        label={t('pledgesAnonymous')}
        description={t('pledgesAnonymousHint')}
        on={anonymous}
        testId="paper-anonymous"
        onChange={setAnonymous}
      />
      {errors.form && <Text className="error">{errors.form}</Text>}
      <Action
        kind="primary"
        label={t('pledgesConfirm')}
        busy={busy}
        disabled={!need}
        testId="confirm-paper"
        onTap={() => void submit()}
      />
    </BottomSheet>
  );
}
