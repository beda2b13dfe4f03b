// Reads for the Campanhas page: experiments with their results, and the outbox (counts by channel and status,
// skip reasons, the most recent messages with the client's contact masked unless the viewer may see it).
import 'server-only';
import { db } from '@/lib/db';
import { experimentResults } from '@/lib/engagement/experiments';
import { maskName, maskPhone } from '@/lib/privacy/mask';

export async function getExperiments() {
  const rows = await db.experiment.findMany({
    orderBy: [{ createdAt: 'desc' }],
    take: 50,
    include: { variants: { orderBy: { key: 'asc' } } },
  });
  return Promise.all(
    rows.map(async (e) => ({
      ...(await experimentResults(e.id)),
      templates: Object.fromEntries(e.variants.map((v) => [v.key, v.template])),
    })),
  );
}
export type ExperimentView = Awaited<ReturnType<typeof getExperiments>>[number];

export async function getOutbox(canSeePersonalData: boolean) {
  const [byChannel, reasons, recent] = await Promise.all([
    db.offer.groupBy({ by: ['channel', 'status'], _count: { _all: true } }),
    db.offer.groupBy({ by: ['reason'], where: { status: 'SKIPPED' }, _count: { _all: true } }),
    db.offer.findMany({
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      take: 20,
      select: {
        id: true,
        channel: true,
        status: true,
        reason: true,
        body: true,
        updatedAt: true,
        client: { select: { name: true, phone: true } },
      },
    }),
  ]);
  return {
    counts: byChannel.map((r) => ({ channel: r.channel, status: r.status, n: r._count._all })),
    reasons: reasons.map((r) => ({ reason: r.reason, n: r._count._all })).sort((a, b) => b.n - a.n),
    recent: recent.map((o) => ({
      id: o.id.toString(),
      channel: o.channel,
      status: o.status,
      reason: o.reason,
      body: o.body,
      updatedAt: o.updatedAt,
      name: canSeePersonalData ? o.client.name : maskName(o.client.name),
      phone: canSeePersonalData ? o.client.phone : maskPhone(o.client.phone),
    })),
  };
}
