import { readdirSync } from 'node:fs';
import { openSheet } from './src/features/imports/sheet/open-sheet.ts';
import { pieces, xlsxOf } from './src/features/imports/sheet/test-fixtures.ts';
const file = await xlsxOf([['email'], ...Array.from({ length: 20_000 }, (_, i) => [`p${i}@example.com`])]);
const results: string[] = [];
for (let at = 100; at < file.length - 2000; at += 9973) {
  const bad = Buffer.from(file);
  for (let i = 0; i < 300; i++) bad[at + i] = (i * 37 + 11) & 0xff;
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise((r) => { timer = setTimeout(() => r('HANG'), 5000); });
  const work = (async () => {
    try { const s = await openSheet(pieces(bad, 4096), { fileName: 'p.xlsx', limits: { maxBytes: 1e9, maxRows: 1e6 } }); let n = 0; for await (const b of s.batches(1000)) n += b.length; return `ok ${n}`; }
    catch (e) { return `${(e as any).problem} ${String((e as any).cause?.message ?? '').slice(0, 50)}`; }
  })();
  const r = await Promise.race([work, hang]); clearTimeout(timer);
  results.push(`${at}: ${r} tmp=${readdirSync('/tmp').filter((f) => f.startsWith('tmp-' + process.pid)).length}`);
}
console.log(results.join('\n'));
console.log('tmp', readdirSync('/tmp').filter((f) => f.startsWith('tmp-') || f.startsWith('roster-sheet')));
process.exit(0);
