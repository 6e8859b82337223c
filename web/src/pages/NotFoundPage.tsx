import { Button, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PublicLayout } from '../components/PublicLayout';
import { usePageTitle } from '../lib/use-page-title';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <PublicLayout title="Page not found">
      <Text fz="sm">There is no page at this address. If you followed a link from an email, check that it was copied whole.</Text>
      <Button component={Link} to="/" variant="light">
        Go to Roster
      </Button>
    </PublicLayout>
  );
}
