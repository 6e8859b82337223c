import { Button, Group } from '@mantine/core';
import { ErrorAlert } from './ErrorAlert';

/** What LoadMore needs of a list read a page at a time (TanStack Query's infinite query). */
interface PagedList {
  readonly hasNextPage: boolean;
  readonly isFetchingNextPage: boolean;
  readonly isFetchNextPageError: boolean;
  readonly error: unknown;
  fetchNextPage(): Promise<unknown>;
}

/** The button under such a list while pages remain, and the sentence when the next page failed. */
export function LoadMore({
  list,
  label,
  failure,
  variant = 'default',
}: {
  list: PagedList;
  label: string;
  /** The alert's title when the next page did not load. */
  failure: string;
  variant?: 'default' | 'subtle';
}) {
  return (
    <>
      {list.isFetchNextPageError ? <ErrorAlert error={list.error} title={failure} /> : null}
      {list.hasNextPage ? (
        <Group justify="center" p={variant === 'subtle' ? 'sm' : undefined}>
          <Button variant={variant} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {label}
          </Button>
        </Group>
      ) : null}
    </>
  );
}
