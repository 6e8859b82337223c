import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows } from '../../db/sql.js';
import type { OrgActor } from '../access/org-actor.js';
import { recordAuditMany } from '../audit/record-audit.js';
import { authorizeParent, teamScopeOf } from '../teams/policy.js';
import { findTeam, lockTeamTree } from '../teams/repository.js';
import type { ImportRecord } from './repository.js';

const NO_PARENT = '00000000-0000-0000-0000-000000000000';

/**
 * Makes the teams an import's file names that did not exist at upload (listed in its preview),
 * in the confirming transaction, before any row is committed: parents first, private, owned by
 * whoever confirms, each in the audit log. Whoever confirms must be allowed to create each one
 * where it goes, as with "New team". A team made meanwhile under the same name is used instead:
 * the rows that carry the planned id are pointed at it (one statement per such team). Confirmed
 * again after a failure, the teams made the first time are kept and nothing is made twice.
 */
export async function createImportTeams(tx: Db, orgActor: OrgActor, record: ImportRecord): Promise<number> {
  const planned = record.newTeams;
  if (planned.length === 0) return 0;
  await lockTeamTree(tx, record.orgId);
  const scope = await teamScopeOf(tx, orgActor);
  const plannedIds = new Set(planned.map((team) => team.id));
  const existing = new Set(
    (
      await queryRows<{ id: string }>(
        tx,
        sql`select id from teams where org_id = ${record.orgId} and id = any(${pgArray([...plannedIds])}::uuid[])`,
      )
    ).map((row) => row.id),
  );
  const usedInstead = new Map<string, string>();
  const made: { id: string; name: string; parentId: string | null; path: string }[] = [];
  for (const team of planned) {
    if (existing.has(team.id)) continue;
    const parentId = team.parentId ? (usedInstead.get(team.parentId) ?? team.parentId) : null;
    // A team under one the import makes was allowed with its new parent; the others are checked now.
    if (team.parentId === null || !plannedIds.has(team.parentId)) {
      authorizeParent(scope, parentId ? await findTeam(tx, record.orgId, parentId) : null, 'create');
    }
    const [inserted] = await queryRows<{ id: string }>(
      tx,
      sql`insert into teams (id, org_id, parent_id, name, visibility, owner_membership_id)
          values (${team.id}, ${record.orgId}, ${parentId}, ${team.name}, 'private',
                  ${orgActor.kind === 'member' ? orgActor.membershipId : null})
          on conflict do nothing
          returning id`,
    );
    if (inserted) {
      made.push({ ...team, parentId });
      continue;
    }
    const [same] = await queryRows<{ id: string }>(
      tx,
      sql`select id from teams where org_id = ${record.orgId} and coalesce(parent_id, ${NO_PARENT}::uuid) = coalesce(${parentId}::uuid, ${NO_PARENT}::uuid)
            and lower(name) = lower(${team.name})`,
    );
    if (!same) throw new Error(`team "${team.path}" was neither made nor found`);
    usedInstead.set(team.id, same.id);
    await tx.execute(
      sql`update import_rows set team_ids = array_replace(team_ids, ${team.id}::uuid, ${same.id}::uuid)
          where import_id = ${record.id} and ${team.id}::uuid = any(team_ids)`,
    );
  }
  await recordAuditMany(
    tx,
    orgActor,
    made.map((team) => ({
      action: 'team.created',
      targetType: 'team',
      targetId: team.id,
      data: { name: team.name, parentId: team.parentId, path: team.path, visibility: 'private', importId: record.id },
    })),
  );
  return made.length;
}
