import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { currentApi, unwrap } from '../../../api/client';
import type { MemberStatus, Role } from '../../../api/types';
import { isRole } from '../../../lib/roles';

export const STATUSES: readonly MemberStatus[] = ['pending', 'requested', 'active', 'cancelled', 'expired', 'removed'];
export const SORTS = ['-created', 'created', 'email', '-email'] as const;
export type Sort = (typeof SORTS)[number];
export const PAGE_SIZE = 50;
/** How people came in. */
export const SOURCES = ['invitation', 'setup', 'import', 'link', 'join_page', 'scim', 'api_key'] as const;
export type Source = (typeof SOURCES)[number];
export const SOURCE_LABELS: Record<Source, string> = {
  invitation: 'Invited',
  setup: 'Set up',
  import: 'Imported',
  link: 'Sign-up link',
  join_page: 'Join page',
  scim: 'SCIM',
  api_key: 'Provisioned (API)',
};

export interface MembersView {
  readonly status: MemberStatus;
  readonly q: string;
  readonly role: Role | null;
  /** Only the people of this team (and, for public teams, of those below it). */
  readonly team: string | null;
  /** How they came in. */
  readonly source: Source | null;
  readonly sort: Sort;
  readonly cursor: string | null;
}

const isStatus = (value: string | null): value is MemberStatus => value !== null && (STATUSES as readonly string[]).includes(value);
const isSort = (value: string | null): value is Sort => value !== null && (SORTS as readonly string[]).includes(value);

/** The list's filters live in the URL: deep links and the back button work. */
export function useMembersView() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const view: MembersView = {
    status: isStatus(params.get('status')) ? (params.get('status') as MemberStatus) : 'active',
    q: params.get('q') ?? '',
    role: isRole(params.get('role') ?? undefined) ? (params.get('role') as Role) : null,
    team: params.get('team') || null,
    source: (SOURCES as readonly string[]).includes(params.get('source') ?? '') ? (params.get('source') as Source) : null,
    sort: isSort(params.get('sort')) ? (params.get('sort') as Sort) : '-created',
    cursor: params.get('cursor'),
  };
  const previous: string[] = Array.isArray(location.state?.previous) ? location.state.previous : [];

  const update = useCallback(
    (changes: Partial<MembersView>, options: { replace?: boolean; previous?: string[] } = {}) => {
      const next = new URLSearchParams(location.search);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === '' || value === undefined) next.delete(key);
        else next.set(key, String(value));
      }
      // Any change of filter starts again from the first page.
      if (!('cursor' in changes)) next.delete('cursor');
      void navigate({ search: next.toString() }, { replace: options.replace ?? false, state: { previous: options.previous ?? [] } });
    },
    [location.search, navigate],
  );

  return { view, previous, update };
}

export const membersKey = (orgId: string) => ['members', orgId] as const;

export function useMembers(orgId: string, view: MembersView) {
  return useQuery({
    queryKey: [...membersKey(orgId), view],
    queryFn: () =>
      unwrap(
        currentApi().GET('/api/v1/orgs/{orgId}/members', {
          params: {
            path: { orgId },
            query: {
              status: view.status,
              sort: view.sort,
              limit: PAGE_SIZE,
              ...(view.q.trim() ? { q: view.q.trim() } : {}),
              ...(view.role ? { role: view.role } : {}),
              ...(view.team ? { team: view.team } : {}),
              ...(view.source ? { source: view.source } : {}),
              ...(view.cursor ? { cursor: view.cursor } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
