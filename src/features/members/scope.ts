// Kept for code written against it: whom a caller may act on now lives in `access/`.
export {
  assertPersonInScope,
  assertTeamsInScope,
  inTeams,
  type PeopleScope,
  peopleScope,
  requirePersonInScope,
} from '../access/people-scope.js';
