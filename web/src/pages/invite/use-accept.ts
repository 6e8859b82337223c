import { type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { personApi, unwrap } from '../../api/client';
import type { BodyFor, ResponseOf } from '../../api/types';
import { membershipIn, sessionChanged } from '../../app/session';
import { can } from '../../lib/roles';

type AcceptBody = BodyFor<'/api/v1/invitations/{token}/accept', 'post'>;
type Accepted = ResponseOf<'/api/v1/invitations/{token}/accept', 'post'>;
export type AcceptMutation = UseMutationResult<Accepted, Error, AcceptBody>;

/** The query of the invitation a token opens. */
export const invitationKey = (token: string) => ['invitation', token] as const;

/** Accepting signs the person in; they land in the organization they joined. */
export function useAccept(token: string): AcceptMutation {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (body: AcceptBody) => unwrap(personApi.POST('/api/v1/invitations/{token}/accept', { params: { path: { token } }, body })),
    onSuccess: async (joined) => {
      // The invitation stays cached until the page is left: asked for again, it is gone.
      const session = await sessionChanged(queryClient, invitationKey(token));
      if (joined.requested) {
        void navigate('/orgs', {
          replace: true,
          state: {
            notice: `Your address is confirmed and your request to join ${joined.orgName} was sent. You will get an email when an administrator answers.`,
          },
        });
        return;
      }
      const role = membershipIn(session, joined.orgId)?.role;
      // Admins and managers land in the organization's members; learners where they learn.
      const to = role && can.managePeople(role) ? `/orgs/${joined.orgId}/members` : '/my/trainings';
      void navigate(to, {
        replace: true,
        state: { notice: `Welcome to ${joined.orgName}. You are signed in.`, welcomeOrgId: joined.orgId },
      });
    },
  });
}
