import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { PROJECT_STATUS_NAMES } from '@linli/shared/pledges';
import { Card } from '../../../../components/card';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { ProgressBar } from '../../../../components/progress-bar';
import { RemoteView } from '../../../../components/remote-view';
import { StatusBadge } from '../../../../components/status-badge';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { getLocale, t } from '../../../../i18n';
import { formatDate } from '../../../../services/notice-format';
import { listProjects, pledgesChanged, type ProjectSummary } from '../../../../services/pledges';
import { committeeCommunityOf, NeedProgress, PLEDGES_ROOT } from '../../components/parts';

const go = (path: string) => void Taro.navigateTo({ url: `${PLEDGES_ROOT}/${path}` });

function ProjectCard({ project }: { project: ProjectSummary }) {
  const { households } = project.thresholds;
  return (
    // The title row is the button that opens it (named by the title); the figures are read as text.
    <Card testId="project" data={{ projectId: project.id, status: project.status }}>
      <ListItem
        title={project.title}
        testId="open-project"
        onTap={() => go(`project/index?id=${project.id}`)}
      />
      <StatusBadge state={project.status} label={PROJECT_STATUS_NAMES[project.status][getLocale()]} />
      <Text className="hint">{t('pledgesDeadline', { date: formatDate(project.deadline) })}</Text>
      {households !== undefined && (
        <ProgressBar
          label={t('pledgesHouseholdsJoined')}
          value={project.progress.households}
          max={households}
          valueText={t('pledgesHouseholdsUnit', { value: project.progress.households, max: households })}
        />
      )}
      {project.needs.map((need) => (
        <NeedProgress key={need.id} need={need} />
      ))}
    </Card>
  );
}

/**
 * The community's projects with each need's progress, refetched live as neighbours pledge; links to
 * one's pledges, points and the convention, and for the committee its own tools.
 */
export default function PledgeProjects() {
  usePreferences();
  const { user } = useUser();
  const projects = useRemote(listProjects, user !== null, [pledgesChanged]);
  usePullDownRefresh(() => {
    projects.reload();
    void Taro.stopPullDownRefresh();
  });
  const committee = committeeCommunityOf(user) !== '';
  return (
    <Page title="pledgesTitle">
      <PageHeader title={t('pledgesTitle')} />
      <View className="card">
        <ListItem title={t('pledgesMine')} icon="pledges" testId="link-mine" onTap={() => go('mine/index')} />
        <ListItem
          title={t('pledgesPoints')}
          icon="chart"
          testId="link-points"
          onTap={() => go('points/index')}
        />
        <ListItem
          title={t('pledgesConvention')}
          icon="notices"
          testId="link-convention"
          onTap={() => go('convention/index')}
        />
      </View>
      {committee && (
        <View className="card">
          <ListItem
            title={t('pledgesCreate')}
            icon="compose"
            testId="link-create"
            onTap={() => go('create/index')}
          />
          <ListItem
            title={t('pledgesRedemptionOrders')}
            icon="approvals"
            testId="link-redemptions"
            onTap={() => go('redemptions/index')}
          />
          <ListItem
            title={t('pledgesSignatures')}
            icon="household"
            testId="link-signatures"
            onTap={() => go('signatures/index')}
          />
        </View>
      )}
      <SectionTitle>{t('pledgesTitle')}</SectionTitle>
      <RemoteView
        source={projects}
        empty={{
          title: committee ? t('pledgesEmptyCommittee') : t('pledgesEmpty'),
          ...(committee ? { action: { label: t('pledgesCreate'), onTap: () => go('create/index') } } : {}),
        }}
      >
        {(list) => list.map((project) => <ProjectCard key={project.id} project={project} />)}
      </RemoteView>
    </Page>
  );
}
