import { Table } from '@mantine/core';

/** The header row every list table in the app uses: small, upper-case, dimmed labels. */
export function TableHeader({ labels }: { labels: readonly string[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {labels.map((label) => (
          <Table.Th key={label} fz="xs" tt="uppercase" c="dimmed" fw={600}>
            {label}
          </Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}
