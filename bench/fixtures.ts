import { randomBytes } from 'node:crypto';
import { type BenchClient, expectStatus } from './client.js';

/** What every scenario needs: the way in, and the operator's token. */
export interface Context {
  readonly client: BenchClient;
  readonly operatorToken: string;
  /** Requests in flight at once. */
  readonly concurrency: number;
}

/** A paid organization with room to spare, created through the API by the operator. */
export async function createPaidOrg(context: Context, name: string, seats = 1_000_000): Promise<string> {
  const slug = `bench-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(3).toString('hex')}`;
  const response = await context.client.request(
    'POST',
    '/api/v1/orgs',
    { name: `Bench ${name}`, slug, kind: 'paid', seats },
    { bearer: context.operatorToken },
  );
  expectStatus(response, 201, `create org ${name}`);
  return (response.body as { id: string }).id;
}
