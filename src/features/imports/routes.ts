import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { errorResponses, Nullable, OrgParams } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { OUTCOMES } from './apply-chunk.js';
import { VERDICTS } from './classify.js';
import { commitImport } from './commit-import.js';
import { getImport, listImportRows } from './get-import.js';
import { getTemplate, TEMPLATE_TYPES } from './get-template.js';
import { importReport } from './import-report.js';
import { listImports } from './list-imports.js';
import { presentImport, presentRow } from './presenter.js';
import { ImportDetail, ImportModeSchema, ImportParams, ImportRowView, ImportView } from './schemas.js';
import { uploadImport } from './upload-import.js';
import { watchImport } from './watch-import.js';

const tags = ['Imports'];
const tooLarge = { 413: Type.Ref('Problem'), 415: Type.Ref('Problem'), 429: Type.Ref('Problem') };

export const importsRoutes: RouteModule = (app, services) => {
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/v1/orgs/:orgId/imports/template.${format}`,
      {
        schema: {
          tags,
          summary: `The import template as ${format.toUpperCase()} (R-15)`,
          params: OrgParams,
          produces: [TEMPLATE_TYPES[format]],
          response: errorResponses,
        },
      },
      async (request, reply) => {
        const body = await getTemplate(services, request.actor, request.params.orgId, format);
        return reply
          .type(TEMPLATE_TYPES[format])
          .header('content-disposition', `attachment; filename="roster-import-template.${format}"`)
          .send(body);
      },
    );
  }

  app.post(
    '/api/v1/orgs/:orgId/imports',
    {
      schema: {
        tags,
        summary: 'Upload a CSV or XLSX file and preview it (R-15)',
        description:
          'multipart/form-data with one `file` part. Every row is classified before anything changes; nothing is created ' +
          'in the organization until `…/commit`. An unreadable file (encoding, size, rows, not a spreadsheet) creates nothing.',
        consumes: ['multipart/form-data'],
        params: OrgParams,
        querystring: Type.Object({
          mode: Type.Optional(ImportModeSchema),
          createTeams: Type.Optional(
            Type.Boolean({
              default: false,
              description:
                'Teams the file names that do not exist yet are created when the import is confirmed (listed in `newTeams`), ' +
                'where the uploader may create teams: administrators anywhere, managers under the teams they manage. ' +
                "Otherwise their rows are invalid (unknown team) or not allowed (outside the uploader's teams).",
            }),
          ),
        }),
        response: { 201: ImportDetail, ...errorResponses, ...tooLarge },
      },
    },
    async (request, reply) => {
      // Not a form: the use case still checks the caller and the organization first, then refuses.
      const part = request.isMultipart() ? await request.file() : null;
      const { record, problems } = await uploadImport(services, request.actor, request.params.orgId, {
        fileName: part?.filename ?? '',
        mode: request.query.mode ?? 'invite',
        createTeams: request.query.createTeams ?? false,
        file: request.isMultipart() ? (part?.file ?? null) : 'not-multipart',
      });
      return reply.code(201).send({ ...presentImport(record), problems: problems.map(presentRow) });
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/imports',
    {
      schema: {
        tags,
        summary: 'Import history, newest first',
        params: OrgParams,
        querystring: Type.Object({
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(ImportView), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 20;
      const rows = await listImports(services, request.actor, request.params.orgId, { cursor: decodeCursor(request.query.cursor), limit });
      const last = rows.at(-1);
      return {
        items: rows.map((row) => presentImport(row)),
        nextCursor: rows.length === limit && last ? encodeCursor({ id: last.id }) : null,
      };
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/imports/:importId',
    {
      schema: {
        tags,
        summary: 'An import: preview counts, progress, results and the first problem rows',
        params: ImportParams,
        response: { 200: ImportDetail, ...errorResponses },
      },
    },
    async (request) => {
      const { record, problems } = await getImport(services, request.actor, request.params.orgId, request.params.importId);
      return { ...presentImport(record), problems: problems.map(presentRow) };
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/imports/:importId/rows',
    {
      schema: {
        tags,
        summary: 'The rows of an import in file order, filtered by preview verdict or by outcome',
        params: ImportParams,
        querystring: Type.Object({
          verdict: Type.Optional(Type.Array(Type.Union(VERDICTS.map((v) => Type.Literal(v))), { maxItems: 6 })),
          outcome: Type.Optional(Type.Array(Type.Union(OUTCOMES.map((o) => Type.Literal(o))), { maxItems: 7 })),
          afterRow: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: 'The last row number seen.' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(ImportRowView) }), ...errorResponses },
      },
    },
    async (request) => {
      const { verdict, outcome } = request.query;
      const rows = await listImportRows(services, request.actor, request.params.orgId, request.params.importId, {
        afterRow: request.query.afterRow ?? 0,
        limit: request.query.limit ?? 100,
        ...(outcome && outcome.length > 0 ? { verdicts: outcome, by: 'outcome' as const } : verdict ? { verdicts: verdict } : {}),
      });
      return { items: rows.map(presentRow) };
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/imports/:importId/commit',
    {
      schema: {
        tags,
        summary: 'Confirm a previewed import, or retry a failed one: it is processed in the background',
        description:
          'Each row is checked again when it is processed. Follow the progress with GET or with `…/events`. ' +
          'An import that failed (its `error` says why) may be confirmed again by its uploader or an administrator: ' +
          'it carries on from the rows not yet done.',
        params: ImportParams,
        response: { 202: ImportView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const record = await commitImport(services, request.actor, request.params.orgId, request.params.importId);
      return reply.code(202).send(presentImport(record));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/imports/:importId/report.csv',
    {
      schema: {
        tags,
        summary: "Each row's outcome as CSV",
        description:
          "Before the commit, each row's preview verdict. `verdict` keeps only the rows of those verdicts, e.g. " +
          '`?verdict=invalid&verdict=not_allowed` for the rows that would be skipped, each with its reason, to correct and upload again.',
        params: ImportParams,
        querystring: Type.Object({
          verdict: Type.Optional(Type.Array(Type.Union(VERDICTS.map((v) => Type.Literal(v))), { maxItems: 6 })),
        }),
        produces: ['text/csv'],
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const report = await importReport(
        services,
        request.actor,
        request.params.orgId,
        request.params.importId,
        request.query.verdict ?? [],
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${report.fileName}"`)
        .send(Readable.from(report.lines));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/imports/:importId/events',
    {
      schema: {
        tags,
        summary: 'Progress pushed as server-sent events (`progress`, with the import as data) until it is done',
        params: ImportParams,
        produces: ['text/event-stream'],
        response: errorResponses,
      },
    },
    async (request, reply) => {
      let open = true;
      request.raw.on('close', () => {
        open = false;
      });
      const updates = await watchImport(services, request.actor, request.params.orgId, request.params.importId, {
        everyMs: 500,
        isOpen: () => open,
      });
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
      try {
        for await (const record of updates) reply.raw.write(`event: progress\ndata: ${JSON.stringify(presentImport(record))}\n\n`);
      } finally {
        reply.raw.end();
      }
    },
  );
};
