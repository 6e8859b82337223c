import { openSheet } from './src/features/imports/sheet/open-sheet.ts';
import { pieces, xlsxOf } from './src/features/imports/sheet/test-fixtures.ts';
const file = await xlsxOf([['email'], ...Array.from({ length: 20_000 }, (_, i) => [`p${i}@example.com`])]);
const cut = Number(process.argv[2]);
const source = pieces(file.subarray(0, cut), 1024);
const t = setTimeout(() => { console.log('HANG at', cut, 'of', file.length); process.exit(1); }, 5000);
try { const s = await openSheet(source, { fileName: 'p.xlsx', limits: { maxBytes: 1e9, maxRows: 1e6 } }); for await (const b of s.batches(1000)) {} console.log(cut, 'no error?'); }
catch (e) { console.log(cut, (e as any).problem, (e as Error).message.slice(0, 50), String((e as any).cause).slice(0, 80)); }
clearTimeout(t);
