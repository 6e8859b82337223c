import { IconBook, IconBuilding, IconUserCircle } from '@tabler/icons-react';
import { NavItem } from './NavItem';

/** A signed-in person's own pages, beside any organization they manage. */
export function PersonNav() {
  return (
    <>
      <NavItem to="/my/trainings" label="My learning" icon={<IconBook size={18} />} end />
      <NavItem to="/orgs" label="My organizations" icon={<IconBuilding size={18} />} end />
      <NavItem to="/my/account" label="My account" icon={<IconUserCircle size={18} />} end />
    </>
  );
}
