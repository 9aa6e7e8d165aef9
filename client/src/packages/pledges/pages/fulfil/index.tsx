import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Action, ButtonRow } from '../../../../components/action';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import {
  fulfil,
  getProject,
  pledgesChanged,
  projectPledges,
  slotCodes,
  type Pledge,
  type SlotCodes,
} from '../../../../services/pledges';
import { NeedProgress, PledgeCard } from '../../components/parts';

function FulfilmentCard({ pledge }: { pledge: Pledge }) {
  const [problem, setProblem] = useState<string | null>(null);
  const name = pledge.pledgerName;
  const step = async (s: 'confirm' | 'check-in' | 'check-out') => {
    setProblem(null);
    try {
      await fulfil(pledge.id, s);
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  return (
    <PledgeCard
      pledge={pledge}
      who={pledge.household ? t('fulfilWhoLine', { name, household: pledge.household }) : name}
    >
      {problem && <Text className="error">{problem}</Text>}
      <ButtonRow>
        {pledge.actions.includes('confirm') && (
          <Action
            inline
            kind="primary"
            label={t('fulfilConfirmLabel', { name, need: pledge.needLabel })}
            testId="confirm-received"
            onTap={() => void step('confirm')}
          >
            {t('fulfilConfirm')}
          </Action>
        )}
        {pledge.actions.includes('checkIn') && (
          <Action
            inline
            kind="primary"
            label={t('fulfilCheckInLabel', { name })}
            testId="check-in"
            onTap={() => void step('check-in')}
          >
            {t('fulfilCheckIn')}
          </Action>
        )}
        {pledge.actions.includes('checkOut') && (
          <Action
            inline
            kind="primary"
            label={t('fulfilCheckOutLabel', { name })}
            testId="check-out"
            onTap={() => void step('check-out')}
          >
            {t('fulfilCheckOut')}
          </Action>
        )}
      </ButtonRow>
    </PledgeCard>
  );
}

/**
 * For the committee at the activity: every pledge of a project with names and doors; confirm goods
 * and money received, check volunteers in and out, and show a slot's codes for self check-in.
 */
export default function Fulfilment() {
  usePreferences();
  const { user } = useUser();
  const id = useRouter().params.id ?? '';
  const on = user !== null && id !== '';
  const data = useRemote(
    async () => {
      const [project, pledges] = await Promise.all([getProject(id), projectPledges(id)]);
      return { project, pledges };
    },
    on,
    [pledgesChanged],
    id,
  );
  const [codes, setCodes] = useState<Record<string, SlotCodes>>({});
  const [problem, setProblem] = useState<string | null>(null);
  usePullDownRefresh(() => {
    data.reload();
    void Taro.stopPullDownRefresh();
  });
  const showCodes = async (needId: string) => {
    try {
      const found = await slotCodes(id, needId);
      setCodes((all) => ({ ...all, [needId]: found }));
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  return (
    <Page title="pledgesFulfil">
      <RemoteView source={data} isEmpty={() => false} empty={{ title: '' }}>
        {({ project, pledges }) => (
          <View>
            <PageHeader title={t('pledgesFulfil')} subtitle={project.title} />
            {problem && <Text className="error">{problem}</Text>}
            <View className="card" data-testid="progress">
              {project.needs.map((need) => (
                <NeedProgress key={need.id} need={need}>
                  {need.kind === 'labour' &&
                    (codes[need.id] ? (
                      <Text className="strong" data-testid="slot-codes">
                        {t('fulfilCodesLine', {
                          checkIn: codes[need.id].checkInCode,
                          checkOut: codes[need.id].checkOutCode,
                        })}
                      </Text>
                    ) : (
                      <Action inline label={t('fulfilCodes')} onTap={() => void showCodes(need.id)} />
                    ))}
                </NeedProgress>
              ))}
            </View>
            <SectionTitle>{t('pledgesPublicList')}</SectionTitle>
            {pledges.length === 0 && <Text className="hint">{t('fulfilEmpty')}</Text>}
            {pledges.map((p) => (
              <FulfilmentCard key={p.id} pledge={p} />
            ))}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
