import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '../../../api/problem';
import type { Member } from '../../../api/types';
import { useOrg } from '../org-context';
import { useDecideRequests } from './use-join-requests';

type Result = { decided: string[]; refused: { memberId: string; reason: string }[] };

/** Tells what a decision did, and why any request was refused. */
export function announce(decision: 'approve' | 'decline', result: Result): void {
  const done = result.decided.length;
  const verb = decision === 'approve' ? 'approved' : 'declined';
  if (done > 0)
    notifications.show({ color: 'teal', message: `${done} request${done === 1 ? '' : 's'} ${verb}. Each person was told by email.` });
  for (const refusal of result.refused.slice(0, 3)) {
    notifications.show({ color: 'orange', title: 'A request was not approved', message: refusal.reason });
  }
}

/** One click each: approve or decline the request on this row. */
export function RequestDecision({ member }: { member: Member }) {
  const { org } = useOrg();
  const decide = useDecideRequests(org.id);
  const run = (decision: 'approve' | 'decline') =>
    decide.mutate(
      { decision, target: { memberIds: [member.id] } },
      {
        onSuccess: (result) => announce(decision, result),
        onError: (error) => notifications.show({ color: 'red', title: 'Nothing was decided', message: errorMessage(error) }),
      },
    );
  return (
    <Group gap="xs" wrap="nowrap">
      <Button size="xs" onClick={() => run('approve')} loading={decide.isPending && decide.variables?.decision === 'approve'}>
        Approve
      </Button>
      <Button
        size="xs"
        variant="default"
        onClick={() => run('decline')}
        loading={decide.isPending && decide.variables?.decision === 'decline'}
      >
        Decline
      </Button>
    </Group>
  );
}

/** All at once: every request the caller may decide. */
export function DecideAll() {
  const { org } = useOrg();
  const decide = useDecideRequests(org.id);
  const run = (decision: 'approve' | 'decline') =>
    decide.mutate(
      { decision, target: { all: true } },
      {
        onSuccess: (result) => announce(decision, result),
        onError: (error) => notifications.show({ color: 'red', title: 'Nothing was decided', message: errorMessage(error) }),
      },
    );
  return (
    <Group gap="xs">
      <Button size="sm" onClick={() => run('approve')} loading={decide.isPending && decide.variables?.decision === 'approve'}>
        Approve all
      </Button>
      <Button
        size="sm"
        variant="default"
        onClick={() => run('decline')}
        loading={decide.isPending && decide.variables?.decision === 'decline'}
      >
        Decline all
      </Button>
    </Group>
  );
}
