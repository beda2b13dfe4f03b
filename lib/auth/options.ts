// next-auth configuration: e-mail + password against the User table (throttled per address and account in
// lib/auth/login.ts), JWT sessions carrying the user id and the user's token version. Role and active status
// are re-read on every request (lib/auth/session.ts); signing out bumps the version, revoking every copy of
// the session token.
import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { checkCredentials } from '@/lib/auth/login';
import { clientAddress } from '@/lib/auth/client-address';
import { authSecret } from '@/lib/auth/secret';
import { UUID_RE } from '@/lib/validations/common';
import { log } from '@/lib/log';

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
    pages: { signIn: '/login' },
    providers: [
      CredentialsProvider({
        name: 'E-mail',
        credentials: {
          email: { label: 'E-mail', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(credentials, req) {
          const email = typeof credentials?.email === 'string' ? credentials.email : '';
          const password = typeof credentials?.password === 'string' ? credentials.password : '';
          if (!email || !password) throw new Error('INVALID');
          const address = clientAddress(req?.headers ?? {}, env().TRUST_PROXY);
          const r = await checkCredentials(email, password, { address });
          // The code reaches the login form as ?error=; INVALID also covers throttled attempts, on purpose.
          if (!r.ok) throw new Error(r.code);
          return { id: r.user.id, email: r.user.email, name: r.user.name, tokenVersion: r.user.tokenVersion };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.ver = (user as { tokenVersion?: number }).tokenVersion ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub, tokenVersion: token.ver };
      },
    },
    events: {
      async signOut({ token }) {
        const id = token?.sub;
        if (typeof id !== 'string' || !UUID_RE.test(id)) return;
        // Only a current token may revoke: replaying a token already revoked must not sign the user out of
        // the session they opened since.
        const version = typeof token.ver === 'number' ? token.ver : 0;
        await db.user.updateMany({
          where: { id, tokenVersion: version },
          data: { tokenVersion: { increment: 1 } },
        });
      },
    },
    logger: {
      error: (code, metadata) => log.error({ code, metadata }, 'next-auth error'),
      warn: (code) => log.warn({ code }, 'next-auth warning'),
      debug: (code, metadata) => log.debug({ code, metadata }, 'next-auth debug'),
    },
  };
}
