import { Badge, Group, Paper, ScrollArea, Table, Text } from '@mantine/core';
import type { InviteOutcome, InviteResponse } from '../../../api/types';

export const OUTCOME_LABELS: Record<InviteOutcome, string> = {
  invited: 'Invited',
  already_invited: 'Re-sent',
  already_member: 'Already a member',
  invalid: 'Invalid',
  not_allowed: 'Not allowed',
};

const OUTCOME_COLORS: Record<InviteOutcome, string> = {
  invited: 'teal',
  already_invited: 'blue',
  already_member: 'gray',
  invalid: 'red',
  not_allowed: 'orange',
};

const DEFAULT_REASONS: Partial<Record<InviteOutcome, string>> = {
  already_invited: 'Already invited: the invitation was sent again with a new link.',
  already_member: 'This address is already an active member.',
};

/** One line per address, with what happened to it and why. */
export function InviteResults({ answer }: { answer: InviteResponse }) {
  const outcomes = (Object.keys(OUTCOME_LABELS) as InviteOutcome[]).filter((outcome) => answer.counts[outcome] > 0);
  return (
    <>
      <Group gap="xs" aria-label="Summary">
        {outcomes.map((outcome) => (
          <Badge key={outcome} color={OUTCOME_COLORS[outcome]} variant="light" size="lg">
            {answer.counts[outcome]} {OUTCOME_LABELS[outcome].toLowerCase()}
          </Badge>
        ))}
      </Group>
      <Paper withBorder radius="md">
        <ScrollArea.Autosize mah={360}>
          <Table aria-label="Result for each address" data-testid="invite-results" stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Address</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th>Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {answer.results.map((result) => (
                <Table.Tr key={result.input} data-outcome={result.outcome}>
                  <Table.Td fz="sm" className="text-break">
                    {result.email ?? result.input}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={OUTCOME_COLORS[result.outcome]} variant="light">
                      {OUTCOME_LABELS[result.outcome]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm" c={result.outcome === 'invalid' || result.outcome === 'not_allowed' ? 'red.8' : 'dimmed'}>
                      {result.reason ?? DEFAULT_REASONS[result.outcome] ?? ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      </Paper>
    </>
  );
}
