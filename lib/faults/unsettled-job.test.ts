// The guard lib/jobs/queue.ts installs for pg-boss's un-awaited complete()/fail(): it recognises exactly those
// rejections (a database error raised inside Manager.complete or Manager.fail) and nothing else.
import { describe, expect, it } from 'vitest';
import { isUnsettledJobError } from '@/lib/jobs/queue';

const withStack = (stack: string) =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { stack });

describe('isUnsettledJobError', () => {
  it('matches a connection error from pg-boss recording a job outcome', () => {
    for (const fn of ['fail', 'complete']) {
      const e = withStack(
        `Error: connect ECONNREFUSED 127.0.0.1:5432\n    at /app/node_modules/pg-pool/index.js:45:11\n` +
          `    at async Db.executeSql (/app/node_modules/pg-boss/src/db.js:42:14)\n` +
          `    at async Manager.${fn} (/app/node_modules/pg-boss/src/manager.js:493:20)`,
      );
      expect(isUnsettledJobError(e)).toBe(true);
    }
  });

  it('leaves every other rejection alone', () => {
    expect(isUnsettledJobError(new Error('boom'))).toBe(false);
    expect(isUnsettledJobError('a string')).toBe(false);
    expect(isUnsettledJobError(undefined)).toBe(false);
    const fetch = withStack(
      `Error: x\n    at async Manager.fetch (/app/node_modules/pg-boss/src/manager.js:300:20)`,
    );
    expect(isUnsettledJobError(fetch)).toBe(false);
    const ours = withStack(`Error: x\n    at async Manager.fail (/app/lib/other/manager.js:1:1)`);
    expect(isUnsettledJobError(ours)).toBe(false);
  });
});
