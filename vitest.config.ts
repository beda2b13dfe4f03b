import { defineConfig } from 'vitest/config';
import path from 'node:path';

const alias = {
  '@': path.resolve(import.meta.dirname),
  // 'server-only' throws outside React Server Components; tests run server code directly.
  'server-only': path.resolve(import.meta.dirname, 'lib/test/empty-module.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['{lib,app,components,scripts,prisma}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.fault.test.ts', '**/*.slow.test.ts', 'node_modules/**'],
          environment: 'node',
          // Files share their worker's module cache: 81 files in 30 s instead of 80 s, nearly all of it spent
          // importing the same modules again per file. Unit tests hold no global state (no database, no env).
          isolate: false,
          testTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['{lib,app,components,scripts,prisma}/**/*.int.test.ts'],
          environment: 'node',
          globalSetup: ['lib/test/global-setup.ts'],
          testTimeout: 120_000,
          env: { NEXTAUTH_SECRET: 'test-secret-that-is-long-enough-0123456789' },
          hookTimeout: 120_000,
          // Each file creates its own database, so two files run side by side (the machine has 2 cores).
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        resolve: { alias },
        // Every fault-injection test (`npm run test:faults`), one after the other: the slow ones (*.fault.test.ts:
        // a database stopped mid-run) and the fast ones CI also runs in the integration project (the worker
        // killed mid-chunk, the ingesting process killed, the provider outage, the full disk).
        test: {
          name: 'faults',
          include: [
            '{lib,app,scripts}/**/*.fault.test.ts',
            '{lib,app,scripts}/**/*.slow.test.ts',
            'lib/faults/**/*.int.test.ts',
            'lib/scoring/worker-kill.int.test.ts',
          ],
          environment: 'node',
          // The fast ones share a throwaway cluster (each file its own database); the slow ones start their own.
          globalSetup: ['lib/test/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          env: { NEXTAUTH_SECRET: 'test-secret-that-is-long-enough-0123456789' },
          fileParallelism: false,
        },
      },
    ],
  },
});
