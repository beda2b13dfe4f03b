// Redirects signed-out browsers to /login. Not an authorization layer: every page, action and route handler
// checks permission again through lib/auth/session.ts.
import { NextResponse, type NextRequest } from 'next/server';

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

export function proxy(request: NextRequest) {
  const signedIn = SESSION_COOKIES.some((c) => request.cookies.has(c));
  if (signedIn) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = '/login';
  url.search = '';
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ['/((?!login|api|_next|favicon.ico|.*\\.(?:png|svg|ico|css|js|woff2?)$).*)'],
};
