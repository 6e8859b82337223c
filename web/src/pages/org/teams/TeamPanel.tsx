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
              {team.canManage ? null : (
                <Badge variant="outline" color="gray" title="Outside the teams you manage: Roster refuses changes here.">
                  Not managed by you
                </Badge>
              )}
            </Group>
          </Stack>
          <Menu position="bottom-end" shadow="md" width={220}>
            <Menu.Target>
              <ActionIcon variant="default" size="lg" aria-label={`Actions for team ${team.name}`}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => onAction('create')}>
                New team inside…
              </Menu.Item>
              <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onAction('rename')}>
                Rename…
              </Menu.Item>
              <Menu.Item leftSection={<IconArrowMoveRight size={16} />} onClick={() => onAction('move')}>
                Move to…
              </Menu.Item>
              <Menu.Item leftSection={<IconEye size={16} />} onClick={() => onAction('visibility')}>
                Change visibility…
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => onAction('delete')}>
                Delete…
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
        <Stack gap="sm">
          <Title order={3} fz="md">
            People
          </Title>
          <TeamMembers orgId={orgId} team={team} />
          <AddTeamMember orgId={orgId} teamId={team.id} teamName={team.name} myRole={myRole} />
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
