import { Button, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { InvitationPeek } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { checkPassword, NewPasswordField, usePasswordRules } from '../../components/PasswordField';
import { applyFieldErrors } from '../../lib/form-errors';
import { TermsCheckbox, termsRule } from './TermsCheckbox';
import type { AcceptMutation } from './use-accept';

export function NewAccountForm({ invitation, accept }: { invitation: InvitationPeek; accept: AcceptMutation }) {
  const rules = usePasswordRules();
  const form = useForm({
    // The name the inviter gave (an import's row) is offered; the person may correct it.
    initialValues: { firstName: invitation.firstName ?? '', lastName: invitation.lastName ?? '', password: '', acceptTerms: false },
    validate: {
      firstName: (value) => (value.trim() === '' ? 'Enter your first name.' : null),
      lastName: (value) => (value.trim() === '' ? 'Enter your last name.' : null),
      password: (value) => checkPassword(value, rules.data),
      acceptTerms: termsRule,
    },
  });
  const submit = form.onSubmit((values) =>
    accept.mutate(
      { firstName: values.firstName.trim(), lastName: values.lastName.trim(), password: values.password, acceptTerms: true },
      { onError: (error) => applyFieldErrors(form, error) },
    ),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Email address"
          value={invitation.email}
          readOnly
          autoComplete="username"
          description="The address you were invited at."
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <TextInput label="First name" autoComplete="given-name" required {...form.getInputProps('firstName')} />
          <TextInput label="Last name" autoComplete="family-name" required {...form.getInputProps('lastName')} />
        </SimpleGrid>
        <NewPasswordField {...form.getInputProps('password')} />
        <TermsCheckbox
          version={invitation.termsVersion}
          termsUrl={invitation.termsUrl}
          privacyUrl={invitation.privacyUrl}
          {...form.getInputProps('acceptTerms', { type: 'checkbox' })}
        />
        <ErrorAlert
          error={accept.error}
          title="Could not create your account"
          shownFields={['firstName', 'lastName', 'password', 'acceptTerms']}
        />
        <Button type="submit" size="md" loading={accept.isPending} fullWidth>
          Create my account and join
        </Button>
      </Stack>
    </form>
  );
}
