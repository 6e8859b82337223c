import { Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { currentApi, unwrap } from '../../../api/client';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageLoader } from '../../../components/PageLoader';
import { Section } from '../../../components/Section';
import { formatDateTime, fullName } from '../../../lib/format';
import { can, roleLabel } from '../../../lib/roles';
import { usePageTitle } from '../../../lib/use-page-title';
import { memberLabel } from '../members/cells';
import { EmailList } from '../members/EmailHistory';
import { STATUS_COLORS, STATUS_LABELS } from '../members/StatusGlossary';
import { useOrg } from '../org-context';
import { KIND_LABELS } from '../teams/TeamTrainings';
import { teamPath } from '../teams/use-teams';
import { PersonAddOns } from './PersonAddOns';
import { useMember, usePersonTeams } from './use-person';

/** One person: their teams, trainings, add-on licenses and the last emails Roster sent them. */
export function PersonPage() {
  const { org, role } = useOrg();
  const { memberId = '' } = useParams();
  const member = useMember(org.id, memberId);
  const who = member.data ? memberLabel(member.data) : '';
  usePageTitle(member.data ? `${who} · ${org.name}` : org.name);

  const back = (
    <Anchor component={Link} to={`/orgs/${org.id}/members`} fz="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} /> Members
      </Group>
    </Anchor>
  );
  if (member.isPending) return <PageLoader />;
  if (member.isError)
    return (
      <Stack>
        {back}
        <ErrorAlert error={member.error} title="Could not open this person" onRetry={() => void member.refetch()} />
      </Stack>
    );
  const name = fullName(member.data.firstName, member.data.lastName);
  return (
    <Stack gap="lg" maw={960}>
      {back}
      <Stack gap={4}>
        <Title order={1} fz={26} className="text-break">
          {name || who}
        </Title>
        <Group gap="xs">
          {name ? (
            <Text c="dimmed" fz="sm">
              {who}
            </Text>
          ) : null}
          <Badge variant="outline" color="gray">
            {roleLabel(member.data.role)}
          </Badge>
          <Badge variant="light" color={STATUS_COLORS[member.data.status]}>
            {STATUS_LABELS[member.data.status]}
          </Badge>
        </Group>
      </Stack>
      <Section title="Teams">
        <PersonTeams orgId={org.id} memberId={memberId} />
      </Section>
      <Section title="Trainings">
        <PersonTrainings orgId={org.id} memberId={memberId} />
      </Section>
      {can.seeLicenses(role) ? (
        <Section title="Add-on licenses">
          <PersonAddOns orgId={org.id} memberId={memberId} who={who} />
        </Section>
      ) : null}
      <Section title="Last emails">
        <EmailList orgId={org.id} memberId={memberId} />
      </Section>
    </Stack>
  );
}

function PersonTeams({ orgId, memberId }: { orgId: string; memberId: string }) {
  const teams = usePersonTeams(orgId, memberId);
  if (teams.isPending) return <PageLoader />;
  if (teams.isError) return <ErrorAlert error={teams.error} title="Could not load the teams" onRetry={() => void teams.refetch()} />;
  if (teams.data.items.length === 0) return <Text c="dimmed">Not in any of your teams.</Text>;
  return (
    <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="person-teams">
      {teams.data.items.map(({ team, role, direct }) => (
        <Group key={`${team.id}:${role}`} component="li" gap="xs" data-team={team.name}>
          <Anchor component={Link} to={`/orgs/${orgId}/teams?team=${team.id}`} fz="sm">
            {teamPath(team)}
          </Anchor>
          <Badge size="sm" variant="outline" color="gray">
            {roleLabel(role)}
          </Badge>
          {direct ? (
            <Badge size="sm" variant="light" color="indigo" title="Given on this team itself">
              Direct
            </Badge>
          ) : (
            <Text fz="xs" c="dimmed">
              from a team below
            </Text>
          )}
        </Group>
      ))}
    </Stack>
  );
}

function PersonTrainings({ orgId, memberId }: { orgId: string; memberId: string }) {
  const trainings = useQuery({
    queryKey: ['member-trainings', orgId, memberId],
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/members/{memberId}/trainings', { params: { path: { orgId, memberId } } })),
  });
  if (trainings.isPending) return <PageLoader />;
  if (trainings.isError)
    return <ErrorAlert error={trainings.error} title="Could not load the trainings" onRetry={() => void trainings.refetch()} />;
  if (trainings.data.items.length === 0) return <Text c="dimmed">No training assigned.</Text>;
  return (
    <Table aria-label="Trainings assigned">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Training</Table.Th>
          <Table.Th>From team</Table.Th>
          <Table.Th>When and where</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {trainings.data.items.map((training) => (
          <Table.Tr key={training.trainingId}>
            <Table.Td fz="sm">
              {training.title}{' '}
              <Text span c="dimmed" fz="xs">
                ({KIND_LABELS[training.kind]})
              </Text>
            </Table.Td>
            <Table.Td fz="sm">{training.teamName}</Table.Td>
            <Table.Td fz="sm">
              {training.kind === 'session'
                ? `${formatDateTime(training.startsAt)}${training.location ? ` · ${training.location}` : ''}`
                : '—'}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
