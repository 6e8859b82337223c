import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { currentApi, unwrap } from '../../../api/client';
import type { BodyFor, OrgView } from '../../../api/types';
import { orgKey } from '../org-context';

type OrgChanges = BodyFor<'/api/v1/orgs/{orgId}', 'patch'>;

export function useSaveOrg(org: OrgView, onSaved: (org: OrgView) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OrgChanges) => unwrap(currentApi().PATCH('/api/v1/orgs/{orgId}', { params: { path: { orgId: org.id } }, body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(orgKey(org.id), (old: OrgView | undefined) => ({ ...saved, myRole: old?.myRole ?? saved.myRole }));
      notifications.show({ color: 'teal', message: 'Settings saved.' });
      onSaved(saved);
    },
  });
}
