import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { ApiError, errorMessage, fieldName, fieldSentence } from '../api/problem';

interface ErrorAlertProps {
  readonly error: unknown;
  readonly title?: string;
  /** Fields shown next to their input: their messages are not repeated here. */
  readonly shownFields?: readonly string[];
  readonly onRetry?: () => void;
}

/** Roster's own sentence for a refusal, with the field messages that have no input of their own. */
export function ErrorAlert({ error, title, shownFields = [], onRetry }: ErrorAlertProps) {
  if (!error) return null;
  const others = error instanceof ApiError ? error.fieldErrors.filter((item) => !shownFields.includes(fieldName(item.field))) : [];
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} title={title ?? defaultTitle(error)} role="alert">
      <Stack gap={6}>
        <Text fz="sm">{errorMessage(error)}</Text>
        {others.length > 0 ? (
          <List fz="sm" spacing={2}>
            {others.map((item) => (
              <List.Item key={`${item.field}:${item.message}`}>{fieldSentence(item)}</List.Item>
            ))}
          </List>
        ) : null}
        {onRetry ? (
          <Button size="xs" variant="white" color="red" w="fit-content" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

function defaultTitle(error: unknown): string {
  if (error instanceof ApiError && error.title) return error.title;
  return 'That did not work';
}
