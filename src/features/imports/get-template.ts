import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { authorizeImport } from './policy.js';
import { templateCsv, templateXlsx } from './sheet/template.js';

export const TEMPLATE_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** The sheet to fill in, for those who may import. */
export async function getTemplate(services: Services, actor: Actor, orgId: string, format: 'csv' | 'xlsx'): Promise<Buffer> {
  authorizeImport(await resolveOrgActor(services.db, actor, orgId));
  return format === 'csv' ? Buffer.from(templateCsv(), 'utf8') : templateXlsx();
}
