import { Select } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Role } from '../api/types';
import { grantableRoles, isRole, type OrgRole, ROLE_HINTS, ROLE_LABELS } from '../lib/roles';

interface RoleSelectProps {
  /** The caller's own role: only roles it may grant are offered. */
  readonly myRole: OrgRole;
  readonly value: Role;
  readonly onChange: (role: Role) => void;
  readonly error?: ReactNode;
}

/** The role a person is brought in with, explained under the field. */
export function RoleSelect({ myRole, value, onChange, error }: RoleSelectProps) {
  return (
    <Select
      label="Role"
      data={grantableRoles(myRole).map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
      allowDeselect={false}
      description={ROLE_HINTS[value]}
      value={value}
      error={error}
      onChange={(next) => {
        if (isRole(next ?? undefined)) onChange(next as Role);
      }}
    />
  );
}
