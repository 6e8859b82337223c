/** What the CLI shows of an import, from the API's view of it or the database's. */
export interface ImportProgress {
  readonly status: string;
  readonly rowsDone: number;
  readonly rowCount: number;
  readonly rowsPerSecond: number | null;
  readonly secondsLeft: number | null;
}

const number = (n: number) => n.toLocaleString('en-US');
const WIDTH = 30;

export function progressLine(p: ImportProgress): string {
  const share = p.rowCount === 0 ? 1 : Math.min(1, p.rowsDone / p.rowCount);
  const filled = Math.round(share * WIDTH);
  const pace = p.rowsPerSecond === null ? '' : ` · ${number(p.rowsPerSecond)} rows/s`;
  const left = p.secondsLeft === null ? '' : ` · ${p.secondsLeft} s left`;
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.floor(share * 100)}% ${number(p.rowsDone)}/${number(p.rowCount)} rows${pace}${left}`;
}

/** A bar redrawn in place on a terminal; elsewhere (CI logs, pipes) a line every few seconds. */
export function progressReporter(stream: NodeJS.WriteStream): { update(p: ImportProgress): void; end(p: ImportProgress): void } {
  let lastLine = 0;
  return {
    update(p) {
      if (stream.isTTY) {
        stream.write(`\r${progressLine(p)}\u001b[K`);
      } else if (Date.now() - lastLine > 5000) {
        stream.write(`${progressLine(p)}\n`);
        lastLine = Date.now();
      }
    },
    /** The last state always shows, on a terminal or not. */
    end(p) {
      stream.write(stream.isTTY ? `\r${progressLine(p)}\u001b[K\n` : `${progressLine(p)}\n`);
    },
  };
}

export function summaryLines(title: string, counts: Record<string, number>, labels: Record<string, string>): string[] {
  const lines = [title];
  for (const [key, label] of Object.entries(labels)) {
    const n = counts[key] ?? 0;
    if (n > 0) lines.push(`  ${label.padEnd(22)} ${number(n).padStart(9)}`);
  }
  return lines;
}
