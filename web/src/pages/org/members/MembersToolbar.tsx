import { Group, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { isRole, ROLE_LABELS, ROLES } from '../../../lib/roles';
import { teamOptions, useTeams } from '../teams/use-teams';
import { StatusGlossary } from './StatusGlossary';
import { type MembersView, SOURCE_LABELS, SOURCES, type Sort, type Source } from './use-members';

const SORT_LABELS: Record<Sort, string> = {
  '-created': 'Newest first',
  created: 'Oldest first',
  email: 'Email A → Z',
  '-email': 'Email Z → A',
};

interface Props {
  readonly orgId: string;
  readonly view: MembersView;
  readonly onChange: (changes: Partial<MembersView>, options?: { replace?: boolean }) => void;
}

export function MembersToolbar({ orgId, view, onChange }: Props) {
  const teams = useTeams(orgId);
  const [text, setText] = useState(view.q);
  useEffect(() => setText(view.q), [view.q]);
  // Typing replaces the history entry: the back button goes to the previous view, not the previous keystroke.
  const search = useDebouncedCallback((q: string) => onChange({ q }, { replace: true }), 300);

  return (
    <Group gap="sm" wrap="wrap" align="flex-end">
      <TextInput
        label="Search"
        placeholder="Name or email address"
        leftSection={<IconSearch size={16} />}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          search(event.currentTarget.value);
        }}
        type="search"
        style={{ flex: '1 1 260px' }}
      />
      <Select
        label="Role"
        placeholder="All roles"
        clearable
        data={ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }))}
        value={view.role}
        onChange={(value) => onChange({ role: isRole(value ?? undefined) ? (value as MembersView['role']) : null })}
        w={170}
      />
      <Select
        label="Team"
        placeholder="All teams"
        clearable
        searchable
        data={teamOptions(teams.data?.items ?? [])}
        value={view.team}
        onChange={(value) => onChange({ team: value })}
        nothingFoundMessage="No team matches"
        w={240}
      />
      <Select
        label="Way in"
        placeholder="Any way in"
        clearable
        data={SOURCES.map((value) => ({ value, label: SOURCE_LABELS[value] }))}
        value={view.source}
        onChange={(value) => onChange({ source: (value as Source | null) ?? null })}
        w={180}
      />
      <Select
        label="Sort"
        data={(Object.keys(SORT_LABELS) as Sort[]).map((value) => ({ value, label: SORT_LABELS[value] }))}
        value={view.sort}
        onChange={(value) => value && onChange({ sort: value as Sort })}
        allowDeselect={false}
        w={170}
      />
      <StatusGlossary />
    </Group>
  );
}
