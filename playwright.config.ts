import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's chromium (installed by .ci/run); Playwright cannot download its own browsers here.
const executablePath =
  process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** Specs whose writes change what other specs read: never run beside another spec. */
const SERIAL = /\/(alerts|features|ingestion|models|retraining|scoring)\.spec\.ts$/;

export default defineConfig({
  testDir: 'e2e',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // Two browsers at a time (the machine has 2 cores): the specs that only read or add rows of their own run side by
  // side; those that change what other specs see (a new champion, a scoring run, an upload, a claimed alert) run
  // one at a time after them (project "serial").
  workers: 2,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: process.env.BASE_URL ?? 'http://localhost:3000',
    trace: 'on-first-retry',
    locale: 'pt-BR',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-dev-shm-usage',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'chromium', testIgnore: [/auth\.setup\.ts/, SERIAL], dependencies: ['setup'] },
    { name: 'serial', testMatch: SERIAL, dependencies: ['chromium'], workers: 1 },
  ],
});
