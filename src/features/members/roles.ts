// Kept for code written against it: roles and their ranks now live in `access/`.
export { canActOn, canGrantRole, PEOPLE_MANAGERS, roleRank } from '../access/roles.js';
