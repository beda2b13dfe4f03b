// Shared ending for command-line tools: a clear one-line message, never a stack trace (unless DEBUG is set).
export function fail(e: unknown): never {
  const msg = e instanceof Error ? e.message : String(e);
  console.error(`\nError: ${msg}`);
  if (process.env.DEBUG && e instanceof Error) console.error(e.stack);
  process.exit(1);
}
