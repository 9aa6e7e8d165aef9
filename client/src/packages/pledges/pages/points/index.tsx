import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { PointsEntryKind } from '@linli/shared/pledges';
import { Action } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { StatusBadge } from '../../../../components/status-badge';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t, type MessageKey } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { formatDate } from '../../../../services/notice-format';
import {
  myLedger,
  myRedemptions,
  pointsChanged,
  pointsRules,
  redeem,
  rewards,
  type Reward,
} from '../../../../services/pledges';
import { redemptionStatusName, residentCommunityOf } from '../../components/parts';

const ENTRY_KEYS: Record<PointsEntryKind, MessageKey> = {
  earned: 'pointsEntryEarned',
  redeemed: 'pointsEntryRedeemed',
  refunded: 'pointsEntryRefunded',
  correction: 'pointsEntryCorrection',
};

/** My balance and its ledger (append-only: every change is a line), the rewards, my redemptions. */
export default function MyPoints() {
  usePreferences();
  const { user } = useUser();
  const communityId = residentCommunityOf(user);
  const on = user !== null && communityId !== '';
  const ledger = useRemote(() => myLedger(communityId), on, [pointsChanged], communityId);
  const catalogue = useRemote(() => rewards(communityId), on, [pointsChanged], communityId);
  const rules = useRemote(() => pointsRules(communityId), on, [], communityId);
  const orders = useRemote(myRedemptions, on, [pointsChanged]);
  usePullDownRefresh(() => {
    ledger.reload();
    catalogue.reload();
    orders.reload();
    void Taro.stopPullDownRefresh();
  });

  const balance = ledger.data?.balance ?? 0;
  const take = async (reward: Reward) => {
    const { confirm } = await Taro.showModal({
      title: t('pointsRedeemConfirm', { name: reward.name, cost: reward.costPoints }),
      content: '',
    });
    if (!confirm) return;
    try {
      await redeem(reward.id);
      void Taro.showToast({ title: t('pointsRedeemed'), icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    }
  };

  return (
    <Page title="pledgesPoints">
      <PageHeader title={t('pledgesPoints')} />
      <Card variant="highlight" testId="points-balance" data={{ balance: String(balance) }}>
        <Text className="card-title">{t('pointsBalance')}</Text>
        <Text className="title" data-testid="balance-value">
          {t('pointsBalanceValue', { balance })}
        </Text>
        {rules.data && <Text className="hint">{t('pointsRules', rules.data)}</Text>}
      </Card>
      <SectionTitle>{t('pointsRewards')}</SectionTitle>
      <RemoteView source={catalogue} empty={{ title: t('pointsRewardsEmpty') }}>
        {(list) => (
          <View className="card">
            {list.map((reward) => (
              <View key={reward.id} className="pledge-reward" data-testid="reward" data-reward-id={reward.id}>
                <ListItem
                  title={reward.name}
                  detail={`${reward.description} ${t('pointsRewardLine', { cost: reward.costPoints, stock: reward.stock })}`}
                />
                {reward.actions.includes('redeem') && (
                  <Action
                    inline
                    kind="primary"
                    label={t('pointsRedeemLabel', { name: reward.name, cost: reward.costPoints })}
                    disabled={balance < reward.costPoints || reward.stock === 0}
                    testId="redeem"
                    onTap={() => void take(reward)}
                  >
                    {t('pointsRedeem')}
                  </Action>
                )}
              </View>
            ))}
          </View>
        )}
      </RemoteView>
      {orders.data && orders.data.length > 0 && (
        <View>
          <SectionTitle>{t('pointsMyRedemptions')}</SectionTitle>
          <View className="card">
            {orders.data.map((order) => (
              <ListItem
                key={order.id}
                testId="my-redemption"
                title={order.rewardName}
                detail={`${t('pointsBalanceValue', { balance: order.points })} · ${formatDate(order.placedAt)}${order.refusedReason ? ` · ${order.refusedReason}` : ''}`}
                value={<StatusBadge state={order.status} label={redemptionStatusName(order.status)} />}
              />
            ))}
          </View>
        </View>
      )}
      <SectionTitle>{t('pointsLedger')}</SectionTitle>
      <RemoteView
        source={ledger}
        isEmpty={(l) => l.items.length === 0}
        empty={{ title: t('pointsLedgerEmpty') }}
      >
        {(l) => (
          <View className="card" data-testid="ledger">
            {l.items.map((entry) => (
              <ListItem
                key={entry.id}
                testId="ledger-entry"
                title={entry.reason}
                detail={`${t(ENTRY_KEYS[entry.kind])} · ${formatDate(entry.at)}`}
                value={entry.points > 0 ? `+${entry.points}` : String(entry.points)}
              />
            ))}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
