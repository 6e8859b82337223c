import { Badge, Button, Card, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { useLocation } from 'react-router';
import { NoOrganizationsYet, PersonPage } from '../../app/shell/PersonPage';
import { DownloadLink } from '../../components/DownloadLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { usePageTitle } from '../../lib/use-page-title';
import { type LearningItem, type LearningOrg, sessionTime, useMyLearning } from './use-my-learning';

const KIND_LABELS: Record<LearningItem['kind'], string> = { course: 'Course', path: 'Learning path', session: 'Session' };

/** /my/trainings: a person's trainings and sessions in each organization, where emails send them. */
export function MyLearningPage() {
  usePageTitle('My learning');
  const learning = useMyLearning();
  const location = useLocation();
  const welcomeOrgId: unknown = location.state?.welcomeOrgId;

  return (
    <PersonPage title="My learning" subtitle="Your trainings and scheduled sessions, in every organization you belong to.">
      {learning.isPending ? (
        <PageLoader label="Loading your learning…" />
      ) : learning.isError ? (
        <ErrorAlert error={learning.error} title="Your learning could not be loaded" onRetry={() => void learning.refetch()} />
      ) : learning.data.organizations.length === 0 ? (
        <NoOrganizationsYet />
      ) : (
        learning.data.organizations.map((org) => <OrgLearning key={org.orgId} org={org} welcome={org.orgId === welcomeOrgId} />)
      )}
    </PersonPage>
  );
}

function OrgLearning({ org, welcome }: { org: LearningOrg; welcome: boolean }) {
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="learning-org" aria-label={org.orgName} component="section">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2}>
          <Title order={2} fz="lg" className="text-break">
            {org.orgName}
          </Title>
          <Text fz="xs" c="dimmed">
            Times in {org.timeZone === 'Etc/UTC' ? 'UTC' : org.timeZone}
          </Text>
        </Stack>
        {org.learningPlatform ? (
          <Button
            component="a"
            href={org.learningPlatform.url}
            target="_blank"
            rel="noopener noreferrer"
            variant={welcome ? 'filled' : 'light'}
            rightSection={<IconExternalLink size={16} aria-hidden />}
          >
            Go to {org.learningPlatform.name}
          </Button>
        ) : null}
      </Group>
      <Divider my="md" />
      {org.trainings.length === 0 ? (
        <Text fz="sm" c="dimmed">
          Nothing is assigned to you here yet. Trainings come with the teams you are in.
        </Text>
      ) : (
        <Stack gap="md">
          {org.trainings.map((item) => (
            <TrainingLine key={item.trainingId} item={item} timeZone={org.timeZone} />
          ))}
        </Stack>
      )}
    </Card>
  );
}

function TrainingLine({ item, timeZone }: { item: LearningItem; timeZone: string }) {
  const past = item.startsAt !== null && new Date(item.startsAt).getTime() < Date.now();
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs" data-testid="learning-item">
      <Stack gap={2} style={{ minWidth: 0, flex: '1 1 260px' }}>
        <Group gap="xs" wrap="wrap">
          <Badge variant="light" color={item.kind === 'session' ? 'violet' : 'blue'} style={{ flexShrink: 0 }}>
            {KIND_LABELS[item.kind]}
          </Badge>
          <Text fw={600} className="text-break">
            {item.title}
          </Text>
        </Group>
        {item.startsAt ? (
          <Text fz="sm" c={past ? 'dimmed' : undefined}>
            {past ? 'Took place ' : ''}
            {sessionTime(item.startsAt, timeZone)}
            {item.location ? ` · ${item.location}` : ''}
          </Text>
        ) : null}
        <Text fz="xs" c="dimmed">
          With your team {item.teamName}
        </Text>
      </Stack>
      {item.calendarUrl && !past ? (
        <DownloadLink href={item.calendarUrl} fileName={`${item.title}.ics`}>
          Add to calendar
        </DownloadLink>
      ) : null}
    </Group>
  );
}
