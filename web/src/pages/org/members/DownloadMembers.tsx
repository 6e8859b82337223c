import { Group, Text } from '@mantine/core';
import { DownloadLink } from '../../../components/DownloadLink';
import type { MembersView } from './use-members';

/** The file of what the filter shows: the same status, search, role, team, way in and sort, every page. */
export function exportQuery(view: MembersView): string {
  const params = new URLSearchParams({ status: view.status, sort: view.sort });
  if (view.q.trim() !== '') params.set('q', view.q.trim());
  if (view.role) params.set('role', view.role);
  if (view.team) params.set('team', view.team);
  if (view.source) params.set('source', view.source);
  return params.toString();
}

export function DownloadMembers({ orgId, view }: { readonly orgId: string; readonly view: MembersView }) {
  const query = exportQuery(view);
  const base = `/api/v1/orgs/${orgId}/exports/users`;
  const day = new Date().toISOString().slice(0, 10);
  return (
    <Group gap="md" aria-label="Download what the filter shows">
      <Text fz="sm" c="dimmed">
        Download:
      </Text>
      <DownloadLink href={`${base}.csv?${query}`} fileName={`users-${day}.csv`}>
        CSV
      </DownloadLink>
      <DownloadLink href={`${base}.xlsx?${query}`} fileName={`users-${day}.xlsx`}>
        Excel
      </DownloadLink>
    </Group>
  );
}
