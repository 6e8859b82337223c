import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { personApi, unwrap } from '../api/client';
import type { PasswordRules } from '../api/types';

export function usePasswordRules() {
  return useQuery({
    queryKey: ['password-rules'],
    queryFn: () => unwrap(personApi.GET('/api/v1/auth/password-rules')),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Client-side check of the length rules, so the person hears about them before submitting. */
export function checkPassword(value: string, rules: PasswordRules | undefined): string | null {
  if (value === '') return 'Choose a password.';
  if (rules && value.length < rules.minLength) return `Use at least ${rules.minLength} characters.`;
  if (rules && value.length > rules.maxLength) return `Use at most ${rules.maxLength} characters.`;
  return null;
}

/** A new-password input that states Roster's password rules up front. */
export function NewPasswordField(props: PasswordInputProps) {
  const rules = usePasswordRules();
  const description =
    rules.data?.rules ?? (rules.isError ? 'Use a long password that you do not use anywhere else.' : 'Loading the password rules…');
  return <PasswordInput label="Password" autoComplete="new-password" required description={description} {...props} />;
}
