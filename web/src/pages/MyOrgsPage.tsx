import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBuilding } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSession } from '../app/session';
import { AppLayout } from '../app/shell/AppLayout';
import { NavItem } from '../app/shell/NavItem';
import { Notice } from '../components/Notice';
import { fullName } from '../lib/format';
import { can, ROLE_LABELS } from '../lib/roles';
import { usePageTitle } from '../lib/use-page-title';

/** /orgs: where a signed-in person lands: their organizations and their role in each. */
export function MyOrgsPage() {
  usePageTitle('My organizations');
  const session = useSession();
  const account = session.data?.account;
  const memberships = session.data?.memberships ?? [];

  return (
    <AppLayout nav={<NavItem to="/orgs" label="My organizations" icon={<IconBuilding size={18} />} end />}>
      <Stack gap="lg" maw={960}>
        <Notice />
        <Stack gap={4}>
          <Title order={1} fz={26}>
            My organizations
          </Title>
          <Text c="dimmed" fz="sm">
            Signed in as {account ? fullName(account.firstName, account.lastName) : ''} ({account?.email ?? account?.username})
          </Text>
        </Stack>
        {memberships.length === 0 ? (
          <Card withBorder radius="lg" p="xl">
            <Text fw={600}>You are not a member of any organization yet.</Text>
            <Text fz="sm" c="dimmed" mt={4}>
              When an organization invites you, open the link in the invitation email to join it.
            </Text>
          </Card>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            {memberships.map((membership) => (
              <Card key={membership.orgId} withBorder radius="lg" padding="lg">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Group gap="sm" wrap="nowrap">
                    <ThemeIcon size={40} radius="md" variant="light">
                      <IconBuilding size={22} />
                    </ThemeIcon>
                    <Stack gap={2}>
                      <Text fw={600} className="text-break">
                        {membership.orgName}
                      </Text>
                      <Text fz="xs" c="dimmed">
                        {membership.orgSlug}
                      </Text>
                    </Stack>
                  </Group>
                  <Badge variant="light">{ROLE_LABELS[membership.role]}</Badge>
                </Group>
                {can.managePeople(membership.role) ? (
                  <Button component={Link} to={`/orgs/${membership.orgId}/members`} variant="light" mt="md" fullWidth>
                    Manage members
                  </Button>
                ) : (
                  <Text fz="sm" c="dimmed" mt="md">
                    You are a learner here: your trainings are assigned through your teams.
                  </Text>
                )}
              </Card>
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </AppLayout>
  );
}
