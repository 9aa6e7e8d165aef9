import Taro from '@tarojs/taro';
import { useUser } from '../../../../hooks/use-user';
import { useRemote } from '../../../../hooks/use-remote';
import { t, type MessageKey } from '../../../../i18n';
import { listCommunityNames } from '../../../../services/communities';
import { committeeCommunityIds, publisherCommunityIds, roleName } from '../../../../services/roles';
import { Card } from '../../../../components/card';
import type { IconName } from '../../../../components/icon';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { EmptyState, ErrorState, Skeleton } from '../../../../components/states';
import { MealsStaffLinks } from '../../components/meals-links';
import { DaycareStaffLinks } from '../../components/daycare-links';
import { usePreferences } from '../../../../hooks/use-preferences';

interface Tool {
  key: string;
  name: MessageKey;
  url: string;
  icon?: IconName;
}

/** Each tool's icon by its key (a tool without one shows the workbench's). */
const TOOL_ICONS: Record<string, IconName> = {
  compose: 'compose',
  notices: 'notices',
  approvals: 'approvals',
  wellness: 'wellness',
};

/** The staff member's work (by the rights they hold) and their grants. */
export default function StaffHome() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user, error, reload } = useUser();
  const communities = useRemote(listCommunityNames, (user?.grants.length ?? 0) > 0);
  const names = communities.data ?? {};

  const tools: Tool[] = [];
  if (user && publisherCommunityIds(user).length > 0) {
    tools.push({ key: 'compose', name: 'staffCompose', url: '/packages/staff/pages/notice-compose/index' });
    tools.push({ key: 'notices', name: 'staffNoticeList', url: '/packages/staff/pages/notice-list/index' });
  }
  if (user?.grants.some((g) => g.role === 'operator')) {
    tools.push({
      key: 'repairs-queue',
      name: 'repairsStaffQueue',
      url: '/packages/repairs/pages/queue/index',
    });
  }
  if (user?.grants.some((g) => g.role === 'technician')) {
    tools.push({ key: 'repairs-jobs', name: 'repairsStaffJobs', url: '/packages/repairs/pages/jobs/index' });
  }
  if (user && committeeCommunityIds(user).length > 0) {
    tools.push({ key: 'approvals', name: 'staffApprovals', url: '/packages/staff/pages/memberships/index' });
    tools.push({ key: 'wellness', name: 'wellnessStaffLink', url: '/pages/wellness/index' });
    tools.push({ key: 'pledges', name: 'servicePledges', url: '/packages/pledges/pages/index/index' });
    tools.push({
      key: 'convention',
      name: 'conventionEditor',
      url: '/packages/pledges/pages/convention-edit/index',
    });
    tools.push({ key: 'emergency', name: 'staffEmergency', url: '/packages/emergency/pages/care/index' });
    tools.push({
      key: 'evaluations',
      name: 'staffEvaluations',
      url: '/packages/emergency/pages/evaluations/index',
    });
    tools.push({
      key: 'emergency-settings',
      name: 'staffEmergencySettings',
      url: '/packages/emergency/pages/settings/index',
    });
    tools.push({ key: 'consultations', name: 'consTitle', url: '/packages/consultations/pages/list/index' });
    tools.push({
      key: 'consultations-ownership',
      name: 'consOwnershipTitle',
      icon: 'household',
      url: '/packages/consultations/pages/ownership/index',
    });
  }
  // Whoever runs a service (a canteen, a repairs team, a daycare centre; the committee for its
  // pledge projects) reads its residents' ratings and replies.
  if (user?.grants.some((g) => g.role === 'operator' || g.role === 'committee')) {
    tools.push({ key: 'ratings', name: 'staffRatings', url: '/packages/emergency/pages/ratings/index' });
  }

  return (
    <Page title="staffHomeTitle">
      <PageHeader title={t('staffHomeTitle')} />
      {error && <ErrorState message={error} onRetry={reload} />}
      {!user && !error && <Skeleton cards={2} rows={3} />}
      {communities.error && <ErrorState message={communities.error} onRetry={communities.reload} />}
      {tools.length > 0 && (
        <Card title={t('staffTools')}>
          {tools.map((tool) => (
            <ListItem
              key={tool.key}
              icon={tool.icon ?? TOOL_ICONS[tool.key] ?? 'staff'}
              title={t(tool.name)}
              label={t(tool.name)}
              testId={`staff-tool-${tool.key}`}
              onTap={() => void Taro.navigateTo({ url: tool.url })}
            />
          ))}
        </Card>
      )}
      {user && <DaycareStaffLinks user={user} />}
      <SectionTitle>{t('staffGrantsTitle')}</SectionTitle>
      {user && user.grants.length === 0 && <EmptyState title={t('staffNoGrants')} icon="staff" />}
      {user?.grants.map((grant, index) => (
        <Card key={index} testId="grant" title={roleName(grant.role)}>
          <ListItem
            icon="household"
            title={
              grant.role === 'admin'
                ? t('staffAllCommunities')
                : t('staffCommunity', { name: names[grant.communityId] ?? grant.communityId })
            }
            detail={
              grant.role === 'operator' || grant.role === 'technician'
                ? t('staffProvider', { id: grant.providerId })
                : undefined
            }
          />
          <MealsStaffLinks grant={grant} />
        </Card>
      ))}
    </Page>
  );
}
