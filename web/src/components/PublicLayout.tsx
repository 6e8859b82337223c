import { Anchor, Box, Center, Container, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Brand } from './Brand';

interface PublicLayoutProps {
  readonly title?: ReactNode;
  readonly subtitle?: ReactNode;
  readonly children: ReactNode;
  readonly width?: number;
}

/** The pages a learner reaches from an email: one centered card that fits a phone. */
export function PublicLayout({ title, subtitle, children, width = 460 }: PublicLayoutProps) {
  return (
    <Box mih="100vh" py={{ base: 'md', sm: 48 }} px="sm">
      <Container size={width} p={0}>
        <Center mb="lg">
          <Anchor component={Link} to="/" underline="never" aria-label="Roster home">
            <Brand size={32} />
          </Anchor>
        </Center>
        <Paper component="main" withBorder shadow="sm" radius="lg" p={{ base: 'lg', sm: 32 }}>
          <Stack gap="lg">
            {title || subtitle ? (
              <Stack gap={6}>
                {title ? (
                  <Title order={1} fz={24} lh={1.25}>
                    {title}
                  </Title>
                ) : null}
                {subtitle ? (
                  <Text c="dimmed" fz="sm">
                    {subtitle}
                  </Text>
                ) : null}
              </Stack>
            ) : null}
            {children}
          </Stack>
        </Paper>
      </Container>
    </Box>
  );
}
