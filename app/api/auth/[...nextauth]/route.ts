// next-auth's endpoints (sign-in, session, CSRF token, sign-out). Anyone can post here, so the body is read
// with a small cap first: next-auth itself would read whatever it is sent.
import NextAuth from 'next-auth';
import { NextRequest } from 'next/server';
import { apiError, readBodyCapped } from '@/lib/api/respond';
import { authOptions } from '@/lib/auth/options';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';

/** A sign-in form is an e-mail, a password and a CSRF token: a few hundred bytes. */
const AUTH_MAX_BYTES = 16 * 1024;

type Context = { params: Promise<{ nextauth: string[] }> };

// Built per request so configuration errors surface as a clear 500, not at import time.
async function handle(req: NextRequest, ctx: Context) {
  if (req.method !== 'POST') return NextAuth(authOptions())(req, ctx);
  const body = await readBodyCapped(req, AUTH_MAX_BYTES);
  if (body === 'too-large') {
    const message = translateKey(localeOfRequest(req), 'api.body.tooLarge', { limit: AUTH_MAX_BYTES });
    return apiError(413, 'PAYLOAD_TOO_LARGE', message);
  }
  const capped = new NextRequest(req.url, {
    method: 'POST',
    headers: req.headers,
    body: body as Uint8Array<ArrayBuffer>,
  });
  return NextAuth(authOptions())(capped, ctx);
}

export { handle as GET, handle as POST };
