import { Type } from 'typebox';

export const RoleSchema = Type.Union([Type.Literal('learner'), Type.Literal('manager'), Type.Literal('user_admin'), Type.Literal('admin')]);
