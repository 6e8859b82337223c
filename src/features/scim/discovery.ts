import { MAX_RESULTS } from './list-query.js';
import { MAX_OPERATIONS } from './patch-ops.js';
import { BULK_MAX_OPERATIONS, BULK_MAX_PAYLOAD } from './run-scim-bulk.js';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, type Json, USER_SCHEMA } from './values.js';

/** ServiceProviderConfig (RFC 7643 §5): what this server does, stated as it is. */
export function serviceProviderConfig(baseUrl: string, docsUrl: string): Json {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: docsUrl,
    patch: { supported: true },
    // Enforced: more operations is 413 tooMany, a larger body 413.
    bulk: { supported: true, maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: BULK_MAX_PAYLOAD },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'API key',
        description: 'Authorization: Bearer <API key>, a key of the organization created with the "scim" scope.',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
    'x-roster': { maxPatchOperations: MAX_OPERATIONS },
  };
}

export function resourceTypes(baseUrl: string): Json[] {
  return [
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'A member of the organization; active: false is a removed member.',
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'A team of the organization; its members are the people placed in the team itself.',
      schema: GROUP_SCHEMA,
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

interface Attribute {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime';
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned?: 'always' | 'never' | 'default';
  uniqueness?: 'none' | 'server' | 'global';
  description: string;
  subAttributes?: Attribute[];
}

const attribute = (a: Attribute): Json => ({
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...a,
  ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attribute) } : {}),
});

const USER_ATTRIBUTES: Attribute[] = [
  {
    name: 'userName',
    type: 'string',
    required: true,
    uniqueness: 'server',
    description: 'The email address, or the username of a person without one. Unique ignoring case; only its letter case can change.',
  },
  { name: 'externalId', type: 'string', caseExact: true, description: "The identity provider's id for the person." },
  {
    name: 'name',
    type: 'complex',
    description: 'Names as the identity provider holds them.',
    subAttributes: [
      { name: 'givenName', type: 'string', description: 'First name.' },
      { name: 'familyName', type: 'string', description: 'Last name.' },
    ],
  },
  { name: 'displayName', type: 'string', mutability: 'readOnly', description: 'Given and family name.' },
  {
    name: 'emails',
    type: 'complex',
    multiValued: true,
    description: 'The one address Roster keeps (type work, primary); it cannot be changed over SCIM.',
    subAttributes: [
      { name: 'value', type: 'string', description: 'The address.' },
      { name: 'type', type: 'string', mutability: 'readOnly', description: 'Always "work".' },
      { name: 'primary', type: 'boolean', mutability: 'readOnly', description: 'Always true.' },
    ],
  },
  { name: 'active', type: 'boolean', description: 'false removes the member (seat returned, history kept); true adds them back.' },
  {
    name: 'password',
    type: 'string',
    mutability: 'writeOnly',
    returned: 'never',
    description: 'Used only for people without an address; otherwise ignored.',
  },
];

const ENTERPRISE_ATTRIBUTES: Attribute[] = [
  { name: 'employeeNumber', type: 'string', description: 'Kept as the identity provider sends it.' },
  { name: 'department', type: 'string', description: 'Kept as the identity provider sends it.' },
];

const GROUP_ATTRIBUTES: Attribute[] = [
  {
    name: 'displayName',
    type: 'string',
    required: true,
    uniqueness: 'server',
    description: "The team's name: 2–200 characters, unique among the teams beside it ignoring case (409 uniqueness).",
  },
  {
    name: 'members',
    type: 'complex',
    multiValued: true,
    description: 'People placed in the team itself. Added as learners: a public team also places them in the teams above it.',
    subAttributes: [
      { name: 'value', type: 'string', mutability: 'immutable', description: 'The id of a User (active).' },
      { name: 'display', type: 'string', mutability: 'readOnly', description: "The User's userName." },
      { name: '$ref', type: 'reference', mutability: 'readOnly', description: 'The URI of the User.' },
      { name: 'type', type: 'string', mutability: 'readOnly', description: 'Always "User".' },
    ],
  },
];

export function schemas(baseUrl: string): Json[] {
  const schema = (id: string, name: string, description: string, attributes: Attribute[]): Json => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id,
    name,
    description,
    attributes: attributes.map(attribute),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${id}` },
  });
  return [
    schema(USER_SCHEMA, 'User', 'A member of the organization.', USER_ATTRIBUTES),
    schema(ENTERPRISE_SCHEMA, 'EnterpriseUser', 'The parts of the enterprise extension Roster keeps.', ENTERPRISE_ATTRIBUTES),
    schema(GROUP_SCHEMA, 'Group', 'A team of the organization.', GROUP_ATTRIBUTES),
  ];
}
