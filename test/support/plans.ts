import { type SQLWrapper, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { queryRows } from '../../src/db/sql.js';

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Actual Loops'?: number;
  readonly 'Sort Key'?: readonly string[];
  readonly 'Index Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

/**
 * The sorts left in `query`'s plan when PostgreSQL is told to avoid sorting and sequential
 * scans (settings local to one transaction). A page whose order an index
 * gives has none, whatever the table holds; one whose ORDER BY no index matches keeps its
 * Sort, since nothing else can give that order. Read from the plan, not from a clock.
 */
export async function sortsInPlan(db: Db, query: SQLWrapper): Promise<string[]> {
  return (await planOf(db, query)).sorts;
}

/** Every node of an EXPLAIN (FORMAT JSON) answer, depth first. */
async function explainedNodes(db: Db, explain: SQLWrapper): Promise<PlanNode[]> {
  const [row] = await queryRows<{ 'QUERY PLAN': unknown }>(db, sql`${explain}`);
  const explained = row?.['QUERY PLAN'];
  const plans = (typeof explained === 'string' ? JSON.parse(explained) : explained) as { Plan: PlanNode }[];
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode): void => {
    nodes.push(node);
    for (const child of node.Plans ?? []) walk(child);
  };
  for (const plan of plans) walk(plan.Plan);
  return nodes;
}

/** The sorts of `query`'s plan (as `sortsInPlan` asks for it) and the indexes it reads. */
export async function planOf(db: Db, query: SQLWrapper): Promise<{ sorts: string[]; indexes: string[] }> {
  const nodes = await db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    await tx.execute(sql`set local enable_sort = off`);
    await tx.execute(sql`set local enable_seqscan = off`);
    return explainedNodes(tx, sql`explain (format json) ${query}`);
  });
  return {
    sorts: nodes
      .filter((node) => node['Node Type'].endsWith('Sort'))
      .map((node) => `${node['Node Type']}: ${(node['Sort Key'] ?? []).join(', ')}`),
    indexes: nodes.flatMap((node) => (node['Index Name'] ? [node['Index Name']] : [])),
  };
}

/**
 * The tables `query` read when run (EXPLAIN ANALYZE), each with how many times a scan of it ran:
 * a scan under a one-time filter that held false is listed with 0 loops.
 */
export async function scansRun(db: Db, query: SQLWrapper): Promise<{ relation: string; loops: number }[]> {
  const nodes = await explainedNodes(db, sql`explain (analyze, format json) ${query}`);
  return nodes.flatMap((node) => (node['Relation Name'] ? [{ relation: node['Relation Name'], loops: node['Actual Loops'] ?? 0 }] : []));
}
