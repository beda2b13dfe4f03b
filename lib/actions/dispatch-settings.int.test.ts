// The offer expiry setting's action (save-dispatch-settings, settings:manage): a valid save is what the
// dispatcher then reads (getSetting(engagementDispatch), as lib/engagement/dispatch.ts does) and is audited;
// out-of-range or non-numeric days are refused naming the field; other roles change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { db } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { initialActionState } from '@/lib/actions/action-state';
import { saveDispatchSettings } from '@/lib/actions/save-dispatch-settings';
import { getSetting } from '@/lib/settings/store';
import { engagementDispatch } from '@/lib/settings/engagement';

let t: TestDatabase;
let ids: Record<Role, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
});
afterAll(async () => {
  await t.drop();
});

function form(days: string) {
  const f = new FormData();
  f.set('offerExpiryDays', days);
  return f;
}

describe('dispatch settings', () => {
  it('is refused to non-admin roles, nothing stored', async () => {
    for (const role of ['DATA_SCIENTIST', 'MANAGER'] as const) {
      signInAs(ids[role]);
      const r = await saveDispatchSettings(initialActionState, form('60'));
      expect(r.ok).toBe(false);
      expect(r.status).toBe(403);
    }
    expect(await db.appSetting.count({ where: { key: engagementDispatch.key } })).toBe(0);
    expect((await getSetting(engagementDispatch)).offerExpiryDays).toBe(35);
  });

  it('saves the days, read back as the dispatcher reads them, audited', async () => {
    signInAs(ids.ADMIN);
    const r = await saveDispatchSettings(initialActionState, form('60'));
    expect(r.ok).toBe(true);
    expect(r.message).toContain('60');
    expect(await getSetting(engagementDispatch)).toEqual({ offerExpiryDays: 60 });
    const audits = await db.auditLog.findMany({
      where: { action: 'setting.update', target: engagementDispatch.key },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorId).toBe(ids.ADMIN);
    expect(audits[0]!.details).toEqual({ offerExpiryDays: 60 });
  });

  it('refuses 0, 366 and a non-number naming the field, keeping the stored value', async () => {
    signInAs(ids.ADMIN);
    for (const bad of ['0', '366', 'abc', '2.5']) {
      const r = await saveDispatchSettings(initialActionState, form(bad));
      expect(r.ok, bad).toBe(false);
      expect(r.status, bad).toBe(400);
      expect(Object.keys(r.fieldErrors ?? {}), bad).toEqual(['offerExpiryDays']);
    }
    expect((await getSetting(engagementDispatch)).offerExpiryDays).toBe(60);
  });
});
