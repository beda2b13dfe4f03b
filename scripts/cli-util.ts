// Shared ending for command-line tools: a clear one-line message, never a stack trace (unless DEBUG is set).
import path from 'node:path';
import { pathToFileURL } from 'node:url';

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

export interface LineIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

/**
 * Runs `main` when this file is the process's entry script (not when a test imports it), printing one line per
 * call and setting the exit code it returns; an unexpected error is one line (its stack only with DEBUG).
 */
export function runCli(moduleUrl: string, main: (argv: string[], io: LineIo) => Promise<number>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(path.resolve(process.argv[1])).href) return;
  main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(`${s}\n`),
    stderr: (s) => process.stderr.write(`${s}\n`),
  })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((e: unknown) => {
      process.stderr.write(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
      if (process.env.DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
      process.exitCode = 1;
    });
}
