// Kept for code written against it: the caller inside an organization now lives in `access/`.
export { actorRole, type OrgActor, requireRole, resolveOrgActor } from '../access/org-actor.js';
