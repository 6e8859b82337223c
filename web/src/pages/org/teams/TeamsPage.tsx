import { Button, Grid, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconHierarchy2, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageLoader } from '../../../components/PageLoader';
import { usePageTitle } from '../../../lib/use-page-title';
import { useOrg } from '../org-context';
import { type TeamAction, TeamDialogs } from './TeamDialogs';
import { TeamPanel } from './TeamPanel';
import { TeamTree } from './TeamTree';
import { useTeams } from './use-teams';

/** the organization's teams as a tree, and the selected team's people and trainings. */
export function TeamsPage() {
  const { org, role } = useOrg();
  usePageTitle(`Teams · ${org.name}`);
  const teams = useTeams(org.id);
  // The selected team is in the URL: a link opens it, the back button returns to the previous one.
  const [params, setParams] = useSearchParams();
  const select = (teamId: string) => setParams({ team: teamId });
  const [action, setAction] = useState<TeamAction | null>(null);
  const items = teams.data?.items ?? [];
  const selected = items.find((team) => team.id === params.get('team')) ?? null;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Title order={1} fz={26}>
            Teams
          </Title>
          <Text c="dimmed" fz="sm">
            Learners placed in a public team also belong to the teams above it, up to the first private one.
          </Text>
        </Stack>
        {teams.data?.can.createTopLevel ? (
          <Button leftSection={<IconPlus size={18} />} onClick={() => setAction('create')}>
            New team
          </Button>
        ) : null}
      </Group>
      {teams.isPending ? (
        <PageLoader />
      ) : teams.isError ? (
        <ErrorAlert error={teams.error} title="Could not load the teams" onRetry={() => void teams.refetch()} />
      ) : items.length === 0 ? (
        <Paper withBorder radius="lg" p="xl">
          <Stack align="center" gap="xs" py="lg">
            <ThemeIcon size={48} radius="xl" variant="light" color="gray">
              <IconHierarchy2 size={24} />
            </ThemeIcon>
            <Text fw={600}>{teams.data.can.createTopLevel ? 'No teams yet' : 'No team of yours yet'}</Text>
            <Text fz="sm" c="dimmed" ta="center" maw={420}>
              {teams.data.can.createTopLevel
                ? 'Teams group people, for instance by department and site; managers then look after their own teams.'
                : 'An administrator makes you manager of a team; it then appears here, with every team below it.'}
            </Text>
          </Stack>
        </Paper>
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Paper withBorder radius="lg" p="sm">
              <TeamTree teams={items} selectedId={selected?.id ?? null} onSelect={select} />
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            {selected ? (
              <TeamPanel key={selected.id} orgId={org.id} team={selected} myRole={role} onAction={setAction} />
            ) : (
              <Paper withBorder radius="lg" p="xl">
                <Text c="dimmed" ta="center">
                  Pick a team to see its people and trainings.
                </Text>
              </Paper>
            )}
          </Grid.Col>
        </Grid>
      )}
      {action ? (
        <TeamDialogs
          orgId={org.id}
          teams={items}
          team={selected}
          topLevel={teams.data?.can.createTopLevel ?? false}
          action={action}
          onClose={() => setAction(null)}
          onCreated={(team) => select(team.id)}
        />
      ) : null}
    </Stack>
  );
}
