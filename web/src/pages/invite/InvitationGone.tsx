import { Button, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCircleCheck, IconClockX, IconDoorExit, IconLinkOff, IconMailForward, IconUsersGroup } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PublicLayout } from '../../components/PublicLayout';

interface GoneCopy {
  readonly title: string;
  readonly icon: ReactNode;
  readonly color: string;
  /** Said when Roster's answer carries no sentence of its own. */
  readonly fallback: string;
  readonly signIn?: boolean;
}

const ASK = 'Ask the person who invited you, or an administrator of the organization, to send you a new invitation.';

const COPY: Record<string, GoneCopy> = {
  invitation_accepted: {
    title: 'This invitation has already been used',
    icon: <IconCircleCheck size={28} />,
    color: 'teal',
    fallback: 'If you accepted it, your account is ready: sign in. If it was not you, tell the organization.',
    signIn: true,
  },
  invitation_cancelled: { title: 'This invitation was cancelled', icon: <IconLinkOff size={28} />, color: 'orange', fallback: ASK },
  invitation_superseded: {
    title: 'A newer invitation replaced this one',
    icon: <IconMailForward size={28} />,
    color: 'blue',
    fallback: 'The invitation was sent again, which turns off earlier links. Open the most recent invitation email instead.',
  },
  invitation_expired: { title: 'This invitation has expired', icon: <IconClockX size={28} />, color: 'orange', fallback: ASK },
  way_in_closed: {
    title: 'This way in was closed',
    icon: <IconDoorExit size={28} />,
    color: 'orange',
    fallback: 'The link or join page you used no longer lets people in. Ask an administrator of the organization for a new way in.',
  },
  member_limit: {
    title: 'This organization is full',
    icon: <IconUsersGroup size={28} />,
    color: 'orange',
    fallback: 'The organization cannot take new members at the moment. Ask one of its administrators to make room.',
  },
  not_found: {
    title: 'This invitation link is not valid',
    icon: <IconLinkOff size={28} />,
    color: 'gray',
    fallback: 'Check that the whole link was copied from the email. If it still does not work, ask for a new invitation.',
  },
};

/** The join page of a link or of the organization (`/join/…`) words an unknown address its own way. */
const UNKNOWN_JOIN: GoneCopy = {
  title: 'This join address is not valid',
  icon: <IconLinkOff size={28} />,
  color: 'gray',
  fallback: 'Check that the whole address was copied. If it still does not work, ask the organization for its current link.',
};

/** A used, cancelled, superseded, expired or unknown link, or a closed way in: what happened, and what to do. */
export function InvitationGone({ error, onRetry, join = false }: { error: unknown; onRetry: () => void; join?: boolean }) {
  const code = error instanceof ApiError ? error.code : '';
  const copy = join && code === 'not_found' ? UNKNOWN_JOIN : COPY[code];
  if (!copy) {
    return (
      <PublicLayout title={join ? 'We could not open this page' : 'We could not open this invitation'}>
        <ErrorAlert error={error} onRetry={onRetry} />
      </PublicLayout>
    );
  }
  // Roster's own sentence names the organization and what to do; an unknown link names nothing.
  const detail = error instanceof ApiError && code !== 'not_found' && error.detail ? error.detail : copy.fallback;
  return (
    <PublicLayout>
      <Stack gap="md" align="center" ta="center" py="sm" data-testid={`invitation-${code}`}>
        <ThemeIcon size={56} radius="xl" variant="light" color={copy.color}>
          {copy.icon}
        </ThemeIcon>
        <Text component="h1" fz={22} fw={650} lh={1.3} m={0}>
          {copy.title}
        </Text>
        <Text fz="sm" c="dimmed" maw={380}>
          {detail}
        </Text>
        {copy.signIn ? (
          <Button component={Link} to="/login" variant="light">
            Sign in
          </Button>
        ) : null}
      </Stack>
    </PublicLayout>
  );
}
