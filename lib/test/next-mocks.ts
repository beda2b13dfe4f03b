// Stand-ins for the Next.js request context in integration tests: who is signed in, cookies and cache
// revalidation. Server code under test is the real code; only the framework's request plumbing is replaced.
import { vi } from 'vitest';

export const session = { userId: null as string | null, cookies: new Map<string, string>() };

export function signInAs(userId: string | null) {
  session.userId = userId;
}

vi.mock('next-auth', async (importOriginal) => {
  const orig = await importOriginal<typeof import('next-auth')>();
  return {
    ...orig,
    getServerSession: vi.fn(async () => (session.userId ? { userId: session.userId } : null)),
  };
});

vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) =>
      session.cookies.has(name) ? { name, value: session.cookies.get(name) } : undefined,
    set: (name: string, value: string) => void session.cookies.set(name, value),
  }),
  headers: async () => new Headers(),
}));

vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

vi.mock('next/navigation', () => ({
  redirect: (url: string) => {
    throw new Error(`NEXT_REDIRECT:${url}`);
  },
  forbidden: () => {
    throw new Error('NEXT_FORBIDDEN');
  },
  notFound: () => {
    throw new Error('NEXT_NOT_FOUND');
  },
}));
