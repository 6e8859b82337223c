import { Alert, Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconUserCheck } from '@tabler/icons-react';
import type { InvitationPeek } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyFieldErrors } from '../../lib/form-errors';
import { SignInForm } from '../auth/SignInForm';
import { TermsCheckbox, termsRule } from './TermsCheckbox';
import type { AcceptMutation } from './use-accept';

interface Props {
  readonly invitation: InvitationPeek;
  readonly accept: AcceptMutation;
  readonly onSignedIn: () => void;
}

/** The invited address already has an account: sign in as it, then join. */
export function ExistingAccountJoin({ invitation, accept, onSignedIn }: Props) {
  if (!invitation.signedInMatches) {
    return (
      <Stack gap="md">
        <Alert variant="light" color="blue" icon={<IconUserCheck size={20} />}>
          <strong>{invitation.email}</strong> already has a Roster account. Sign in with it to join {invitation.orgName}; your history is
          kept.
        </Alert>
        <SignInForm defaultLogin={invitation.email} submitLabel="Sign in to continue" onSignedIn={onSignedIn} />
      </Stack>
    );
  }
  return <JoinAsSignedIn invitation={invitation} accept={accept} />;
}

function JoinAsSignedIn({ invitation, accept }: { invitation: InvitationPeek; accept: AcceptMutation }) {
  const form = useForm({ initialValues: { acceptTerms: false }, validate: { acceptTerms: termsRule } });
  return (
    <form
      onSubmit={form.onSubmit(() => accept.mutate({ acceptTerms: true }, { onError: (error) => applyFieldErrors(form, error) }))}
      noValidate
    >
      <Stack gap="md">
        <Text fz="sm">
          You are signed in as <strong>{invitation.signedInAs}</strong>.
        </Text>
        <TermsCheckbox
          version={invitation.termsVersion}
          termsUrl={invitation.termsUrl}
          privacyUrl={invitation.privacyUrl}
          {...form.getInputProps('acceptTerms', { type: 'checkbox' })}
        />
        <ErrorAlert error={accept.error} title="Could not join" shownFields={['acceptTerms']} />
        <Button type="submit" size="md" loading={accept.isPending} fullWidth>
          Join {invitation.orgName}
        </Button>
      </Stack>
    </form>
  );
}
