import { Alert, Badge, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { AddOn } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageLoader } from '../../../components/PageLoader';
import { formatNumber } from '../../../lib/format';
import { usePageTitle } from '../../../lib/use-page-title';
import { useOrg } from '../org-context';
import { AddOnTotal, NewAddOn } from './AddOnForms';
import { SeatRequest } from './SeatRequest';
import { useLicenses } from './use-licenses';

function Figure({ label, value, hint }: { label: string; value: number; hint?: string }) {
  return (
    <Paper withBorder radius="lg" p="md">
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2}>
        {formatNumber(value)}
      </Text>
      {hint ? (
        <Text fz="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}

/** the plan's seats and the add-on licenses, for admins and user admins. */
export function LicensesPage() {
  const { org, role } = useOrg();
  usePageTitle(`Licenses · ${org.name}`);
  const licenses = useLicenses(org.id);
  const operator = role === 'operator';

  if (licenses.isPending) return <PageLoader />;
  if (licenses.isError)
    return <ErrorAlert error={licenses.error} title="Could not load the licenses" onRetry={() => void licenses.refetch()} />;
  const data = licenses.data;
  return (
    <Stack gap="lg" maw={960}>
      <Title order={1} fz={26}>
        Licenses
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Figure label="Seats" value={data.seats} />
        <Figure label="Used" value={data.seatsUsed} />
        <Figure label="Free" value={data.seatsFree} />
        <Figure label="Waiting for a seat" value={data.waitingForSeats} hint="Pending invitations that take a seat when accepted." />
        <Figure
          label="Held by invitations"
          value={data.reservedByInvitations}
          hint={data.reserveSeatAtInvite ? 'Pending invitations hold a seat.' : 'Seats are taken when people accept.'}
        />
      </SimpleGrid>
      {data.waitingForSeats > data.seatsFree ? (
        <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />} data-testid="seats-short">
          {formatNumber(data.waitingForSeats)} pending {data.waitingForSeats === 1 ? 'invitation' : 'invitations'},{' '}
          {formatNumber(data.seatsFree)} free {data.seatsFree === 1 ? 'seat' : 'seats'}: the first {formatNumber(data.seatsFree)} to accept
          get in; the others are told there is no seat for them.
        </Alert>
      ) : null}
      {operator ? null : <SeatRequest orgId={org.id} suggested={data.waitingForSeats - data.seatsFree} />}
      <Paper withBorder radius="lg" p="lg">
        <Stack gap="md">
          <Title order={2} fz="lg">
            Add-on licenses
          </Title>
          {data.addOns.length === 0 ? (
            <Text c="dimmed">This organization has no add-on licenses.</Text>
          ) : (
            <AddOnTable addOns={data.addOns} orgId={org.id} operator={operator} />
          )}
          {operator ? <NewAddOn orgId={org.id} /> : null}
        </Stack>
      </Paper>
    </Stack>
  );
}

function AddOnTable({ addOns, orgId, operator }: { addOns: readonly AddOn[]; orgId: string; operator: boolean }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table aria-label="Add-on licenses" data-testid="add-ons">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Add-on</Table.Th>
            <Table.Th>Total</Table.Th>
            <Table.Th title="Held by people now">Used</Table.Th>
            <Table.Th title="Spent for good: not transferable once used">Consumed</Table.Th>
            <Table.Th>Free</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {addOns.map((addOn) => (
            <Table.Tr key={addOn.id} data-add-on={addOn.name}>
              <Table.Td>
                <Text fz="sm" fw={500}>
                  {addOn.name}
                </Text>
                <Badge size="sm" variant="light" color={addOn.transferable ? 'teal' : 'gray'}>
                  {addOn.transferable ? 'Transferable' : 'Used up when assigned'}
                </Badge>
              </Table.Td>
              <Table.Td>{operator ? <AddOnTotal orgId={orgId} addOn={addOn} /> : formatNumber(addOn.total)}</Table.Td>
              <Table.Td>{formatNumber(addOn.used)}</Table.Td>
              <Table.Td>{formatNumber(addOn.consumed)}</Table.Td>
              <Table.Td>
                <Text fz="sm" fw={600} c={addOn.free === 0 ? 'red.8' : undefined}>
                  {formatNumber(addOn.free)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
