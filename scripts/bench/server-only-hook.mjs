// For benchmarks that call route handlers in-process: Next's route modules need React's ordinary build (not the
// react-server condition), where 'server-only' throws on import. This hook resolves it to an empty module,
// as the test configuration does (vitest.config.ts).
import { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === 'server-only') return { url: 'data:text/javascript,export {}', shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
