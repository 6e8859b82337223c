import { Type } from 'typebox';

export const JoinParams = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 100, description: "A shareable link's key, or a join page's address (slug)." }),
});

export const WayInPeekView = Type.Object({
  kind: Type.Union([Type.Literal('link'), Type.Literal('join_page')]),
  orgName: Type.String(),
  domains: Type.Array(Type.String(), { description: 'Accepted email domains (ASCII); empty: any verified address.' }),
  domainsText: Type.String({ description: 'The domains as a visitor reads them, e.g. "acme.com or any subdomain of bücher.de".' }),
  full: Type.Union([Type.String(), Type.Null()], {
    description: 'Set when the organization cannot take anyone now: the sentence to show.',
  }),
});

export const JoinBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }) }, { additionalProperties: false });
export const JoinAnswer = Type.Object({ message: Type.String() });
