import type { Role } from '../../db/schema.js';

/** Who is calling, as established by the HTTP layer (or a CLI, or a test). */
export type Actor =
  | { readonly kind: 'operator'; readonly ip: string | null }
  | { readonly kind: 'account'; readonly accountId: string; readonly label: string; readonly ip: string | null }
  /** An organization's API key (`Authorization: Bearer rst_…`): acts in that organization only, with its role. */
  | {
      readonly kind: 'key';
      readonly keyId: string;
      readonly orgId: string;
      readonly role: Role;
      readonly scopes: readonly string[];
      readonly label: string;
      readonly ip: string | null;
    }
  | { readonly kind: 'anonymous'; readonly ip: string | null };

export const operatorActor = (ip: string | null = null): Actor => ({ kind: 'operator', ip });
export const anonymousActor = (ip: string | null = null): Actor => ({ kind: 'anonymous', ip });
