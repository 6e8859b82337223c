import { Card, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Notice } from '../../components/Notice';
import { AppLayout } from './AppLayout';
import { PersonNav } from './PersonNav';

/** The frame of a person's own pages (My learning, My organizations): their navigation, a title, a line under it. */
export function PersonPage({ title, subtitle, children }: { title: string; subtitle: ReactNode; children: ReactNode }) {
  return (
    <AppLayout nav={<PersonNav />}>
      <Stack gap="lg" maw={960}>
        <Notice />
        <Stack gap={4}>
          <Title order={1} fz={26}>
            {title}
          </Title>
          <Text c="dimmed" fz="sm">
            {subtitle}
          </Text>
        </Stack>
        {children}
      </Stack>
    </AppLayout>
  );
}

/** What a person who belongs nowhere yet sees instead of a list. */
export function NoOrganizationsYet() {
  return (
    <Card withBorder radius="lg" p="xl">
      <Text fw={600}>You are not a member of any organization yet.</Text>
      <Text fz="sm" c="dimmed" mt={4}>
        When an organization invites you, open the link in the invitation email to join it.
      </Text>
    </Card>
  );
}
