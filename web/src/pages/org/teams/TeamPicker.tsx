import { MultiSelect } from '@mantine/core';
import type { ReactNode } from 'react';
import type { OrgView } from '../../../api/types';
import type { OrgRole } from '../../../lib/roles';
import { teamOptions, useTeams } from './use-teams';

/** Teams are required when the organization says so, and always for managers and user admins (their scope). */
export const teamsRequired = (org: OrgView, myRole: OrgRole): boolean => org.requireTeam || myRole === 'manager' || myRole === 'user_admin';

interface Props {
  readonly org: OrgView;
  readonly myRole: OrgRole;
  readonly value: string[];
  readonly onChange: (value: string[]) => void;
  readonly error?: ReactNode;
  readonly description?: string;
}

/** Picks teams by their path ("Sales › EMEA › Paris"), in tree order. */
export function TeamPicker({ org, myRole, value, onChange, error, description }: Props) {
  const teams = useTeams(org.id);
  const items = teams.data?.items ?? [];
  // Roster refuses teams outside the caller's scope: only those they manage are offered.
  const mine = items.filter((team) => team.canManage);
  const required = teamsRequired(org, myRole);
  return (
    <MultiSelect
      label="Teams"
      placeholder={value.length === 0 ? (mine.length === 0 ? 'No teams to pick from' : 'Pick teams') : undefined}
      description={
        description ??
        (required
          ? myRole === 'manager' || myRole === 'user_admin'
            ? 'Pick at least one of the teams you manage.'
            : 'This organization requires at least one team.'
          : 'Optional: they are placed in these teams.')
      }
      data={teamOptions(mine)}
      value={value}
      onChange={onChange}
      searchable
      clearable
      required={required}
      error={error ?? (teams.isError ? 'Could not load the teams.' : undefined)}
      nothingFoundMessage="No team matches"
      disabled={teams.isPending}
    />
  );
}
