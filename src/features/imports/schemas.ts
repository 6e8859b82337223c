import { type Static, Type } from 'typebox';
import { Nullable, NullableTimestamp, Timestamp, Uuid } from '../../http/schemas.js';
import { OUTCOMES } from './apply-chunk.js';
import { VERDICTS } from './classify.js';

export const ImportModeSchema = Type.Union([Type.Literal('invite'), Type.Literal('setup')]);
const VerdictSchema = Type.Union(VERDICTS.map((v) => Type.Literal(v)));
const OutcomeSchema = Type.Union(OUTCOMES.map((o) => Type.Literal(o)));
const Counts = (keys: readonly string[]) => Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Integer({ minimum: 0 })])));

export const ImportRowView = Type.Object({
  rowNumber: Type.Integer({ description: 'The row as the spreadsheet shows it: the header is row 1.' }),
  email: Nullable(Type.String()),
  username: Nullable(Type.String()),
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  teams: Nullable(Type.String()),
  role: Type.String(),
  mode: ImportModeSchema,
  verdict: Nullable(VerdictSchema),
  reason: Nullable(Type.String()),
  outcome: Nullable(OutcomeSchema),
});
export type ImportRowViewType = Static<typeof ImportRowView>;

export const ImportView = Type.Object({
  id: Uuid,
  fileName: Type.String(),
  fileBytes: Type.Integer(),
  format: Nullable(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
  mode: ImportModeSchema,
  status: Type.Union([
    Type.Literal('reading'),
    Type.Literal('previewed'),
    Type.Literal('committing'),
    Type.Literal('done'),
    Type.Literal('failed'),
  ]),
  createdAt: Timestamp,
  createdBy: Type.String({ description: 'Who uploaded it, as the audit log names them.' }),
  committedBy: Nullable(Type.String()),
  rowCount: Type.Integer(),
  unknownColumns: Type.Array(Type.String(), { description: 'Header cells that matched no column: ignored.' }),
  newTeams: Type.Array(Type.String(), {
    description: 'Teams the file names that do not exist yet, as paths ("Sales/Nordics"): created when the import is confirmed.',
  }),
  preview: Counts(VERDICTS),
  results: Counts(OUTCOMES),
  progress: Type.Object({
    rowsDone: Type.Integer(),
    rowCount: Type.Integer(),
    percent: Type.Number(),
    rowsPerSecond: Nullable(Type.Number()),
    secondsLeft: Nullable(Type.Number({ description: 'Estimated from the pace so far.' })),
    startedAt: NullableTimestamp,
    finishedAt: NullableTimestamp,
  }),
  error: Nullable(Type.String()),
});
export type ImportViewType = Static<typeof ImportView>;

export const ImportDetail = Type.Intersect([
  ImportView,
  Type.Object({ problems: Type.Array(ImportRowView, { description: 'The first rows that are invalid or not allowed.' }) }),
]);

export const ImportParams = Type.Object({ orgId: Uuid, importId: Uuid });
