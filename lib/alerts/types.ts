// The serializable shapes the alert reads return (queue rows, one alert with its trail): plain JSON, so server
// components pass them to client widgets and route handlers return them as they are.
import type { AlertStatus } from '@/lib/alerts/status-flow';
import type { SlaState } from '@/lib/alerts/sla';

export interface AlertClientView {
  id: string;
  externalId: string;
  segment: string;
  region: string;
  /** Masked ("M**** S****") unless the viewer is the portfolio's manager, the assignee or an admin. */
  name: string | null;
  email: string | null;
  phone: string | null;
  /** True when name/email/phone above are masked for this viewer. */
  masked: boolean;
  /** The client asked not to be called: the CONTACTED step by phone is refused. */
  doNotCall: boolean;
  /** LGPD erasure: the personal data is gone for everyone. */
  erased: boolean;
}

export interface AlertPersonRef {
  id: string;
  name: string;
}

export interface AlertRow {
  id: string;
  status: AlertStatus;
  band: 'LOW' | 'MODERATE' | 'CRITICAL';
  yProba: number;
  asOfMonth: string;
  openedAt: string;
  slaDueAt: string | null;
  slaState: SlaState;
  firstContactAt: string | null;
  nextContactAt: string | null;
  exposure: number | null;
  creditLimit: number | null;
  assignee: AlertPersonRef | null;
  portfolio: { id: string; name: string; managerId: string | null } | null;
  client: AlertClientView;
  demo: boolean;
}

export interface AlertEventView {
  id: string;
  at: string;
  kind: string;
  fromStatus: AlertStatus | null;
  toStatus: AlertStatus;
  note: string | null;
  nextContactAt: string | null;
  actor: AlertPersonRef | null;
  viaApiKey: boolean;
  demo: boolean;
}

/** getAlert()'s answer: the row, the decision it came from, what this viewer may do, and the audit trail. */
export interface AlertDetail extends AlertRow {
  decisionId: string;
  claimedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  lastNote: string | null;
  portfolio: { id: string; name: string; managerId: string | null; managerName: string | null } | null;
  /** Statuses this viewer may move the alert to now: 'CLAIMED' = claim, 'NEW' = release. */
  allowed: AlertStatus[];
  /** Admins may (re)assign a NEW or CLAIMED alert to a manager. */
  canAssign: boolean;
  /** The viewer is the assignee. */
  mine: boolean;
  events: AlertEventView[];
}

export interface AlertQueuePage {
  rows: AlertRow[];
  total: number;
  page: number;
  pageSize: number;
  /** Open alerts per status under the same filters (the status filter aside). */
  counts: Record<AlertStatus, number>;
}
