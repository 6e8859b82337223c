import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import helmet from 'helmet';
import { AppError } from '../lib/errors.js';
import type { Services } from '../services.js';
import { registerAuthentication } from './authenticate.js';
import { errorHandler, sendProblem } from './problem.js';
import { registerRoutes } from './routes.js';
import { Problem } from './schemas.js';
import type { App } from './types.js';
import { validatorCompiler } from './validation.js';

const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      scriptSrc: ["'self'"],
      frameSrc: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
});

export interface AppOptions {
  readonly services: Services;
  readonly operatorToken: string;
  /** Throws when the database is unreachable or migrations are missing. */
  readonly readiness: () => Promise<void>;
  readonly logger?: FastifyServerOptions['logger'];
  readonly trustProxy?: boolean;
  /** Directory of the built web app; served at / when it exists. */
  readonly webDir?: string;
}

/** Secrets travel in some URLs (invitation links): logs show the path with the token masked. */
export function redactUrl(url: string): string {
  return url.replace(/\/[A-Za-z0-9_-]{43}(?=[/?#]|$)/g, '/[token]');
}

export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler());
  app.setErrorHandler(errorHandler);
  app.addSchema(Problem);

  await app.register(cookie);
  // Security headers, the middleware built once: @fastify/helmet built it again for every
  // request, parsing the CSP directives each time (4 KB and 0.03 ms a request, --cpu-prof).
  app.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined)),
  );
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Roster API',
        version: '1.0.0',
        description:
          'Organizations, seats, invitations, set-up accounts and the audit log. Errors are RFC 9457 problem+json with a stable `code`. ' +
          'Authenticate with `Authorization: Bearer <operator token>` or `Bearer <API key>` (`rst_…`, per organization; ' +
          'RateLimit fields tell what is left of its minute), or with the session cookie plus `X-CSRF-Token` on writes.',
      },
      components: {
        securitySchemes: {
          operator: { type: 'http', scheme: 'bearer' },
          apiKey: { type: 'http', scheme: 'bearer', description: "An organization's API key, `rst_…`." },
          session: { type: 'apiKey', in: 'cookie', name: 'roster_session' },
        },
      },
      security: [{ operator: [] }, { apiKey: [] }, { session: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  // Spreadsheet uploads: one file, read as a stream. One byte over the limit is let
  // through so the reader can say the file is too large instead of seeing it cut short.
  await app.register(multipart, {
    limits: { files: 1, fields: 5, parts: 6, fileSize: options.services.config.importMaxBytes + 1 },
  });

  registerAuthentication(app, {
    db: options.services.db,
    operatorToken: options.operatorToken,
    apiKeyRatePerMinute: options.services.config.apiKeyRatePerMinute,
  });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await options.readiness();
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'not ready');
      return sendProblem(reply, request, new AppError('unavailable', error instanceof Error ? error.message : 'Not ready.'));
    }
  });

  registerRoutes(app, options.services);

  const webDir = options.webDir;
  const indexHtml = webDir ? join(webDir, 'index.html') : null;
  if (webDir && indexHtml && existsSync(indexHtml)) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isApi = path.startsWith('/api/') || path.startsWith('/scim/') || path === '/api';
    if (!isApi && (request.method === 'GET' || request.method === 'HEAD') && indexHtml && existsSync(indexHtml)) {
      // Client-side routes (deep links, the back button) all load the single-page app.
      return reply.type('text/html').sendFile('index.html');
    }
    return sendProblem(reply, request, new AppError('not_found', `No route matches ${request.method} ${redactUrl(path)}.`));
  });

  return app;
}
