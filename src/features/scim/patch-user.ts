import { invalidPath, invalidValue, mutability, noTarget } from './errors.js';
import { type PatchOp, pathlessPairs, splitPath, valueMatches } from './patch-ops.js';
import { primaryEmail, type UserState } from './user-input.js';
import { foldKeys, isObject, readBoolean, readText } from './values.js';

type Mutable = { -readonly [K in keyof UserState]: UserState[K] };

/** Attributes Roster does not keep: accepted and left aside, so a full profile does not fail provisioning. */
const IGNORED = new Set([
  'displayname',
  'nickname',
  'title',
  'phonenumbers',
  'addresses',
  'locale',
  'timezone',
  'preferredlanguage',
  'usertype',
  'profileurl',
  'photos',
  'roles',
  'entitlements',
  'ims',
  'x509certificates',
  'name.formatted',
  'name.middlename',
  'name.honorificprefix',
  'name.honorificsuffix',
  'password',
  'schemas',
  'id',
  'meta',
  'groups',
]);

function setAttribute(state: Mutable, key: string, value: unknown, removing: boolean): void {
  const text = (label: string, max?: number) => (removing ? null : readText(value, label, max));
  switch (key) {
    case 'username': {
      const name = text('userName', 320);
      if (!name) throw mutability('"userName" is required and cannot be removed.');
      state.userName = name;
      return;
    }
    case 'active':
      if (removing) throw mutability('"active" cannot be removed; set it to false to deactivate the person.');
      state.active = readBoolean(value, 'active');
      return;
    case 'externalid':
      state.externalId = text('externalId', 255);
      return;
    case 'name.givenname':
      state.givenName = text('name.givenName', 100);
      return;
    case 'name.familyname':
      state.familyName = text('name.familyName', 100);
      return;
    case 'name':
      if (removing) {
        state.givenName = null;
        state.familyName = null;
        return;
      }
      if (!isObject(value)) throw invalidValue('"name" must be an object.');
      for (const [sub, inner] of foldKeys(value)) if (!IGNORED.has(`name.${sub}`)) setAttribute(state, `name.${sub}`, inner, false);
      return;
    case 'emails':
    case 'emails.value': {
      if (removing) throw mutability("The address is the person's sign-in and cannot be removed over SCIM.");
      const email = key === 'emails' ? primaryEmail(value) : readText(value, 'emails.value', 320);
      if (email) state.email = email;
      return;
    }
    case 'enterprise:employeenumber':
      state.employeeNumber = text('employeeNumber');
      return;
    case 'enterprise:department':
      state.department = text('department');
      return;
    case 'enterprise':
      if (removing) {
        state.employeeNumber = null;
        state.department = null;
        return;
      }
      if (!isObject(value)) throw invalidValue('The enterprise extension must be an object.');
      for (const [sub, inner] of foldKeys(value)) setAttribute(state, `enterprise:${sub}`, inner, false);
      return;
    default:
      if (IGNORED.has(key) || key.startsWith('enterprise:') || key.startsWith('name.')) return;
      throw invalidPath(`"${key}" is not an attribute of a User.`);
  }
}

/**
 * Applies PATCH operations to a User's state (RFC 7644 §3.5.2) as identity providers send
 * them: any letter case in op and attribute names, no path with an object of attributes
 * (Okta), dotted names inside that object (Entra), `emails[type eq "work"].value` paths.
 */
export function patchUser(current: UserState, ops: readonly PatchOp[]): UserState {
  const state: Mutable = { ...current };
  const email = { value: current.email, type: 'work', primary: true };
  for (const op of ops) {
    const removing = op.op === 'remove';
    if (op.path === null) {
      for (const [key, value] of pathlessPairs(op.value as Record<string, unknown>)) setAttribute(state, key, value, false);
      continue;
    }
    const filtered = splitPath(op.path);
    if (filtered) {
      if (filtered.attribute !== 'emails') throw invalidPath(`"${op.path}" is not a path Roster can follow on a User.`);
      if (!valueMatches(filtered.filter, email)) {
        if (op.op === 'add') continue; // an address of another type: Roster keeps one address
        throw noTarget(`No address of this person matches ${JSON.stringify(filtered.filter)}.`);
      }
      if (filtered.sub !== null && filtered.sub !== 'value') {
        if (['type', 'primary', 'display'].includes(filtered.sub)) continue;
        throw invalidPath(`"${op.path}" names an unknown part of an address.`);
      }
      const value = filtered.sub === null && isObject(op.value) ? foldKeys(op.value).get('value') : op.value;
      setAttribute(state, 'emails.value', value, removing);
      continue;
    }
    setAttribute(state, attributeKeyOf(op.path), op.value, removing);
  }
  return state;
}

const attributeKeyOf = (path: string): string => pathlessPairs({ [path]: null })[0]?.[0] ?? path.toLowerCase();
