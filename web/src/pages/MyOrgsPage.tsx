import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconBuilding } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSession } from '../app/session';
import { NoOrganizationsYet, PersonPage } from '../app/shell/PersonPage';
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
    <PersonPage
      title="My organizations"
      subtitle={`Signed in as ${account ? fullName(account.firstName, account.lastName) : ''} (${account?.email ?? account?.username})`}
    >
      {memberships.length === 0 ? (
        <NoOrganizationsYet />
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
                <Button component={Link} to="/my/trainings" variant="light" mt="md" fullWidth>
                  My learning
                </Button>
              )}
            </Card>
          ))}
        </SimpleGrid>
      )}
    </PersonPage>
  );
}
