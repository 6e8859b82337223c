import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type ImportMode, imports } from '../../db/schema.js';
import { AppError, type ErrorCode } from '../../lib/errors.js';
import { hashPassword } from '../../lib/password.js';
import { inTransaction, type Services } from '../../services.js';
import { actorRole, resolveOrgActor } from '../access/org-actor.js';
import { peopleScope } from '../access/people-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { hitRateLimit, RATE_RULES } from '../auth/rate-limit.js';
import { inviteCapacity } from '../invitations/capacity.js';
import { getOrg } from '../orgs/repository.js';
import { authorizeParent, teamScopeOf } from '../teams/policy.js';
import { classifyRows, saveVerdicts } from './classify.js';
import { PROBLEMS_SHOWN } from './get-import.js';
import { authorizeImport } from './policy.js';
import { readRow } from './read-row.js';
import { countRows, findImport, type ImportRecord, insertRows, problemRows, type StoredRow } from './repository.js';
import { openSheet } from './sheet/open-sheet.js';
import { SheetError, type SheetProblem } from './sheet/types.js';
import { loadTeamDirectory, type MayCreateTeam } from './team-directory.js';

export interface UploadInput {
  readonly fileName: string;
  readonly mode: ImportMode;
  /** Teams the file names that do not exist yet are made at commit, where the uploader may create them. */
  readonly createTeams?: boolean;
  /** The file's bytes; null: a form without a file; 'not-multipart': the request was no form at all. */
  readonly file: AsyncIterable<Buffer> | null | 'not-multipart';
}

/** Rows stored per statement while reading. */
const READ_BATCH = 5000;
/** Rows classified per transaction: the embedded database serves other requests between them. */
const CLASSIFY_RANGE = 20_000;

const PROBLEM_CODES: Record<SheetProblem, ErrorCode> = {
  empty: 'validation_failed',
  encoding: 'validation_failed',
  malformed: 'validation_failed',
  no_identity_column: 'validation_failed',
  too_many_rows: 'validation_failed',
  too_large: 'payload_too_large',
  not_a_spreadsheet: 'unsupported_media_type',
};

async function* counted(source: AsyncIterable<Buffer>, total: { bytes: number }): AsyncIterable<Buffer> {
  for await (const chunk of source) {
    total.bytes += chunk.length;
    yield chunk;
  }
}

/**
 * Reads an uploaded sheet into an import and previews it: every row is stored with
 * its verdict before anything in the organization changes. The file streams through: rows
 * are stored as they are read, 5,000 at a time, so memory stays flat for 200,000 rows.
 * A file that cannot be read leaves nothing behind.
 */
export async function uploadImport(
  services: Services,
  actor: Actor,
  orgId: string,
  input: UploadInput,
): Promise<{ record: ImportRecord; problems: StoredRow[] }> {
  const { db } = services;
  const start = await inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeImport(orgActor);
    await hitRateLimit(tx, RATE_RULES.importPerActor, `${orgId}:${orgActor.accountId ?? 'operator'}`);
    if (input.file === 'not-multipart') {
      throw new AppError('unsupported_media_type', 'Send the spreadsheet as multipart/form-data, in a part named "file".');
    }
    if (input.file === null) throw new AppError('validation_failed', 'Attach the spreadsheet in a part named "file".');
    const org = await getOrg(tx, orgId);
    const scope = await peopleScope(tx, orgActor);
    let mayCreate: MayCreateTeam | undefined;
    if (input.createTeams) {
      const teamScope = await teamScopeOf(tx, orgActor);
      // The rule that refuses "New team" to the same person, as a sentence for the row.
      mayCreate = (parent) => {
        try {
          authorizeParent(teamScope, parent, 'create');
          return null;
        } catch (error) {
          if (error instanceof AppError) return error.message;
          throw error;
        }
      };
    }
    const teams = await loadTeamDirectory(tx, orgId, mayCreate);
    const [record] = await tx
      .insert(imports)
      .values({
        orgId,
        createdBy: orgActor.accountId,
        createdByLabel: orgActor.label,
        fileName: input.fileName.slice(0, 255) || 'upload',
        defaultMode: input.mode,
      })
      .returning();
    if (!record) throw new Error('import insert returned nothing');
    await recordAudit(tx, orgActor, {
      action: 'import.uploaded',
      targetType: 'import',
      targetId: record.id,
      data: { fileName: record.fileName, mode: record.defaultMode },
    });
    return { orgActor, org, scope, teams, record, file: input.file };
  });
  const { orgActor, org, scope, record, file } = start;
  try {
    const total = { bytes: 0 };
    const sheet = await openSheet(counted(file, total), {
      fileName: input.fileName,
      limits: { maxBytes: services.config.importMaxBytes, maxRows: services.config.importMaxRows },
    });
    const context = {
      defaultMode: input.mode,
      actorRole: actorRole(orgActor),
      scope,
      requireTeam: org.requireTeam,
      orgName: org.name,
      trial: org.kind === 'trial',
      teams: start.teams,
      seen: new Map<string, number>(),
    };
    let rowCount = 0;
    let lastRow = 0;
    // The next batch is parsed while the previous one is being stored: one insert in flight.
    let storing: Promise<void> | null = null;
    try {
      for await (const batch of sheet.batches(READ_BATCH)) {
        const prepared = await Promise.all(
          batch.map(async (row) => {
            const read = readRow(row, context);
            // Only valid passwords are hashed (slow on purpose), and the plain text goes no further.
            const passwordHash = read.password !== null && read.problem === null ? await hashPassword(read.password) : null;
            return { ...read, password: null, passwordHash };
          }),
        );
        if (storing) await storing;
        storing = insertRows(db, record.id, orgId, prepared);
        rowCount += prepared.length;
        lastRow = batch.at(-1)?.rowNumber ?? lastRow;
      }
      if (storing) await storing;
    } finally {
      // A file that breaks part-way must not leave its last insert running unobserved.
      await storing?.catch(() => undefined);
    }
    // One capacity for the whole file: seats go to rows in order, across ranges.
    const capacity = await inviteCapacity(db, org);
    for (let from = 0; from <= lastRow; from += CLASSIFY_RANGE) {
      await db.transaction(async (raw) => {
        const tx = raw as unknown as Db;
        const range = { importId: record.id, orgId, from, to: from + CLASSIFY_RANGE - 1 };
        await saveVerdicts(tx, range, await classifyRows(tx, range, scope, capacity));
      });
    }
    const counts = await countRows(db, record.id, 'verdict');
    await db.execute(sql`
      update imports set status = 'previewed', previewed_at = now(), row_count = ${rowCount}, file_bytes = ${total.bytes},
        format = ${sheet.format}, unknown_columns = ${JSON.stringify(sheet.unknownColumns)}::jsonb,
        new_teams = ${JSON.stringify(start.teams.newTeams)}::jsonb,
        preview_counts = ${JSON.stringify(counts)}::jsonb
      where id = ${record.id}`);
    return { record: await findImport(db, orgId, record.id), problems: await problemRows(db, record.id, PROBLEMS_SHOWN) };
  } catch (error) {
    await db.execute(sql`delete from imports where id = ${record.id}`);
    if (error instanceof SheetError)
      throw new AppError(PROBLEM_CODES[error.problem], error.message, { errors: [{ field: '/file', message: error.message }] });
    throw error;
  }
}
