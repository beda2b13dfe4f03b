// App settings an admin edits in the app (AppSetting rows): one JSON value per key, validated by the key's zod
// schema on read and on write. A missing or invalid stored value reads as the schema's defaults, so a bad row
// never breaks a page; writes are audited.
import 'server-only';
import type { z } from 'zod';
import { db } from '@/lib/db';
import { audit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/session';
import type { Prisma } from '@/lib/generated/prisma/client';
import { log } from '@/lib/log';

export interface SettingDef<S extends z.ZodType> {
  /** Dotted key, e.g. 'simulator.rates'. */
  key: string;
  schema: S;
  /** The value used when none is stored (must satisfy the schema). */
  defaults: z.output<S>;
}

export function defineSetting<S extends z.ZodType>(def: SettingDef<S>): SettingDef<S> {
  return def;
}

export async function getSetting<S extends z.ZodType>(def: SettingDef<S>): Promise<z.output<S>> {
  const row = await db.appSetting.findUnique({ where: { key: def.key } });
  if (!row) return def.defaults;
  const parsed = def.schema.safeParse(row.value);
  if (parsed.success) return parsed.data;
  log.warn({ key: def.key, issues: parsed.error.issues.length }, 'stored setting is invalid; using defaults');
  return def.defaults;
}

export async function setSetting<S extends z.ZodType>(
  def: SettingDef<S>,
  value: unknown,
  actor: Actor,
): Promise<z.output<S>> {
  const parsed = def.schema.safeParse(value);
  if (!parsed.success) throw parsed.error;
  const json = JSON.parse(JSON.stringify(parsed.data)) as Prisma.InputJsonValue;
  const actorId = actor.kind === 'user' ? actor.id : null;
  await db.appSetting.upsert({
    where: { key: def.key },
    create: { key: def.key, value: json, updatedById: actorId },
    update: { value: json, updatedById: actorId, updatedAt: new Date() },
  });
  await audit(actor, 'setting.update', def.key, json);
  return parsed.data;
}

/** Guards a key name used in a URL or form (settings are only addressed through their definitions). */
export function assertSettingKey(key: string): void {
  if (!/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/.test(key)) {
    throw new AppError('settings.invalidKey', { key }, 400, 'key');
  }
}
