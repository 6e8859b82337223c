import { ActionIcon, Badge, Divider, Group, Menu, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowMoveRight, IconDots, IconEye, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Team } from '../../../api/types';
import type { OrgRole } from '../../../lib/roles';
import { AddTeamMember } from './AddTeamMember';
import type { TeamAction } from './TeamDialogs';
import { TeamMembers } from './TeamMembers';
import { TeamTrainings } from './TeamTrainings';
import { teamPath } from './use-teams';

interface Props {
  readonly orgId: string;
  readonly team: Team;
  readonly myRole: OrgRole;
  readonly onAction: (action: TeamAction) => void;
}

/** One team: what it is, its people and its trainings. */
export function TeamPanel({ orgId, team, myRole, onAction }: Props) {
  return (
    <Paper withBorder radius="lg" p="lg" component="section" aria-label={`Team ${team.name}`}>
      <Stack gap="lg">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4}>
            <Title order={2} fz="xl" className="text-break">
              {team.name}
            </Title>
            <Text fz="sm" c="dimmed">
              {teamPath(team)}
            </Text>
            <Group gap={6}>
              <Badge variant="light" color={team.visibility === 'private' ? 'grape' : 'teal'}>
                {team.visibility === 'private' ? 'Private' : 'Public'}
              </Badge>
            </Group>
          </Stack>
          <TeamMenu team={team} onAction={onAction} />
        </Group>
        <Stack gap="sm">
          <Title order={3} fz="md">
            People
          </Title>
          <TeamMembers orgId={orgId} team={team} mayGrantUserAdmin={myRole === 'admin' || myRole === 'operator'} />
          {team.can.addPeople ? (
            <AddTeamMember orgId={orgId} teamId={team.id} teamName={team.name} myRole={myRole} mayManage={team.can.manage} />
          ) : null}
        </Stack>
        <Divider />
        <Stack gap="sm">
          <Title order={3} fz="md">
            Trainings
          </Title>
          <TeamTrainings orgId={orgId} team={team} />
        </Stack>
      </Stack>
    </Paper>
  );
}

/** Only what Roster would allow on this team (its `can`); no menu at all when that is nothing. */
function TeamMenu({ team, onAction }: { team: Team; onAction: (action: TeamAction) => void }) {
  const { can } = team;
  if (!(can.createInside || can.rename || can.move || can.changeVisibility || can.delete)) return null;
  return (
    <Menu position="bottom-end" shadow="md" width={240}>
      <Menu.Target>
        <ActionIcon variant="default" size="lg" aria-label={`Actions for team ${team.name}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {can.createInside ? (
          <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => onAction('create-inside')}>
            New team inside {team.name}…
          </Menu.Item>
        ) : null}
        {can.rename ? (
          <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onAction('rename')}>
            Rename…
          </Menu.Item>
        ) : null}
        {can.move ? (
          <Menu.Item leftSection={<IconArrowMoveRight size={16} />} onClick={() => onAction('move')}>
            Move to…
          </Menu.Item>
        ) : null}
        {can.changeVisibility ? (
          <Menu.Item leftSection={<IconEye size={16} />} onClick={() => onAction('visibility')}>
            Change visibility…
          </Menu.Item>
        ) : null}
        {can.delete ? (
          <>
            <Menu.Divider />
            <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => onAction('delete')}>
              Delete…
            </Menu.Item>
          </>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}
