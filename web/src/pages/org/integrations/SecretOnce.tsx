import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';

/** A secret shown the one time Roster has it: copy it now, it cannot be shown again. */
export function SecretOnce({ label, secret, onDone }: { readonly label: string; readonly secret: string; readonly onDone: () => void }) {
  return (
    <Alert color="teal" variant="light" title={label} role="status">
      <Stack gap="xs">
        <Text fz="sm">Copy it now: Roster keeps only a fingerprint of it and cannot show it again.</Text>
        <Code block data-testid="secret">
          {secret}
        </Code>
        <Group>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="subtle" onClick={onDone}>
            I have stored it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
