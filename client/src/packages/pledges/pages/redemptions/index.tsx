import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Action, ButtonRow } from '../../../../components/action';
import { Field } from '../../../../components/field';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { StatusBadge } from '../../../../components/status-badge';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { formatDate } from '../../../../services/notice-format';
import {
  communityRedemptions,
  decideRedemption,
  pointsChanged,
  type Redemption,
} from '../../../../services/pledges';
import { committeeCommunityOf, redemptionStatusName } from '../../components/parts';

function Order({ order }: { order: Redemption }) {
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const resident = order.resident ?? '';
  const decide = async (decision: 'confirm' | 'refuse') => {
    setProblem(null);
    try {
      await decideRedemption(order.id, decision, decision === 'refuse' ? reason : undefined);
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  return (
    <View className="card" data-testid="redemption" data-status={order.status}>
      <View className="menu-head">
        <Text className="tile-name">{order.rewardName}</Text>
        <StatusBadge state={order.status} label={redemptionStatusName(order.status)} />
      </View>
      <Text className="hint">
        {t('redemptionLine', { resident, points: order.points, date: formatDate(order.placedAt) })}
      </Text>
      {order.refusedReason && <Text className="hint">{order.refusedReason}</Text>}
      {problem && <Text className="error">{problem}</Text>}
      {!refusing && (
        <ButtonRow>
          {order.actions.includes('confirm') && (
            <Action
              inline
              kind="primary"
              label={t('redemptionConfirmLabel', { resident, reward: order.rewardName })}
              testId="confirm-redemption"
              onTap={() => void decide('confirm')}
            >
              {t('redemptionConfirm')}
            </Action>
          )}
          {order.actions.includes('refuse') && (
            <Action inline label={t('redemptionRefuse')} onTap={() => setRefusing(true)} />
          )}
        </ButtonRow>
      )}
      {refusing && (
        <View>
          <Field label={t('redemptionRefuseReason')} value={reason} maxLength={200} onChange={setReason} />
          <Action kind="danger" label={t('redemptionRefuseConfirm')} onTap={() => void decide('refuse')} />
        </View>
      )}
    </View>
  );
}

/** The committee's redemption orders, newest first: hand the reward over and confirm, or refuse. */
export default function RedemptionOrders() {
  usePreferences();
  const { user } = useUser();
  const communityId = committeeCommunityOf(user);
  const orders = useRemote(
    () => communityRedemptions(communityId),
    communityId !== '',
    [pointsChanged],
    communityId,
  );
  usePullDownRefresh(() => {
    orders.reload();
    void Taro.stopPullDownRefresh();
  });
  return (
    <Page title="pledgesRedemptionOrders">
      <PageHeader title={t('pledgesRedemptionOrders')} />
      <RemoteView source={orders} empty={{ title: t('redemptionsEmpty') }}>
        {(list) => list.map((order) => <Order key={order.id} order={order} />)}
      </RemoteView>
    </Page>
  );
}
