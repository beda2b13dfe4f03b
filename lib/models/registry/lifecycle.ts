// Status changes of registered versions: CANDIDATE → CHALLENGER → CHAMPION → RETIRED, with exactly one champion
// at a time. Each runs in one transaction under the registry lock and writes its audit row in it.
import 'server-only';
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import type { Prisma } from '@/lib/generated/prisma/client';
import { modelLabel as label, RegistryError } from './errors';
import { MODEL_SUMMARY } from './read';
import { auditTx, findOrThrow, lock } from './tx';

/**
 * The one way a version becomes champion (promotion and rollback alike), inside the caller's locked
 * transaction: the current champion, if any, is retired, so there is never more than one.
 */
async function crown(tx: Prisma.TransactionClient, id: string) {
  const previous = await tx.modelVersion.findFirst({
    where: { status: 'CHAMPION' },
    select: { id: true, name: true, version: true },
  });
  const now = new Date();
  if (previous) {
    await tx.modelVersion.update({ where: { id: previous.id }, data: { status: 'RETIRED', retiredAt: now } });
  }
  const row = await tx.modelVersion.update({
    where: { id },
    data: { status: 'CHAMPION', promotedAt: now, retiredAt: null },
    select: MODEL_SUMMARY,
  });
  return { previous, row };
}

/** Makes a version the champion; the previous champion becomes RETIRED. Exactly one champion at a time. */
export async function promoteToChampion(id: string, actor: Actor | null) {
  return db.$transaction(async (tx) => {
    await lock(tx);
    const target = await findOrThrow(tx, id);
    if (target.status === 'CHAMPION') {
      throw new RegistryError('invalid-state', 'model.alreadyChampion', { model: label(target) });
    }
    const { previous, row } = await crown(tx, id);
    await auditTx(tx, actor, 'model.promote', id, {
      model: label(target),
      from: target.status,
      previousChampion: previous ? { id: previous.id, model: label(previous) } : null,
    });
    return { champion: row, retired: previous };
  });
}

/** Re-promotes the most recently retired former champion; the current champion (if any) is retired. */
export async function rollback(actor: Actor | null) {
  return db.$transaction(async (tx) => {
    await lock(tx);
    const target = await tx.modelVersion.findFirst({
      where: { status: 'RETIRED', promotedAt: { not: null } },
      orderBy: [{ retiredAt: 'desc' }, { promotedAt: 'desc' }],
      select: { id: true, name: true, version: true },
    });
    if (!target) throw new RegistryError('nothing-to-rollback', 'model.nothingToRollback');
    const { previous: current, row } = await crown(tx, target.id);
    await auditTx(tx, actor, 'model.rollback', target.id, {
      model: label(target),
      replaced: current ? { id: current.id, model: label(current) } : null,
    });
    return { champion: row, retired: current };
  });
}

/** Shadow-scores a CANDIDATE or RETIRED version next to the champion (it never drives decisions). */
export async function setChallenger(id: string, actor: Actor | null = null) {
  return db.$transaction(async (tx) => {
    await lock(tx);
    const target = await findOrThrow(tx, id);
    if (target.status === 'CHAMPION') {
      throw new RegistryError('invalid-state', 'model.championNotChallenger', { model: label(target) });
    }
    if (target.status === 'CHALLENGER') {
      throw new RegistryError('invalid-state', 'model.alreadyChallenger', { model: label(target) });
    }
    const row = await tx.modelVersion.update({
      where: { id },
      data: { status: 'CHALLENGER', retiredAt: null },
      select: MODEL_SUMMARY,
    });
    await auditTx(tx, actor, 'model.challenger', id, { model: label(target), from: target.status });
    return row;
  });
}

/** Retires a candidate or challenger. The champion is never retired alone: promote or roll back instead. */
export async function retire(id: string, actor: Actor | null = null) {
  return db.$transaction(async (tx) => {
    await lock(tx);
    const target = await findOrThrow(tx, id);
    if (target.status === 'CHAMPION') {
      throw new RegistryError('invalid-state', 'model.championNotRetired', { model: label(target) });
    }
    if (target.status === 'RETIRED') {
      throw new RegistryError('invalid-state', 'model.alreadyRetired', { model: label(target) });
    }
    const row = await tx.modelVersion.update({
      where: { id },
      data: { status: 'RETIRED', retiredAt: new Date() },
      select: MODEL_SUMMARY,
    });
    await auditTx(tx, actor, 'model.retire', id, { model: label(target), from: target.status });
    return row;
  });
}
