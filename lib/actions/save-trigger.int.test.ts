// The save-trigger action (monitoring:manage) as the Monitoramento trigger form posts it: a FormData with every
// field, "Meses comparados" (windowMonths) stored as given, an empty one stored as null (the default 3), out of
// 1..24 refused naming the field; an unchecked "Ativo" (only the hidden "false") disables; refused roles change
// nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { db } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { initialActionState } from '@/lib/actions/action-state';
import { saveTrigger } from '@/lib/actions/save-trigger';
import { getTriggers } from '@/lib/monitoring/read';

let t: TestDatabase;
let ids: Record<Role, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
});
afterAll(async () => {
  await t.drop();
});

const FORM = {
  name: 'desafiante-6m',
  metric: 'challengerP',
  comparator: '<',
  threshold: '0.05',
  periodKind: 'MONTH',
  cohort: 'all',
  feature: '',
  minSample: '500',
  cooldownDays: '7',
  action: 'CHALLENGER_READY',
  windowMonths: '6',
};

/** As the browser sends it: the hidden enabled=false first, then the checkbox's "on" when checked. */
function form(v: Record<string, string>, checked = true) {
  const f = new FormData();
  f.append('enabled', 'false');
  if (checked) f.append('enabled', 'on');
  for (const [k, x] of Object.entries(v)) f.set(k, x);
  return f;
}

const stored = async (name: string) => (await getTriggers()).triggers.find((x) => x.name === name);

describe('save-trigger', () => {
  it('refuses a manager and an executive, nothing stored', async () => {
    for (const role of ['MANAGER', 'EXECUTIVE'] as const) {
      signInAs(ids[role]);
      const r = await saveTrigger(initialActionState, form(FORM));
      expect(r.status).toBe(403);
    }
    expect(await db.monitoringTrigger.count()).toBe(0);
  });

  it('creates with windowMonths, edits it back to empty (null = 3) and disables', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const r = await saveTrigger(initialActionState, form(FORM));
    expect(r.ok).toBe(true);
    let row = await stored(FORM.name);
    expect(row).toMatchObject({ metric: 'challengerP', windowMonths: 6, enabled: true, cohort: 'all' });
    const id = String(row!.id);
    const r2 = await saveTrigger(
      initialActionState,
      form({ ...FORM, id, windowMonths: '', cohort: '', threshold: '0.01' }, false),
    );
    expect(r2.ok).toBe(true);
    row = await stored(FORM.name);
    expect(row).toMatchObject({ id, windowMonths: null, enabled: false, cohort: null, threshold: 0.01 });
    expect(await db.monitoringTrigger.count()).toBe(1);
  });

  it('refuses windowMonths 0, 25, 2.5 and "abc" naming the field, keeping the stored trigger', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const before = await stored(FORM.name);
    for (const bad of ['0', '25', '2.5', 'abc']) {
      const r = await saveTrigger(
        initialActionState,
        form({ ...FORM, id: String(before!.id), windowMonths: bad }),
      );
      expect(r.ok, bad).toBe(false);
      expect(r.status, bad).toBe(400);
      expect(Object.keys(r.fieldErrors ?? {}), bad).toEqual(['windowMonths']);
    }
    expect(await stored(FORM.name)).toEqual(before);
  });
});
