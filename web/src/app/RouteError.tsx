import { Button, Code, Stack, Text } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { PublicLayout } from '../components/PublicLayout';

/** A page that crashed: say so plainly instead of a blank screen. */
export function RouteError() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <PublicLayout title="Something went wrong on this page">
      <Stack gap="sm">
        <Text fz="sm">The page stopped working. Reloading usually helps; if it happens again, tell your Roster administrator.</Text>
        <Code block>{detail}</Code>
        <Button onClick={() => window.location.reload()} w="fit-content">
          Reload the page
        </Button>
      </Stack>
    </PublicLayout>
  );
}
