import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/problem';

/** Refusals (4xx) are answers, not hiccups: only network and server errors are retried. */
function shouldRetry(failures: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failures < 2;
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: shouldRetry, staleTime: 10_000 },
    mutations: { retry: false },
  },
});
