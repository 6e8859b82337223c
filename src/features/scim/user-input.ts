import { invalidValue } from './errors.js';
import { foldKeys, isObject, type Json, readBoolean, readObjects, readText } from './values.js';

/** A User as Roster keeps it: what a create or a replace says, and what a PATCH leads to. */
export interface UserState {
  readonly userName: string;
  readonly email: string | null;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly externalId: string | null;
  readonly active: boolean;
  readonly employeeNumber: string | null;
  readonly department: string | null;
}

/** The primary address, else the work one, else the first (identity providers differ). */
export function primaryEmail(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const list = readObjects(value, 'emails');
  const pick =
    list.find((e) => readBooleanLoose(foldKeys(e).get('primary'))) ?? list.find((e) => foldKeys(e).get('type') === 'work') ?? list[0];
  return pick ? readText(foldKeys(pick).get('value'), 'emails.value', 320) : null;
}

const readBooleanLoose = (value: unknown): boolean => value !== undefined && value !== null && readBoolean(value, 'primary');

/**
 * Reads a User body (create, replace): attribute names in any letter case, with or without
 * their schema's URN, booleans as strings; attributes Roster does not keep are ignored, so an
 * identity provider's full profile does not make provisioning fail. A password is not kept.
 */
export function readUser(body: unknown): UserState & { readonly password: string | null } {
  if (!isObject(body)) throw invalidValue('The body must be a SCIM User object.');
  const fields = foldKeys(body);
  const userName = readText(fields.get('username'), 'userName', 320);
  if (!userName) throw invalidValue('"userName" is required: the email address of the person, or their username if they have none.');
  const name = fields.get('name');
  const names = isObject(name) ? foldKeys(name) : new Map<string, unknown>();
  const enterpriseValue = fields.get('enterprise');
  const enterprise = isObject(enterpriseValue) ? foldKeys(enterpriseValue) : new Map<string, unknown>();
  const active = fields.get('active');
  const password = fields.get('password');
  return {
    userName,
    email: primaryEmail(fields.get('emails')),
    givenName: readText(names.get('givenname') ?? fields.get('name.givenname'), 'name.givenName', 100),
    familyName: readText(names.get('familyname') ?? fields.get('name.familyname'), 'name.familyName', 100),
    externalId: readText(fields.get('externalid'), 'externalId', 255),
    active: active === undefined || active === null ? true : readBoolean(active, 'active'),
    employeeNumber: readText(enterprise.get('employeenumber') ?? fields.get('enterprise:employeenumber'), 'employeeNumber'),
    department: readText(enterprise.get('department') ?? fields.get('enterprise:department'), 'department'),
    password: typeof password === 'string' && password !== '' ? password : null,
  };
}

export type { Json };
