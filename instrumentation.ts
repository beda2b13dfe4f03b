// Runs once when the server starts: refuse to serve with bad configuration (e.g. production without a real
// NEXTAUTH_SECRET) instead of failing on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env } = await import('@/lib/env');
  const { authSecret } = await import('@/lib/auth/secret');
  try {
    env();
    authSecret();
  } catch (e) {
    console.error(`\nProativa cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
