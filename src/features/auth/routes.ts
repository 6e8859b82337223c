import { Type } from 'typebox';
import { errorResponses } from '../../http/schemas.js';
import { clearSessionCookie, setSessionCookie } from '../../http/session-cookie.js';
import type { RouteModule } from '../../http/types.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULES } from '../../lib/password.js';
import { getPasswordToken } from './get-password-token.js';
import { getSession } from './get-session.js';
import { requestPasswordReset } from './request-password-reset.js';
import {
  LoginBody,
  PasswordResetAccepted,
  PasswordResetBody,
  PasswordRulesView,
  PasswordTokenView,
  SessionView,
  SetPasswordBody,
  TokenParams,
} from './schemas.js';
import { setPassword } from './set-password.js';
import { signIn } from './sign-in.js';
import { signOut } from './sign-out.js';

const tags = ['Authentication'];
const withLinkErrors = { ...errorResponses, 410: Type.Ref('Problem'), 429: Type.Ref('Problem') };

export const authRoutes: RouteModule = (app, services) => {
  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in with an email address or username and a password',
        description: 'Sets the HTTP-only session cookie. Rate-limited per IP address and per account.',
        body: LoginBody,
        response: { 200: SessionView, ...withLinkErrors },
      },
    },
    async (request, reply) => {
      const signedIn = await signIn(services, request.actor, {
        login: request.body.login,
        password: request.body.password,
        userAgent: request.headers['user-agent'] ?? null,
        previousSessionToken: request.sessionToken,
      });
      setSessionCookie(reply, signedIn, services.config.publicUrl);
      return signedIn.view;
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags,
        summary: 'Sign out: ends the session and clears the cookie',
        response: { 204: Type.Null({ description: 'Signed out.' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      await signOut(services, request.actor, request.sessionToken);
      clearSessionCookie(reply, services.config.publicUrl);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/session',
    {
      schema: {
        tags,
        summary: 'Who is signed in, their organizations and the CSRF token',
        response: { 200: SessionView, ...errorResponses },
      },
    },
    async (request) => getSession(services, request.actor, request.sessionToken),
  );

  app.post(
    '/api/v1/auth/password-reset',
    {
      schema: {
        tags,
        summary: 'Mail a password reset link',
        description: 'Always answers 202 for a well-formed address: the answer never reveals whether it belongs to an account.',
        body: PasswordResetBody,
        response: { 202: PasswordResetAccepted, ...withLinkErrors },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(services, request.actor, { email: request.body.email });
      return reply.status(202).send({ status: 'sent-if-known' as const });
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags,
        summary: 'Choose a password with a set-up or reset link, and sign in',
        description: 'The link works once. Every other session of the account ends.',
        body: SetPasswordBody,
        response: { 200: SessionView, ...withLinkErrors },
      },
    },
    async (request, reply) => {
      const signedIn = await setPassword(services, request.actor, {
        token: request.body.token,
        password: request.body.password,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(reply, signedIn, services.config.publicUrl);
      return signedIn.view;
    },
  );

  app.get(
    '/api/v1/auth/password-tokens/:token',
    {
      schema: {
        tags,
        summary: 'Whom a set-up or reset link is for, while it is still valid',
        params: TokenParams,
        response: { 200: PasswordTokenView, ...withLinkErrors },
      },
    },
    async (request) => getPasswordToken(services, request.actor, request.params.token),
  );

  app.get(
    '/api/v1/auth/password-rules',
    { schema: { tags, summary: 'The password rules, to show before the form is sent', response: { 200: PasswordRulesView } } },
    async () => ({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, rules: PASSWORD_RULES }),
  );
};
