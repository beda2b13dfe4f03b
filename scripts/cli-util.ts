// Shared ending for command-line tools: a clear one-line message, never a stack trace (unless DEBUG is set).
export function fail(e: unknown): never {
  const msg = e instanceof Error ? e.message : String(e);
  console.error(`\nError: ${msg}`);
  if (process.env.DEBUG && e instanceof Error) console.error(e.stack);
  process.exit(1);
}

/**
 * The language of a command-line tool's messages: Portuguese when the terminal's locale says so (LANG=pt_BR...),
 * else English, which is also the language of the tools' own report lines.
 */
export function cliLocale(env: NodeJS.ProcessEnv = process.env): 'pt-BR' | 'en' {
  const tag = (env.LC_ALL || env.LC_MESSAGES || env.LANG || '').toLowerCase();
  return tag.startsWith('pt') ? 'pt-BR' : 'en';
}
