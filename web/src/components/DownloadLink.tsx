import { Anchor, type AnchorProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { downloadFile, isOperatorMode } from '../api/client';
import { errorMessage } from '../api/problem';

interface Props extends AnchorProps {
  readonly href: string;
  /** The name to save under when Roster does not give one. */
  readonly fileName: string;
  readonly children: ReactNode;
}

/**
 * A file from Roster. A person's session cookie rides on a plain link; the operator's token
 * does not, so in an operator tab the file is fetched with it and saved from memory.
 */
export function DownloadLink({ href, fileName, children, ...props }: Props) {
  const operator = isOperatorMode();
  return (
    <Anchor
      href={href}
      download={fileName}
      fz="sm"
      display="inline-flex"
      style={{ alignItems: 'center', gap: 6 }}
      onClick={
        operator
          ? (event) => {
              event.preventDefault();
              downloadFile(href, fileName).catch((error: unknown) =>
                notifications.show({ color: 'red', title: 'The file was not downloaded', message: errorMessage(error) }),
              );
            }
          : undefined
      }
      {...props}
    >
      <IconDownload size={16} aria-hidden />
      {children}
    </Anchor>
  );
}
