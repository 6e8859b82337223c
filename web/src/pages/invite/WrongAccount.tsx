import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconUserExclamation } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { personApi, unwrap } from '../../api/client';
import type { InvitationPeek } from '../../api/types';
import { sessionChanged } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';

/** Signed in as someone else than the invited address: say so, and offer to switch. */
export function WrongAccount({ invitation, onSwitched }: { invitation: InvitationPeek; onSwitched: () => void }) {
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => unwrap(personApi.POST('/api/v1/auth/logout')),
    onSuccess: async () => {
      await sessionChanged(queryClient);
      onSwitched();
    },
  });
  return (
    <Stack gap="md">
      <Alert variant="light" color="orange" icon={<IconUserExclamation size={20} />} title="You are signed in with another account">
        You are signed in as <strong>{invitation.signedInAs}</strong>, but this invitation is for <strong>{invitation.email}</strong>.
      </Alert>
      <Text fz="sm">
        To accept it, sign out and continue as {invitation.email}. Nothing changes for {invitation.signedInAs}.
      </Text>
      <ErrorAlert error={signOut.error} title="Could not sign out" />
      <Button onClick={() => signOut.mutate()} loading={signOut.isPending} fullWidth>
        Sign out and continue as {invitation.email}
      </Button>
    </Stack>
  );
}
