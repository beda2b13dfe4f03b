// Pure dispatch rules (no DB): quiet hours in America/Sao_Paulo, the frequency cap, opt-out reply matching.
// Sao Paulo has had no daylight saving time since 2019, so local time is a fixed UTC-03:00.

export const SAO_PAULO_OFFSET_MINUTES = -180;
export const QUIET_START_HOUR = 21;
export const QUIET_END_HOUR = 8;
export const FREQUENCY_CAP_DAYS = 30;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Local Sao Paulo hour (0-23) of an instant. */
export function saoPauloHour(at: Date): number {
  const local = new Date(at.getTime() + SAO_PAULO_OFFSET_MINUTES * 60_000);
  return local.getUTCHours();
}

/** True when messages must not go out (21:00 <= local < 08:00). */
export function inQuietHours(at: Date): boolean {
  const h = saoPauloHour(at);
  return h >= QUIET_START_HOUR || h < QUIET_END_HOUR;
}

/** The next 08:00 Sao Paulo at or after `at` (used as nextAttemptAt when deferring). */
export function nextQuietEnd(at: Date): Date {
  const offset = SAO_PAULO_OFFSET_MINUTES * 60_000;
  const local = new Date(at.getTime() + offset);
  const eight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), QUIET_END_HOUR);
  const target = local.getTime() < eight ? eight : eight + DAY;
  return new Date(target - offset);
}

/**
 * The frequency cap: an offer may go out unless the client already had one SENT (or later) within the window.
 * `lastSentAt` is the latest sentAt of the client's other offers.
 */
export function capBlocks(lastSentAt: Date | null, now: Date, days = FREQUENCY_CAP_DAYS): boolean {
  if (!lastSentAt) return false;
  return now.getTime() - lastSentAt.getTime() < days * DAY;
}

export const OPT_OUT_WORDS = ['SAIR', 'PARAR', 'STOP', 'CANCELAR'] as const;

/** Upper-case, accents removed, punctuation trimmed. */
export function normalizeReply(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** An opt-out reply is exactly one of the words (case/accent-insensitive, surrounding punctuation ignored). */
export function isOptOut(text: string): boolean {
  const n = normalizeReply(text);
  return (OPT_OUT_WORDS as readonly string[]).includes(n);
}

/** Provider-driven statuses in order; a callback never moves an offer backwards (READ then DELIVERED stays READ). */
const STATUS_RANK: Record<string, number> = { QUEUED: 0, SENT: 1, DELIVERED: 2, READ: 3 };
/** Terminal statuses that nothing overrides. */
const TERMINAL = new Set(['FAILED', 'OPTED_OUT', 'SKIPPED', 'EXPIRED']);

/** The status after applying `next` to `current` (unchanged when `next` would go backwards). */
export function advanceStatus(current: string, next: string): string {
  if (TERMINAL.has(current)) return current;
  if (next === 'OPTED_OUT') return next;
  if (next === 'FAILED') return STATUS_RANK[current]! >= STATUS_RANK.DELIVERED! ? current : next;
  const a = STATUS_RANK[current];
  const b = STATUS_RANK[next];
  if (a === undefined || b === undefined) return current;
  return b > a ? next : current;
}
