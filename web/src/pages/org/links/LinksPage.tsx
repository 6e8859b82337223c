import { ActionIcon, Badge, Button, Group, Menu, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconDots, IconLinkPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../api/problem';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageLoader } from '../../../components/PageLoader';
import { formatDate } from '../../../lib/format';
import { usePageTitle } from '../../../lib/use-page-title';
import { useOrg } from '../org-context';
import { CreateLinkDialog } from './CreateLinkDialog';
import { type InviteLink, useLinkActions, useLinks } from './use-links';

const STATE: Record<InviteLink['state'], { label: string; color: string }> = {
  open: { label: 'Open', color: 'teal' },
  disabled: { label: 'Turned off', color: 'gray' },
  expired: { label: 'Expired', color: 'orange' },
  exhausted: { label: 'Used up', color: 'orange' },
};

async function copy(link: InviteLink) {
  try {
    await navigator.clipboard.writeText(link.url);
    notifications.show({ color: 'teal', title: 'Link copied', message: link.url });
  } catch {
    // Without clipboard access (an insecure origin), the address is shown to copy by hand.
    notifications.show({ color: 'blue', title: 'Copy this link', message: link.url, autoClose: false });
  }
}

/** the organization's shareable links, their figures, and what can be done with each. */
export function LinksPage() {
  const { org, role } = useOrg();
  usePageTitle(`Sign-up links · ${org.name}`);
  const links = useLinks(org.id);
  const { create, change, rotate } = useLinkActions(org.id);
  const [creating, setCreating] = useState(false);
  const [rotating, setRotating] = useState<InviteLink | null>(null);

  const toggle = (link: InviteLink) =>
    change.mutate(
      { linkId: link.id, body: { enabled: !link.enabled } },
      {
        onSuccess: (saved) =>
          notifications.show({ color: 'teal', message: saved.enabled ? 'The link lets people in again.' : 'The link is turned off.' }),
        onError: (error) => notifications.show({ color: 'red', title: 'The link was not changed', message: errorMessage(error) }),
      },
    );

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1} fz={26}>
            Sign-up links
          </Title>
          <Text c="dimmed" fz="sm" maw={640}>
            Share a link instead of sending invitations: anyone who confirms an address at one of its domains joins {org.name} as a learner.
          </Text>
        </Stack>
        <Button leftSection={<IconLinkPlus size={18} />} onClick={() => setCreating(true)}>
          Create a link
        </Button>
      </Group>
      {links.isPending ? (
        <PageLoader />
      ) : links.isError ? (
        <ErrorAlert error={links.error} onRetry={() => void links.refetch()} />
      ) : links.data.items.length === 0 ? (
        <Paper withBorder radius="lg" p="xl" ta="center">
          <Text c="dimmed">No links yet. Create one to let people from your company join by themselves.</Text>
        </Paper>
      ) : (
        <Paper withBorder radius="lg" style={{ overflowX: 'auto' }}>
          <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="links-table" miw={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Link</Table.Th>
                <Table.Th>Domains</Table.Th>
                <Table.Th>Team</Table.Th>
                <Table.Th>Joined</Table.Th>
                <Table.Th>Last use</Table.Th>
                <Table.Th>Created by</Table.Th>
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {links.data.items.map((link) => (
                <Table.Tr key={link.id} data-label={link.label}>
                  <Table.Td>
                    <Stack gap={2}>
                      <Group gap="xs" wrap="nowrap">
                        <Text fw={600} fz="sm">
                          {link.label || 'Untitled link'}
                        </Text>
                        <Badge variant="light" color={STATE[link.state].color} data-testid="link-state">
                          {STATE[link.state].label}
                        </Badge>
                      </Group>
                      <Text fz="xs" c="dimmed">
                        {link.expiresAt ? `Until ${formatDate(link.expiresAt)}` : 'No expiry'}
                        {link.mode === 'request' ? ' · Asks for approval' : ''}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm">{link.domains.join(', ')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm">{link.team?.name ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td data-testid="link-uses">
                    <Text fz="sm">{link.maxUses ? `${link.uses} of ${link.maxUses}` : link.uses}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm">{link.lastUsedAt ? formatDate(link.lastUsedAt) : 'Never'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm" className="text-break">
                      {link.createdBy}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Tooltip label="Copy the link">
                        <ActionIcon variant="subtle" aria-label={`Copy ${link.label || 'link'}`} onClick={() => void copy(link)}>
                          <IconCopy size={18} />
                        </ActionIcon>
                      </Tooltip>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" aria-label={`Actions for ${link.label || 'link'}`}>
                            <IconDots size={18} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => toggle(link)}>{link.enabled ? 'Turn off' : 'Turn on again'}</Menu.Item>
                          <Menu.Item onClick={() => setRotating(link)}>Replace with a new address…</Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <CreateLinkDialog org={org} role={role} opened={creating} mutation={create} onClose={() => setCreating(false)} onCreated={copy} />
      <ConfirmDialog
        opened={rotating !== null}
        title="Replace the link's address"
        confirmLabel="Replace the address"
        danger
        pending={rotate.isPending}
        error={rotate.error}
        onClose={() => setRotating(null)}
        onConfirm={() =>
          rotating &&
          rotate.mutate(rotating.id, {
            onSuccess: (saved) => {
              setRotating(null);
              void copy(saved);
            },
          })
        }
      >
        The current address stops working at once, and so do the emails already sent from it. People who have not finished joining must ask
        again from the new address.
      </ConfirmDialog>
    </Stack>
  );
}
