import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Action } from '../../../../components/action';
import { Field } from '../../../../components/field';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import {
  checkInByCode,
  myPledges,
  pledgesChanged,
  withdrawPledge,
  type Pledge,
} from '../../../../services/pledges';
import { PledgeCard, PLEDGES_ROOT } from '../../components/parts';

/** A volunteer's own check-in or check-out with the code the committee shows at the activity. */
function CodeEntry({ pledge }: { pledge: Pledge }) {
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    setProblem(null);
    try {
      await checkInByCode(pledge.projectId, code.trim());
      setCode('');
      void Taro.showToast({ title: t('pledgesCodeDone'), icon: 'none' });
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  return (
    <View>
      <Field
        label={t('pledgesCode')}
        placeholder={t('pledgesCodePlaceholder')}
        value={code}
        type="number"
        maxLength={6}
        error={problem ?? undefined}
        testId="pledge-code"
        onChange={setCode}
      />
      <Action inline label={t('pledgesCodeSubmit')} onTap={() => void submit()} />
    </View>
  );
}

/** Everything I pledged, newest first, live: withdraw before the project starts, check in by code. */
export default function MyPledges() {
  usePreferences();
  const { user } = useUser();
  const pledges = useRemote(myPledges, user !== null, [pledgesChanged]);
  usePullDownRefresh(() => {
    pledges.reload();
    void Taro.stopPullDownRefresh();
  });
  const withdraw = async (id: string) => {
    const { confirm } = await Taro.showModal({ title: t('pledgesWithdrawConfirm'), content: '' });
    if (!confirm) return;
    try {
      await withdrawPledge(id);
      void Taro.showToast({ title: t('pledgesWithdrawn'), icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    }
  };
  return (
    <Page title="pledgesMine">
      <PageHeader title={t('pledgesMine')} />
      <RemoteView
        source={pledges}
        empty={{
          title: t('pledgesMineEmpty'),
          action: {
            label: t('pledgesBrowse'),
            onTap: () => void Taro.navigateTo({ url: `${PLEDGES_ROOT}/index/index` }),
          },
        }}
      >
        {(list) =>
          list.map((p) => (
            <PledgeCard key={p.id} pledge={p} showProject>
              {p.kind === 'labour' && p.status === 'pledged' && !p.checkedOutAt && <CodeEntry pledge={p} />}
              {p.actions.includes('withdraw') && (
                <Action inline kind="danger" label={t('pledgesWithdraw')} onTap={() => void withdraw(p.id)} />
              )}
              {p.status === 'withdrawn' && <Text className="hint">{t('pledgesWithdrawn')}</Text>}
            </PledgeCard>
          ))
        }
      </RemoteView>
    </Page>
  );
}
