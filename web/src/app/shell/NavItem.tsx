import { NavLink } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useMatch, useResolvedPath } from 'react-router';

export function NavItem({ to, label, icon, end = false }: { to: string; label: string; icon: ReactNode; end?: boolean }) {
  const resolved = useResolvedPath(to);
  const active = useMatch({ path: resolved.pathname, end }) !== null;
  return (
    <NavLink
      component={Link}
      to={to}
      label={label}
      leftSection={icon}
      active={active}
      aria-current={active ? 'page' : undefined}
      variant="light"
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
    />
  );
}
