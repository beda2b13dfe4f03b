import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';

// Built per request so configuration errors surface as a clear 500, not at import time.
async function handle(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(req, ctx);
}

export { handle as GET, handle as POST };
