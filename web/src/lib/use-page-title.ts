import { useDocumentTitle } from '@mantine/hooks';

/** The tab's title names the page: history entries and screen readers can tell pages apart. */
export function usePageTitle(title: string | undefined): void {
  useDocumentTitle(title ? `${title} · Roster` : 'Roster');
}
