import { Button, Divider, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import {
  IconAdjustments,
  IconArrowsExchange,
  IconBuilding,
  IconChartBar,
  IconFileImport,
  IconHierarchy2,
  IconHistory,
  IconLicense,
  IconLink,
  IconUserPlus,
  IconUsers,
  IconWorldWww,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, Navigate, Outlet, useParams } from 'react-router';
import { isOperatorMode } from '../../api/client';
import { ApiError } from '../../api/problem';
import { membershipIn, useSession } from '../../app/session';
import { AppLayout } from '../../app/shell/AppLayout';
import { NavItem } from '../../app/shell/NavItem';
import { OperatorNav } from '../../app/shell/OperatorNav';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { can, type OrgRole, toOrgRole } from '../../lib/roles';
import { type OrgContext, useOrgQuery } from './org-context';

/** /orgs/:orgId/*: the admin app of one organization. */
export function OrgLayout() {
  const { orgId = '' } = useParams();
  const session = useSession();
  const operator = isOperatorMode();
  const learnerHere = !operator && membershipIn(session.data, orgId)?.role === 'learner';
  const org = useOrgQuery(orgId, !learnerHere);
  const role: OrgRole | null = operator ? 'operator' : (toOrgRole(org.data?.myRole) ?? membershipIn(session.data, orgId)?.role ?? null);

  if (learnerHere) {
    const name = membershipIn(session.data, orgId)?.orgName ?? 'this organization';
    return <Navigate to="/orgs" replace state={{ notice: `You are a learner in ${name}: there is nothing to manage there.` }} />;
  }

  let body: ReactNode;
  if (org.isPending) body = <PageLoader />;
  else if (org.isError) {
    if (org.error instanceof ApiError && org.error.status === 401) return <Navigate to={`/login?next=/orgs/${orgId}`} replace />;
    body = <ErrorAlert error={org.error} title="Could not open this organization" onRetry={() => void org.refetch()} />;
  } else if (!role || !can.managePeople(role)) {
    return <Navigate to="/orgs" replace state={{ notice: `You are a learner in ${org.data.name}: there is nothing to manage there.` }} />;
  } else {
    const context: OrgContext = { org: org.data, role };
    body = <Outlet context={context} />;
  }

  return <AppLayout nav={<OrgNav orgId={orgId} name={org.data?.name} role={role} operator={operator} />}>{body}</AppLayout>;
}

function OrgNav({ orgId, name, role, operator }: { orgId: string; name: string | undefined; role: OrgRole | null; operator: boolean }) {
  const base = `/orgs/${orgId}`;
  return (
    <Stack gap={4}>
      <Group gap="sm" px="xs" py={6} wrap="nowrap">
        <ThemeIcon variant="light" size="lg" radius="md">
          <IconBuilding size={18} />
        </ThemeIcon>
        <Text fw={600} fz="sm" lh={1.3} className="text-break">
          {name ?? '…'}
        </Text>
      </Group>
      {role && can.seeDashboard(role) ? <NavItem to={base} end label="Dashboard" icon={<IconChartBar size={18} />} /> : null}
      <NavItem to={`${base}/members`} label="Members" icon={<IconUsers size={18} />} />
      <NavItem to={`${base}/teams`} label="Teams" icon={<IconHierarchy2 size={18} />} />
      {role && can.setUpUsers(role) ? <NavItem to={`${base}/users/new`} label="Set up a user" icon={<IconUserPlus size={18} />} /> : null}
      <NavItem to={`${base}/imports`} label="Import" icon={<IconFileImport size={18} />} />
      <NavItem to={`${base}/links`} label="Sign-up links" icon={<IconLink size={18} />} />
      {role && can.changeSettings(role) ? <NavItem to={`${base}/join-page`} label="Join page" icon={<IconWorldWww size={18} />} /> : null}
      {role && can.seeLicenses(role) ? <NavItem to={`${base}/licenses`} label="Licenses" icon={<IconLicense size={18} />} /> : null}
      {role && can.changeSettings(role) ? <NavItem to={`${base}/settings`} label="Settings" icon={<IconAdjustments size={18} />} /> : null}
      {role && can.readLogs(role) ? <NavItem to={`${base}/logs`} label="Logs" icon={<IconHistory size={18} />} /> : null}
      <Divider my="sm" />
      {operator ? (
        <OperatorNav />
      ) : (
        <Button
          component={Link}
          to="/orgs"
          variant="subtle"
          color="gray"
          size="xs"
          leftSection={<IconArrowsExchange size={14} />}
          justify="flex-start"
        >
          Switch organization
        </Button>
      )}
    </Stack>
  );
}
