import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { currentApi, unwrap } from '../../../api/client';
import type { InviteOutcome, InviteResponse, Role } from '../../../api/types';
import { addressKey, splitAddresses } from '../../../lib/addresses';
import { membersKey } from '../members/use-members';
import { orgKey } from '../org-context';

/** Roster takes up to 1,000 addresses per request; longer lists go in batches, with progress. */
export const BATCH_SIZE = 1000;

export interface InviteRequest {
  readonly text: string;
  readonly role: Role;
  readonly message: string;
  readonly teamIds: readonly string[];
}

const OUTCOMES: readonly InviteOutcome[] = ['invited', 'already_invited', 'already_member', 'invalid', 'not_allowed'];

export function batchesOf(text: string): string[][] {
  const seen = new Set<string>();
  const distinct = splitAddresses(text).filter((entry) => {
    const key = addressKey(entry);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const batches: string[][] = [];
  for (let i = 0; i < distinct.length; i += BATCH_SIZE) batches.push(distinct.slice(i, i + BATCH_SIZE));
  return batches;
}

export function useInvite(orgId: string) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const mutation = useMutation({
    mutationFn: async ({ text, role, message, teamIds }: InviteRequest): Promise<InviteResponse> => {
      const batches = batchesOf(text);
      const merged: InviteResponse = { results: [], counts: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as InviteResponse['counts'] };
      const total = batches.reduce((sum, batch) => sum + batch.length, 0);
      setProgress({ done: 0, total });
      for (const batch of batches) {
        const body = {
          emails: batches.length === 1 ? text : batch,
          role,
          message: message.trim() === '' ? null : message.trim(),
          ...(teamIds.length > 0 ? { teamIds: [...teamIds] } : {}),
        };
        const answer = await unwrap(currentApi().POST('/api/v1/orgs/{orgId}/invitations', { params: { path: { orgId } }, body }));
        merged.results.push(...answer.results);
        for (const outcome of OUTCOMES) merged.counts[outcome] += answer.counts[outcome];
        setProgress((now) => ({ done: (now?.done ?? 0) + batch.length, total }));
      }
      return merged;
    },
    onSettled: async () => {
      setProgress(null);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: membersKey(orgId) }),
        queryClient.invalidateQueries({ queryKey: orgKey(orgId) }),
      ]);
    },
  });
  return { mutation, progress };
}
