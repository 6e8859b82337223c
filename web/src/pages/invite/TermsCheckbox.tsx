import { Anchor, Checkbox, type CheckboxProps } from '@mantine/core';
import type { ReactNode } from 'react';

interface TermsProps {
  readonly version: string;
  readonly termsUrl?: string | null;
  readonly privacyUrl?: string | null;
}

const linkTo = (url: string | null | undefined, text: string): ReactNode =>
  url ? (
    <Anchor href={url} target="_blank" rel="noreferrer">
      {text}
    </Anchor>
  ) : (
    text
  );

/** Accepting the terms of use and privacy notice in force is required to join. */
export function TermsCheckbox({ version, termsUrl, privacyUrl, ...props }: CheckboxProps & TermsProps) {
  return (
    <Checkbox
      required
      label={
        <>
          I accept the {linkTo(termsUrl, 'terms of use')} and the {linkTo(privacyUrl, 'privacy notice')} (version {version}).
        </>
      }
      description="Your organization can see your name, email address and your activity in its trainings."
      {...props}
    />
  );
}

export const termsRule = (value: boolean): string | null => (value ? null : 'Accept the terms of use and privacy notice to continue.');
