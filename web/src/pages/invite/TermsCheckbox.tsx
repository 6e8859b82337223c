import { Checkbox, type CheckboxProps } from '@mantine/core';

/** Accepting the terms of use and privacy notice in force is required to join. */
export function TermsCheckbox({ version, ...props }: CheckboxProps & { version: string }) {
  return (
    <Checkbox
      required
      label={`I accept the terms of use and the privacy notice (version ${version}).`}
      description="Your organization can see your name, email address and your activity in its trainings."
      {...props}
    />
  );
}

export const termsRule = (value: boolean): string | null => (value ? null : 'Accept the terms of use and privacy notice to continue.');
