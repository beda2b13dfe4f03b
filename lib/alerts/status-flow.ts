// The alert status flow (pure): which status may follow which, and who may move an alert.
//
//   NEW -> CLAIMED (a claim or an admin's assignment)
//   CLAIMED -> CONTACTED | UNREACHABLE | NEW (release back to the queue)
//   CONTACTED -> OFFER_ACCEPTED | OFFER_DECLINED | UNREACHABLE
//   UNREACHABLE -> CONTACTED (a later attempt got through) | CLOSED
//   OFFER_ACCEPTED | OFFER_DECLINED -> CLOSED
// CLAIMED -> UNREACHABLE is allowed because "could not reach the client" is exactly what a first attempt can
// end in; UNREACHABLE -> CONTACTED lets the manager retry on the next-contact date instead of closing.
import type { Role } from '@/lib/auth/roles';

export const ALERT_STATUSES = [
  'NEW',
  'CLAIMED',
  'CONTACTED',
  'OFFER_ACCEPTED',
  'OFFER_DECLINED',
  'UNREACHABLE',
  'CLOSED',
] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** Every status but CLOSED: the queue's default view. */
export const OPEN_STATUSES = ALERT_STATUSES.filter((s) => s !== 'CLOSED');

export const NEXT: Record<AlertStatus, readonly AlertStatus[]> = {
  NEW: ['CLAIMED'],
  CLAIMED: ['CONTACTED', 'UNREACHABLE', 'NEW'],
  CONTACTED: ['OFFER_ACCEPTED', 'OFFER_DECLINED', 'UNREACHABLE'],
  UNREACHABLE: ['CONTACTED', 'CLOSED'],
  OFFER_ACCEPTED: ['CLOSED'],
  OFFER_DECLINED: ['CLOSED'],
  CLOSED: [],
};

export function isAlertStatus(v: unknown): v is AlertStatus {
  return typeof v === 'string' && (ALERT_STATUSES as readonly string[]).includes(v);
}

export function canTransition(from: AlertStatus, to: AlertStatus): boolean {
  return NEXT[from].includes(to);
}

/** A status counts as a contact attempt made (for the first-contact SLA). */
export function isContactAttempt(to: AlertStatus): boolean {
  return to === 'CONTACTED' || to === 'UNREACHABLE';
}

export interface FlowActor {
  userId: string;
  role: Role;
}

/**
 * What this actor may do next on an alert: claim a NEW one (managers and admins), or, on a claimed one, the
 * transitions the flow allows when the actor is the assignee or an admin.
 */
export function allowedTransitions(
  a: { status: AlertStatus; assigneeId: string | null },
  actor: FlowActor,
): AlertStatus[] {
  const admin = actor.role === 'ADMIN';
  if (a.status === 'NEW') return ['CLAIMED'];
  if (!admin && a.assigneeId !== actor.userId) return [];
  return [...NEXT[a.status]];
}
