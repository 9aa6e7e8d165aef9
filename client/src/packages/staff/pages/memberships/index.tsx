import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { MembershipView } from '@linli/shared/membership';
import { Action, ButtonRow } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Field, FormError } from '../../../../components/field';
import { formErrorsOf, NO_ERRORS, type FormErrors } from '../../../../components/field-errors';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { StatusBadge } from '../../../../components/status-badge';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import {
  approveMembership,
  listPendingMemberships,
  membershipQueueChanged,
  rejectMembership,
} from '../../../../services/memberships';
import { membershipStatusLabel, relationLabel } from '../../../../services/membership-format';
import { formatDate } from '../../../../services/notice-format';
import { committeeCommunityIds } from '../../../../services/roles';
import { CommunityPicker, useStaffCommunity } from '../../components/community-picker';
import { usePreferences } from '../../../../hooks/use-preferences';

/** The server's rule for a rejection reason (RejectBody): at least 2 characters. */
const REASON_MIN = 2;

function Request({ membership, onDecided }: { membership: MembershipView; onDecided: () => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const name = membership.applicant
    ? membership.applicant.realName
      ? `${membership.applicant.displayName}（${membership.applicant.realName}）`
      : membership.applicant.displayName
    : membership.userId;
  const household = membership.householdLabel;

  const decide = async (decision: () => Promise<unknown>, toast: string) => {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await decision();
      void Taro.showToast({ title: toast, icon: 'none' });
      onDecided();
    } catch (e) {
      setErrors(formErrorsOf(e, messageOf(e), rejecting ? ['reason'] : []));
      setBusy(false);
    }
  };
  const reject = () => {
    if (reason.trim().length < REASON_MIN) {
      setErrors({ fields: { reason: t('rejectReasonTooShort') }, form: null });
      return;
    }
    void decide(() => rejectMembership(membership.id, reason), t('rejectedToast'));
  };

  return (
    <Card testId="membership-request">
      <View className="card-head">
        <Text className="card-title">
          {t('approvalsApplicant', { name, household, relation: relationLabel(membership.relation) })}
        </Text>
        <StatusBadge state={membership.status} label={membershipStatusLabel(membership.status)} />
      </View>
      <Text className="hint">{t('approvalsRequestedAt', { date: formatDate(membership.requestedAt) })}</Text>
      {!rejecting ? (
        <>
          <FormError message={errors.form} />
          <ButtonRow>
            {membership.actions.includes('reject') && (
              <Action
                kind="secondary"
                label={t('rejectLabel', { name, household })}
                testId="reject"
                disabled={busy}
                onTap={() => setRejecting(true)}
              >
                {t('membershipReject')}
              </Action>
            )}
            {membership.actions.includes('approve') && (
              <Action
                kind="primary"
                label={t('approveLabel', { name, household })}
                testId="approve"
                busy={busy}
                onTap={() => void decide(() => approveMembership(membership.id), t('approvedToast'))}
              >
                {t('membershipApprove')}
              </Action>
            )}
          </ButtonRow>
        </>
      ) : (
        <View>
          <Field
            label={t('rejectReason')}
            placeholder={t('rejectReasonPlaceholder')}
            value={reason}
            maxLength={200}
            testId="reject-reason"
            error={errors.fields.reason}
            onChange={setReason}
          />
          <FormError message={errors.form} />
          <ButtonRow>
            <Action
              label={t('commonCancel')}
              onTap={() => {
                setRejecting(false);
                setErrors(NO_ERRORS);
              }}
            />
            <Action
              kind="danger"
              label={t('rejectConfirm')}
              testId="reject-confirm"
              busy={busy}
              onTap={reject}
            />
          </ButtonRow>
        </View>
      )}
    </Card>
  );
}

/**
 * Pending requests to join the community's households, oldest first: approve or decline each. The
 * list refetches live when a resident asks or another committee member decides; each request keeps
 * its own state (a reason being typed) across refetches, since it is keyed by the membership.
 */
export default function MembershipApprovals() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const staff = useStaffCommunity(user ? committeeCommunityIds(user) : []);
  const pending = useRemote(
    () => listPendingMemberships(staff.communityId),
    staff.communityId !== '',
    [membershipQueueChanged],
    staff.communityId,
  );
  usePullDownRefresh(() => {
    pending.reload();
    void Taro.stopPullDownRefresh();
  });

  return (
    <Page title="approvalsTitle">
      <PageHeader
        title={t('approvalsTitle')}
        subtitle={pending.data ? t('approvalsWaiting', { count: pending.data.total }) : undefined}
        action={
          <Action
            inline
            kind="secondary"
            label={t('commonRefresh')}
            testId="approvals-refresh"
            onTap={pending.reload}
          />
        }
      />
      <CommunityPicker
        ids={staff.ids}
        names={staff.names}
        communityId={staff.communityId}
        onChange={staff.setCommunityId}
      />
      <RemoteView
        source={pending}
        isEmpty={(page) => page.items.length === 0}
        empty={{
          title: t('approvalsEmpty'),
          action: { label: t('commonRefresh'), onTap: pending.reload },
        }}
      >
        {(page) => page.items.map((m) => <Request key={m.id} membership={m} onDecided={pending.reload} />)}
      </RemoteView>
    </Page>
  );
}
