import { hashKey, type QueryClient, type QueryKey, useQuery } from '@tanstack/react-query';
import { personApi, setCsrfToken, unwrap } from '../api/client';
import type { Membership, SessionView } from '../api/types';
import { setDisplayTimeZone } from '../lib/format';

export const sessionKey = ['session'] as const;

async function loadSession(): Promise<SessionView> {
  const session = await unwrap(personApi.GET('/api/v1/auth/session'));
  setCsrfToken(session.csrfToken ?? null);
  setDisplayTimeZone(session.account?.timeZone);
  return session;
}

/** The person signed in with the cookie (never the operator: that is per tab, see client.ts). */
export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: loadSession, staleTime: 60_000 });
}

export function membershipIn(session: SessionView | undefined, orgId: string): Membership | undefined {
  return session?.memberships?.find((membership) => membership.orgId === orgId);
}

/**
 * After signing in, out, or accepting: the cookie changed, so everything cached may be someone
 * else's. `keep` spares the query of the page being left, which would otherwise fetch again
 * while it is still shown (an accepted invitation, asked for again, answers 410).
 */
export async function sessionChanged(queryClient: QueryClient, keep?: QueryKey): Promise<SessionView> {
  setCsrfToken(null);
  const kept = keep === undefined ? null : hashKey(keep);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' && query.queryHash !== kept });
  // Fetched now, even with no page watching it: the next page must not see the old answer.
  return queryClient.fetchQuery({ queryKey: sessionKey, queryFn: loadSession, staleTime: 0 });
}
