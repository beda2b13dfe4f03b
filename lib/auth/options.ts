// next-auth configuration: e-mail + password against the User table, JWT sessions carrying only the user id.
// Role and active status are re-read from the database on every request (lib/auth/session.ts).
import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { checkCredentials } from '@/lib/auth/login';
import { authSecret } from '@/lib/auth/secret';

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
        async authorize(credentials) {
          const email = typeof credentials?.email === 'string' ? credentials.email : '';
          const password = typeof credentials?.password === 'string' ? credentials.password : '';
          if (!email || !password) throw new Error('INVALID');
          const r = await checkCredentials(email, password);
          if (!r.ok) throw new Error(r.code === 'LOCKED' ? `LOCKED:${r.retryAfterSeconds ?? 60}` : r.code);
          return { id: r.user.id, email: r.user.email, name: r.user.name };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub };
      },
    },
  };
}
