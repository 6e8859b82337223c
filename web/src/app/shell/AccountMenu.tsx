import { Avatar, Badge, Button, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconChevronDown, IconLogout, IconShieldLock, IconUserCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { isOperatorMode, operatorToken, personApi, unwrap } from '../../api/client';
import { errorMessage } from '../../api/problem';
import { fullName } from '../../lib/format';
import { sessionChanged, useSession } from '../session';

/** Who is acting in this tab: the operator (bearer token) or the signed-in person. */
export function AccountMenu() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = useSession();
  const signOut = useMutation({
    mutationFn: () => unwrap(personApi.POST('/api/v1/auth/logout')),
    onSuccess: async () => {
      await sessionChanged(queryClient);
      void navigate('/login', { replace: true });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not sign out', message: errorMessage(error) }),
  });

  if (isOperatorMode()) {
    return (
      <Group gap="xs">
        <Badge color="grape" variant="light" leftSection={<IconShieldLock size={14} />}>
          Operator
        </Badge>
        <Button
          variant="subtle"
          color="gray"
          size="xs"
          onClick={() => {
            operatorToken.clear();
            queryClient.clear();
            void navigate('/operator', { replace: true });
          }}
        >
          Sign out
        </Button>
      </Group>
    );
  }

  const account = session.data?.account;
  if (!account) return null;
  const name = fullName(account.firstName, account.lastName) || account.email || account.username || 'Account';
  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${name}`}>
          <Group gap={8} wrap="nowrap">
            <Avatar size={30} radius="xl" color="indigo" name={name} />
            <Text fz="sm" fw={500} visibleFrom="xs" maw={180} truncate>
              {name}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{account.email ?? account.username}</Menu.Label>
        <Menu.Item component={Link} to="/my/account" leftSection={<IconUserCircle size={16} />}>
          My account
        </Menu.Item>
        <Menu.Item component={Link} to="/orgs" leftSection={<IconBuilding size={16} />}>
          My organizations
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
