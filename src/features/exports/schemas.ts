import { Type } from 'typebox';
import { ListMembersQuery } from '../members/schemas.js';

/** The members view's filters and sort; no cursor or limit: a download has every row. */
export const UsersExportQuery = Type.Pick(ListMembersQuery, ['status', 'q', 'role', 'team', 'source', 'sourceId', 'sort']);
