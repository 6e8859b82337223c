import { Alert } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useLocation } from 'react-router';

/** A one-time message handed over by the previous page ("Welcome to …"). */
export function Notice() {
  const location = useLocation();
  const notice: unknown = location.state?.notice;
  if (typeof notice !== 'string') return null;
  return (
    <Alert color="teal" variant="light" icon={<IconCircleCheck size={20} />} role="status" data-testid="notice">
      {notice}
    </Alert>
  );
}
