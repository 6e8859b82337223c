import { Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageLoader } from '../../../components/PageLoader';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { usePageTitle } from '../../../lib/use-page-title';
import { useOrg } from '../org-context';
import { ImportPreview } from './ImportPreview';
import { ImportResult } from './ImportResult';
import { ImportProgressCard, ImportReading } from './ImportRunning';
import { STATUSES } from './import-view';
import { useImport } from './use-imports';

/** /orgs/:orgId/imports/:importId: the preview, the progress or the result, whichever the import is at. */
export function ImportDetailPage() {
  const { org } = useOrg();
  const { importId = '' } = useParams();
  const detail = useImport(org.id, importId);
  const data = detail.data;
  usePageTitle(data ? `${data.fileName} · Import · ${org.name}` : `Import · ${org.name}`);

  let body: ReactNode;
  if (detail.isPending) body = <PageLoader label="Opening the import…" />;
  else if (detail.isError && !data) {
    body = <ErrorAlert error={detail.error} title="Could not open this import" onRetry={() => void detail.refetch()} />;
  } else if (data) {
    const status = STATUSES[data.status];
    body = (
      <Stack gap="lg">
        <Stack gap={4}>
          <Group gap="sm" align="center">
            <Title order={1} fz={26} className="text-break">
              {data.fileName}
            </Title>
            <Badge variant="light" color={status.color} size="lg" data-testid="import-status">
              {status.label}
            </Badge>
          </Group>
          <Text c="dimmed" fz="sm">
            Uploaded by {data.createdBy} on {formatDateTime(data.createdAt)}
            {data.status === 'reading' ? '' : ` · ${formatNumber(data.rowCount)} ${data.rowCount === 1 ? 'row' : 'rows'}`}
            {data.format ? ` · ${data.format.toUpperCase()}` : ''}
          </Text>
        </Stack>
        {data.status === 'reading' ? <ImportReading /> : null}
        {data.status === 'previewed' ? <ImportPreview detail={data} /> : null}
        {data.status === 'committing' ? <ImportProgressCard detail={data} /> : null}
        {data.status === 'done' || data.status === 'failed' ? <ImportResult detail={data} /> : null}
      </Stack>
    );
  }

  return (
    <Stack gap="md" maw={1080}>
      <Anchor component={Link} to={`/orgs/${org.id}/imports`} fz="sm" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden />
        All imports
      </Anchor>
      {body}
    </Stack>
  );
}
