import { useQuery } from '@tanstack/react-query';
import { useOutletContext } from 'react-router';
import { currentApi, unwrap } from '../../api/client';
import type { OrgView } from '../../api/types';
import type { OrgRole } from '../../lib/roles';

export interface OrgContext {
  readonly org: OrgView;
  readonly role: OrgRole;
}

export const orgKey = (orgId: string) => ['org', orgId] as const;

export function useOrgQuery(orgId: string, enabled = true) {
  return useQuery({
    queryKey: orgKey(orgId),
    enabled,
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}', { params: { path: { orgId } } })),
  });
}

/** The organization and the caller's role in it, for the pages under /orgs/:orgId. */
export const useOrg = (): OrgContext => useOutletContext<OrgContext>();
