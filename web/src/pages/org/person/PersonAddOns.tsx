import { ActionIcon, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { currentApi, unwrap } from '../../../api/client';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageLoader } from '../../../components/PageLoader';
import { formatDate } from '../../../lib/format';
import { licensesKey, useLicenses } from '../licenses/use-licenses';

/** the add-on licenses a person holds; assigning takes one from the pool. */
export function PersonAddOns({ orgId, memberId, who }: { orgId: string; memberId: string; who: string }) {
  const queryClient = useQueryClient();
  const key = ['member-add-ons', orgId, memberId];
  const path = { orgId, memberId };
  const held = useQuery({
    queryKey: key,
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/members/{memberId}/add-ons', { params: { path } })),
  });
  const licenses = useLicenses(orgId);
  const [addOnId, setAddOnId] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: key }), queryClient.invalidateQueries({ queryKey: licensesKey(orgId) })]);
  const assign = useMutation({
    mutationFn: (id: string) =>
      unwrap(currentApi().POST('/api/v1/orgs/{orgId}/members/{memberId}/add-ons', { params: { path }, body: { addOnId: id } })),
    onSuccess: async () => {
      setAddOnId(null);
      await refresh();
    },
  });
  const unassign = useMutation({
    mutationFn: (id: string) =>
      unwrap(
        currentApi().DELETE('/api/v1/orgs/{orgId}/members/{memberId}/add-ons/{addOnId}', { params: { path: { ...path, addOnId: id } } }),
      ),
    onSuccess: refresh,
  });

  if (held.isPending) return <PageLoader />;
  if (held.isError) return <ErrorAlert error={held.error} title="Could not load the add-ons" onRetry={() => void held.refetch()} />;
  const heldIds = new Set(held.data.items.map((item) => item.addOnId));
  const options = (licenses.data?.addOns ?? [])
    .filter((addOn) => !heldIds.has(addOn.id))
    .map((addOn) => ({ value: addOn.id, label: `${addOn.name} (${addOn.free} free)`, disabled: addOn.free === 0 }));

  return (
    <Stack gap="sm">
      {held.data.items.length === 0 ? (
        <Text c="dimmed">No add-on license.</Text>
      ) : (
        <Table aria-label={`Add-ons of ${who}`}>
          <Table.Tbody>
            {held.data.items.map((item) => (
              <Table.Tr key={item.addOnId}>
                <Table.Td fz="sm" fw={500}>
                  {item.name}
                </Table.Td>
                <Table.Td fz="sm" c="dimmed">
                  Since {formatDate(item.assignedAt)}
                  {item.transferable ? '' : ' · used up when assigned'}
                </Table.Td>
                <Table.Td w={48}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Unassign ${item.name}`}
                    loading={unassign.isPending && unassign.variables === item.addOnId}
                    onClick={() => unassign.mutate(item.addOnId)}
                  >
                    <IconX size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ErrorAlert error={unassign.error} title="The add-on was not unassigned" />
      {options.length > 0 ? (
        <Group gap="sm" align="flex-end">
          <Select label="Assign an add-on" placeholder="Pick an add-on" data={options} value={addOnId} onChange={setAddOnId} w={280} />
          <Button variant="light" disabled={!addOnId} loading={assign.isPending} onClick={() => addOnId && assign.mutate(addOnId)}>
            Assign
          </Button>
        </Group>
      ) : null}
      <ErrorAlert error={assign.error} title="The add-on was not assigned" />
    </Stack>
  );
}
