import { Stack, Text } from '@mantine/core';
import { IconBuildingCommunity, IconMail } from '@tabler/icons-react';
import { NavItem } from './NavItem';

export function OperatorNav() {
  return (
    <Stack gap={4}>
      <Text fz="xs" fw={700} c="dimmed" tt="uppercase" px="xs" py={4}>
        Platform
      </Text>
      <NavItem to="/operator/orgs" label="Organizations" icon={<IconBuildingCommunity size={18} />} />
      <NavItem to="/operator/outbox" label="Outbox" icon={<IconMail size={18} />} />
    </Stack>
  );
}
