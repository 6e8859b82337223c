import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconArmchair2Off } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { personApi, unwrap } from '../../api/client';
import type { InvitationPeek } from '../../api/types';
import { PageLoader } from '../../components/PageLoader';
import { PublicLayout } from '../../components/PublicLayout';
import { formatDate } from '../../lib/format';
import { roleLabel } from '../../lib/roles';
import { usePageTitle } from '../../lib/use-page-title';
import { ExistingAccountJoin } from './ExistingAccountJoin';
import { InvitationGone } from './InvitationGone';
import { NewAccountForm } from './NewAccountForm';
import { invitationKey, useAccept } from './use-accept';
import { WrongAccount } from './WrongAccount';

/** /invite/{token}: the page an invitation email links to. */
export function InvitePage() {
  usePageTitle('Your invitation');
  const { token = '' } = useParams();
  const accept = useAccept(token);
  const invitation = useQuery({
    queryKey: invitationKey(token),
    queryFn: () => unwrap(personApi.GET('/api/v1/invitations/{token}', { params: { path: { token } } })),
    refetchOnWindowFocus: false,
  });
  const reload = () => void invitation.refetch();

  if (invitation.isPending) {
    return (
      <PublicLayout>
        <PageLoader label="Opening your invitation…" />
      </PublicLayout>
    );
  }
  if (invitation.isError) return <InvitationGone error={invitation.error} onRetry={reload} />;

  const peek = invitation.data;
  return (
    <PublicLayout title={`Join ${peek.orgName}`} subtitle={<Invitation peek={peek} />}>
      {!peek.seatAvailable ? (
        <NoSeatYet peek={peek} onRetry={reload} />
      ) : peek.signedInAs && !peek.signedInMatches ? (
        <WrongAccount invitation={peek} onSwitched={reload} />
      ) : peek.accountExists ? (
        <ExistingAccountJoin invitation={peek} accept={accept} onSignedIn={reload} />
      ) : (
        <NewAccountForm invitation={peek} accept={accept} />
      )}
    </PublicLayout>
  );
}

function Invitation({ peek }: { peek: InvitationPeek }) {
  return (
    <Stack gap={6} component="span">
      {peek.via ? (
        <Text component="span" fz="sm" c="dimmed">
          Your address <strong className="text-break">{peek.email}</strong> is confirmed. Finish joining <strong>{peek.orgName}</strong> on
          Roster.
        </Text>
      ) : (
        <Text component="span" fz="sm" c="dimmed">
          <strong>{peek.inviterName}</strong> invited <strong className="text-break">{peek.email}</strong> to join{' '}
          <strong>{peek.orgName}</strong> on Roster.
        </Text>
      )}
      <Group gap="xs" component="span">
        <Badge variant="light" color="indigo" component="span">
          {roleLabel(peek.role)}
        </Badge>
        <Text component="span" fz="xs" c="dimmed">
          {peek.expiresAt ? `The invitation expires on ${formatDate(peek.expiresAt)}.` : 'The invitation does not expire.'}
        </Text>
      </Group>
    </Stack>
  );
}

/** Told before the form, not after it: every seat is taken, and the link keeps working. */
function NoSeatYet({ peek, onRetry }: { peek: InvitationPeek; onRetry: () => void }) {
  return (
    <Alert color="yellow" variant="light" icon={<IconArmchair2Off size={20} />} title="No seat is free right now" data-testid="no-seat">
      <Stack gap="sm">
        <Text fz="sm">
          Every seat of {peek.orgName} is taken, so you cannot join yet. Ask {peek.inviterName} or an administrator of {peek.orgName}
          to add seats: your link keeps working until it expires, so come back here once they have.
        </Text>
        <Group>
          <Button variant="default" size="xs" onClick={onRetry}>
            Try again
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
