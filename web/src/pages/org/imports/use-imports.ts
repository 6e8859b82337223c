import { type QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { currentApi, isOperatorMode, postForm, unwrap } from '../../../api/client';
import type { ImportDetail, ImportMode, ImportOutcome, ImportSummary, ImportVerdict } from '../../../api/types';
import { membersKey } from '../members/use-members';
import { orgKey } from '../org-context';
import { isFinal, nextAfterRow, parseProgressEvent } from './import-view';

export const importsKey = (orgId: string) => ['imports', orgId] as const;
const historyKey = (orgId: string) => [...importsKey(orgId), 'history'] as const;
const importKey = (orgId: string, importId: string) => [...importsKey(orgId), 'one', importId] as const;

/** How often the page asks again while an import moves without server-sent events. */
export const POLL_MS = 2000;
const HISTORY_PAGE = 20;
const ROWS_PAGE = 100;

export const importPath = (orgId: string, importId: string) => `/api/v1/orgs/${orgId}/imports/${importId}`;

/** The history, newest first; administrators see every import, others their own. */
export function useImportHistory(orgId: string) {
  return useInfiniteQuery({
    queryKey: historyKey(orgId),
    initialPageParam: null as string | null,
    getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor,
    queryFn: ({ pageParam }) =>
      unwrap(
        currentApi().GET('/api/v1/orgs/{orgId}/imports', {
          params: { path: { orgId }, query: { limit: HISTORY_PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    // An import of the list still moving: the list follows it.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((item) => !isFinal(item.status) && item.status !== 'previewed'))
        ? POLL_MS * 2
        : false,
  });
}

/** Keeps the import's cached copy in step with a newer view of it (from an event or the commit). */
function mergeImport(queryClient: QueryClient, orgId: string, view: ImportSummary): void {
  queryClient.setQueryData<ImportDetail>(importKey(orgId, view.id), (old) => (old ? { ...old, ...view } : old));
}

/**
 * One import. While it is being read, it is asked for again every 2 s; while it is processed,
 * server-sent events push its progress, and polling takes over if they fail (or for the
 * operator, whose token an EventSource cannot send).
 */
export function useImport(orgId: string, importId: string) {
  const queryClient = useQueryClient();
  const [eventsFailed, setEventsFailed] = useState(isOperatorMode());
  const query = useQuery({
    queryKey: importKey(orgId, importId),
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/imports/{importId}', { params: { path: { orgId, importId } } })),
    refetchInterval: (q) => {
      const status = q.state.data?.status;
      if (status === 'reading') return POLL_MS;
      return status === 'committing' && eventsFailed ? POLL_MS : false;
    },
  });
  const committing = query.data?.status === 'committing';

  useEffect(() => {
    if (!committing || eventsFailed) return;
    const events = new EventSource(`${importPath(orgId, importId)}/events`);
    events.addEventListener('progress', (event) => {
      const view = parseProgressEvent(event.data);
      if (!view) return;
      mergeImport(queryClient, orgId, view);
      // Closed before the server ends the stream, or the EventSource would reconnect.
      if (isFinal(view.status)) events.close();
    });
    events.addEventListener('error', () => {
      events.close();
      setEventsFailed(true);
    });
    return () => events.close();
  }, [committing, eventsFailed, orgId, importId, queryClient]);

  // Seen to finish (by events or polling): what it changed is out of date, its rows included.
  // A fast import can go from "previewed" to "done" between two renders, so any change into a
  // final status counts, not only one from "committing".
  const status = query.data?.status;
  const previous = useRef(status);
  useEffect(() => {
    if (previous.current !== undefined && previous.current !== status && status !== undefined && isFinal(status)) {
      void queryClient.invalidateQueries({ queryKey: importsKey(orgId) });
      void queryClient.invalidateQueries({ queryKey: membersKey(orgId) });
      void queryClient.invalidateQueries({ queryKey: orgKey(orgId) });
    }
    previous.current = status;
  }, [status, orgId, queryClient]);

  return query;
}

export function useUpload(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, mode, createTeams = false }: { file: File; mode: ImportMode; createTeams?: boolean }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return postForm<ImportDetail>(`/api/v1/orgs/${orgId}/imports?mode=${mode}${createTeams ? '&createTeams=true' : ''}`, form);
    },
    onSuccess: (created) => {
      // The preview opens from the answer itself, without asking again.
      queryClient.setQueryData(importKey(orgId, created.id), created);
      void queryClient.invalidateQueries({ queryKey: historyKey(orgId) });
    },
  });
}

export function useCommit(orgId: string, importId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(currentApi().POST('/api/v1/orgs/{orgId}/imports/{importId}/commit', { params: { path: { orgId, importId } } })),
    onSuccess: (view) => {
      mergeImport(queryClient, orgId, view);
      void queryClient.invalidateQueries({ queryKey: historyKey(orgId) });
    },
  });
}

export type RowFilter = { by: 'verdict'; values: ImportVerdict[] } | { by: 'outcome'; values: ImportOutcome[] };

/** Rows of one kind, 100 at a time after the first page (the preview's own problem rows, when given). */
export function useImportRows(orgId: string, detail: ImportDetail, filter: RowFilter, total: number, first?: ImportDetail['problems']) {
  return useInfiniteQuery({
    queryKey: [...importKey(orgId, detail.id), 'rows', filter.by, ...filter.values, detail.status],
    initialPageParam: 0,
    // The rows of an import do not change while its status stays the same (the status is in the key).
    staleTime: Number.POSITIVE_INFINITY,
    ...(first ? { initialData: { pages: [{ items: first }], pageParams: [0] } } : {}),
    getNextPageParam: (_last, pages) => nextAfterRow(pages, total),
    queryFn: ({ pageParam }) =>
      unwrap(
        currentApi().GET('/api/v1/orgs/{orgId}/imports/{importId}/rows', {
          params: {
            path: { orgId, importId: detail.id },
            query: {
              afterRow: pageParam,
              limit: ROWS_PAGE,
              ...(filter.by === 'verdict' ? { verdict: filter.values } : { outcome: filter.values }),
            },
          },
        }),
      ),
  });
}
