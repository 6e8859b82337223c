import { openSheet } from './src/features/imports/sheet/open-sheet.ts';
import { pieces, xlsxOf } from './src/features/imports/sheet/test-fixtures.ts';
const file = await xlsxOf([['email'], ...Array.from({ length: 20_000 }, (_, i) => [`p${i}@example.com`])]);
console.log('size', file.length);
for (const max of [Number(process.argv[2])]) {
  const source = pieces(file, 1024);
  const t = setTimeout(() => { console.log('HANG at', max, 'pulled', source.pulled); process.exit(1); }, 5000);
  try { const s = await openSheet(source, { fileName: 'p.xlsx', limits: { maxBytes: max, maxRows: 1e6 } }); for await (const b of s.batches(1000)) {} console.log('no error?'); }
  catch (e) { console.log(max, (e as any).problem, (e as Error).message.slice(0, 60), 'pulled', source.pulled); }
  clearTimeout(t);
}
