import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { MembershipView } from '@linli/shared/membership';
import { Action } from '../../../../components/action';
import { Field } from '../../../../components/field';
import { Page } from '../../../../components/page';
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
import { relationLabel } from '../../../../services/membership-format';
import { formatDate } from '../../../../services/notice-format';
import { committeeCommunityIds } from '../../../../services/roles';
import { CommunityPicker, useStaffCommunity } from '../../components/community-picker';
import { usePreferences } from '../../../../hooks/use-preferences';

/** The server's rule for a rejection reason (RejectBody): at least 2 characters. */
const REASON_MIN = 2;

function Request({ membership, onDecided }: { membership: MembershipView; onDecided: () => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = membership.applicant
    ? membership.applicant.realName
      ? `${membership.applicant.displayName}（${membership.applicant.realName}）`
      : membership.applicant.displayName
    : membership.userId;
  const household = membership.householdLabel;

  const decide = async (decision: () => Promise<unknown>, toast: string) => {
    setBusy(true);
    setProblem(null);
    try {
      await decision();
      void Taro.showToast({ title: toast, icon: 'none' });
      onDecided();
    } catch (e) {
      setProblem(messageOf(e));
      setBusy(false);
    }
  };
  const reject = () => {
    if (reason.trim().length < REASON_MIN) {
      setProblem(t('rejectReasonTooShort'));
      return;
    }
    void decide(() => rejectMembership(membership.id, reason), t('rejectedToast'));
  };

  return (
    <View className="card" data-testid="membership-request">
      <Text className="tile-name">
        {t('approvalsApplicant', { name, household, relation: relationLabel(membership.relation) })}
      </Text>
      <Text className="notice-date">
        {t('approvalsRequestedAt', { date: formatDate(membership.requestedAt) })}
      </Text>
      {problem && <Text className="error">{problem}</Text>}
      {!rejecting ? (
        <View className="actions">
          {membership.actions.includes('approve') && (
            <Action
              inline
              kind="primary"
              label={t('approveLabel', { name, household })}
              testId="approve"
              disabled={busy}
              onTap={() => void decide(() => approveMembership(membership.id), t('approvedToast'))}
            >
              {t('membershipApprove')}
            </Action>
          )}
          {membership.actions.includes('reject') && (
            <Action
              inline
              label={t('rejectLabel', { name, household })}
              testId="reject"
              disabled={busy}
              onTap={() => setRejecting(true)}
            >
              {t('membershipReject')}
            </Action>
          )}
        </View>
      ) : (
        <View>
          <Field
            label={t('rejectReason')}
            placeholder={t('rejectReasonPlaceholder')}
            value={reason}
            maxLength={200}
            testId="reject-reason"
            onChange={setReason}
          />
          <View className="actions">
            <Action inline kind="danger" label={t('rejectConfirm')} disabled={busy} onTap={reject} />
            <Action inline label={t('commonCancel')} onTap={() => setRejecting(false)} />
          </View>
        </View>
      )}
    </View>
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
      <Text className="title">{t('approvalsTitle')}</Text>
      <CommunityPicker
        ids={staff.ids}
        names={staff.names}
        communityId={staff.communityId}
        onChange={staff.setCommunityId}
      />
      <Action label={t('commonRefresh')} testId="approvals-refresh" onTap={pending.reload} />
      {pending.error && <Text className="error">{pending.error}</Text>}
      {pending.data?.items.length === 0 && <Text className="hint">{t('approvalsEmpty')}</Text>}
      {pending.data?.items.map((m) => (
        <Request key={m.id} membership={m} onDecided={pending.reload} />
      ))}
    </Page>
  );
}
