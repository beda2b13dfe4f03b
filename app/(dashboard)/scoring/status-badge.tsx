// A scoring run's status pill, shared by the runs table (server) and the live detail (client).
import type { RunStatus } from './figures';
import styles from './scoring.module.css';

export function RunStatusBadge({ status, label }: { status: RunStatus; label: string }) {
  return (
    <span className={styles.status} data-status={status} data-testid="run-status">
      {label}
    </span>
  );
}
