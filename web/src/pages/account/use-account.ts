import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { personApi, unwrap } from '../../api/client';
import type { BodyFor } from '../../api/types';
import { sessionKey } from '../../app/session';

export const profileKey = ['my-profile'] as const;
export const sessionsKey = ['my-sessions'] as const;

export function useProfile() {
  return useQuery({ queryKey: profileKey, queryFn: () => unwrap(personApi.GET('/api/v1/me/profile')) });
}

export function useSaveProfile(onSaved: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyFor<'/api/v1/me/profile', 'patch'>) => unwrap(personApi.PATCH('/api/v1/me/profile', { body })),
    onSuccess: async (saved) => {
      queryClient.setQueryData(profileKey, saved);
      // The header's name and every screen's times follow.
      await queryClient.invalidateQueries({ queryKey: sessionKey });
      notifications.show({ color: 'teal', message: 'Your account is saved.' });
      onSaved();
    },
  });
}

export function useChangePassword(onChanged: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyFor<'/api/v1/me/password', 'post'>) => unwrap(personApi.POST('/api/v1/me/password', { body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: sessionsKey });
      notifications.show({ color: 'teal', message: 'Password changed. You were signed out everywhere else.' });
      onChanged();
    },
  });
}

export function useMySessions() {
  return useQuery({ queryKey: sessionsKey, queryFn: () => unwrap(personApi.GET('/api/v1/me/sessions')) });
}

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string | 'others') =>
      sessionId === 'others'
        ? unwrap(personApi.POST('/api/v1/me/sessions/end-others'))
        : unwrap(personApi.DELETE('/api/v1/me/sessions/{sessionId}', { params: { path: { sessionId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}
