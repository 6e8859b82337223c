import { useQuery } from '@tanstack/react-query';
import { personApi, unwrap } from '../../api/client';
import type { ResponseOf } from '../../api/types';

export type MyLearning = ResponseOf<'/api/v1/me/learning', 'get'>;
export type LearningOrg = MyLearning['organizations'][number];
export type LearningItem = LearningOrg['trainings'][number];

export const myLearningKey = ['my-learning'] as const;

export function useMyLearning() {
  return useQuery({ queryKey: myLearningKey, queryFn: () => unwrap(personApi.GET('/api/v1/me/learning')) });
}

/** "Tuesday 4 March 2031, 10:05 (Europe/Paris)": a session's time as the organization means it. */
export function sessionTime(startsAt: string, timeZone: string): string {
  const text = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(startsAt));
  return `${text} (${timeZone === 'Etc/UTC' ? 'UTC' : timeZone})`;
}
