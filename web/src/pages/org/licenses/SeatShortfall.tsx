import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatNumber } from '../../../lib/format';
import { type SeatOutlook, seatShortfall, seatsShort } from '../../../lib/seats';
import { useSeatRequest } from './use-seats';

interface Props {
  readonly orgId: string;
  /** The invitations about to be sent. */
  readonly count: number;
  readonly outlook: (SeatOutlook & { readonly can: { readonly requestSeats: boolean } }) | undefined;
  /** Told to the operator with the request: where the shortfall was met. */
  readonly context: string;
  readonly title?: string;
}

/**
 * Said before anything is sent (the invite dialog, an import's preview): the invitations against
 * the free seats, and, to whom the server would take it from, the offer to ask the platform
 * operator for the seats missing, in one click.
 */
export function SeatShortfall({ orgId, count, outlook, context, title }: Props) {
  const ask = useSeatRequest(orgId);
  const sentence = outlook ? seatShortfall(count, outlook) : null;
  if (!outlook || !sentence) return null;
  const missing = seatsShort(count, outlook);
  const more = `${formatNumber(missing)} more ${missing === 1 ? 'seat' : 'seats'}`;
  return (
    <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />} title={title} data-testid="seat-shortfall">
      <Stack gap="xs">
        <Text fz="sm" data-testid="seat-shortfall-sentence">
          {sentence}
        </Text>
        {outlook.can.requestSeats && missing > 0 ? (
          ask.isSuccess ? (
            <Text fz="sm" fw={600} role="status">
              {ask.data.emailed
                ? `Asked the platform operator for ${formatNumber(ask.data.seats)} more seats. You can send now; people get in as seats are added.`
                : `Your request for ${formatNumber(ask.data.seats)} more seats is in the audit log (no operator address is set up to email it).`}
            </Text>
          ) : (
            <Group gap="sm">
              <Button
                size="xs"
                variant="light"
                color="yellow"
                loading={ask.isPending}
                onClick={() => ask.mutate({ seats: missing, message: `${context}: ${sentence}` })}
              >
                Ask for {more}
              </Button>
              <Text fz="xs" c="dimmed">
                The platform operator adds seats to the plan.
              </Text>
            </Group>
          )
        ) : null}
        <ErrorAlert error={ask.error} title="The request was not sent" />
      </Stack>
    </Alert>
  );
}
