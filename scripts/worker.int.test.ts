// `npm run worker` as an operator runs it under a supervisor (output not a terminal): every line it writes is a
// JSON log line, and the lines a job writes carry that job's pg-boss id and queue, so they can be found together.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { db } from '@/lib/db';
import { enqueueTraining, stopBoss, TRAIN_QUEUE } from '@/lib/jobs/queue';

let t: TestDatabase;
let worker: ChildProcess | undefined;
let out = '';

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  await stopBoss();
  await t.drop();
});

async function until<T>(what: string, probe: () => T | Promise<T>, ms = 60_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (worker && worker.exitCode !== null)
      throw new Error(`the worker exited while waiting for ${what}:\n${out}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; worker output:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Line {
  level: number;
  msg: string;
  jobId?: string;
  queue?: string;
  trainingJobId?: string;
  [k: string]: unknown;
}

describe('npm run worker', () => {
  it('logs JSON lines, each of a job carrying its job id and queue', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.url };
    // As started by hand or by a supervisor, not by the test runner (which silences the log).
    for (const k of ['VITEST', 'VITEST_WORKER_ID', 'VITEST_POOL_ID', 'LOG_LEVEL', 'LOG_JSON', 'NODE_ENV'])
      delete env[k];
    worker = spawn(
      path.resolve('node_modules/.bin/tsx'),
      ['--conditions=react-server', 'scripts/worker.ts'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    worker.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    worker.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    // 'close', not 'exit': the last lines may still be in the pipe when the process has exited.
    const exited = new Promise<number | null>((r) => worker!.once('close', (code) => r(code)));

    await until('the worker to listen', () => out.includes('worker listening'));
    // Parameters no training accepts: the job fails at once with its reason, which is all this test needs.
    const job = await db.trainingJob.create({ data: { params: { name: 'x' } } });
    const queueJobId = await enqueueTraining(job.id);
    await until('the job to finish', async () => {
      const j = await db.trainingJob.findUniqueOrThrow({ where: { id: job.id } });
      return j.status === 'FAILED' && out.includes('training job failed');
    });
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);

    const lines = out.trim().split('\n');
    const parsed = lines.map((l) => {
      try {
        return JSON.parse(l) as Line;
      } catch {
        throw new Error(`not a JSON log line: ${l}`);
      }
    });
    const ofJob = parsed.filter((l) => l.trainingJobId === job.id);
    expect(ofJob.map((l) => l.msg)).toEqual(['training job started', 'training job failed']);
    for (const l of ofJob)
      expect(l).toMatchObject({ jobId: queueJobId, queue: TRAIN_QUEUE, service: 'proativa' });
    expect(ofJob[1]!.reason).toMatch(/^Invalid training parameters/);
    expect(parsed.find((l) => l.msg === 'worker listening (Ctrl-C to stop)')?.queues).toContain(TRAIN_QUEUE);
    expect(parsed.at(-1)!.msg).toBe('worker stopped');
  });
});
