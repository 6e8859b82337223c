import { ActionIcon, Badge, Box, Group, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconLock, IconUsers, IconWorld } from '@tabler/icons-react';
import { useState } from 'react';
import type { Team } from '../../../api/types';

interface Props {
  readonly teams: readonly Team[];
  readonly selectedId: string | null;
  readonly onSelect: (teamId: string) => void;
}

/** The tree, indented by depth; a collapsed team hides everything below it. */
export function TeamTree({ teams, selectedId, onSelect }: Props) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const hasChildren = new Set(teams.flatMap((team) => (team.parentId ? [team.parentId] : [])));
  // A manager's list starts at their own teams: indent from there, not from the top of the tree.
  const level = new Map<string, number>();
  for (const team of teams) level.set(team.id, team.parentId && level.has(team.parentId) ? (level.get(team.parentId) ?? 0) + 1 : 0);
  const hidden = new Set<string>();
  for (const team of teams) if (team.parentId && (collapsed.has(team.parentId) || hidden.has(team.parentId))) hidden.add(team.id);
  const toggle = (teamId: string) =>
    setCollapsed((now) => {
      const next = new Set(now);
      if (!next.delete(teamId)) next.add(teamId);
      return next;
    });

  return (
    <Box component="ul" aria-label="Teams" p={0} m={0} style={{ listStyle: 'none' }} data-testid="team-tree">
      {teams
        .filter((team) => !hidden.has(team.id))
        .map((team) => (
          <TeamRow
            key={team.id}
            team={team}
            level={level.get(team.id) ?? 0}
            selected={team.id === selectedId}
            expandable={hasChildren.has(team.id)}
            expanded={!collapsed.has(team.id)}
            onToggle={() => toggle(team.id)}
            onSelect={() => onSelect(team.id)}
          />
        ))}
    </Box>
  );
}

interface RowProps {
  readonly team: Team;
  readonly level: number;
  readonly selected: boolean;
  readonly expandable: boolean;
  readonly expanded: boolean;
  readonly onToggle: () => void;
  readonly onSelect: () => void;
}

function TeamRow({ team, level, selected, expandable, expanded, onToggle, onSelect }: RowProps) {
  const managers = team.managers.map((manager) => manager.email ?? 'a member without an address');
  return (
    <Box
      component="li"
      data-team={team.name}
      data-testid="team-row"
      pl={level * 22}
      py={2}
      style={{
        borderRadius: 'var(--mantine-radius-md)',
        background: selected ? 'var(--mantine-color-indigo-light)' : undefined,
      }}
    >
      <Group gap={4} wrap="nowrap" px={4}>
        {expandable ? (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            onClick={onToggle}
            aria-expanded={expanded}
            aria-label={`${expanded ? 'Collapse' : 'Expand'} ${team.name}`}
          >
            {expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
          </ActionIcon>
        ) : (
          <Box w={22} />
        )}
        <UnstyledButton onClick={onSelect} aria-current={selected ? 'true' : undefined} py={6} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={8} wrap="nowrap" justify="space-between">
            <Text fz="sm" fw={selected ? 700 : 500} truncate>
              {team.name}
            </Text>
            <Group gap={6} wrap="nowrap">
              <Badge
                size="sm"
                variant="light"
                color={team.visibility === 'private' ? 'grape' : 'teal'}
                leftSection={team.visibility === 'private' ? <IconLock size={11} /> : <IconWorld size={11} />}
              >
                {team.visibility === 'private' ? 'Private' : 'Public'}
              </Badge>
              <Tooltip label={`${team.memberCount} ${team.memberCount === 1 ? 'person' : 'people'}`}>
                <Badge size="sm" variant="outline" color="gray" leftSection={<IconUsers size={11} />}>
                  {team.memberCount}
                </Badge>
              </Tooltip>
            </Group>
          </Group>
          {managers.length > 0 ? (
            <Text fz="xs" c="dimmed" truncate>
              Managed by {managers.join(', ')}
            </Text>
          ) : null}
        </UnstyledButton>
      </Group>
    </Box>
  );
}
