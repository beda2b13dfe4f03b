// The PSI heat map's colour bands: the usual PSI reading (< 0.10 stable, 0.10-0.25 watch, >= 0.25 act), the
// verdict the backend stored winning when present; null = too few rows to judge.
export type Verdict = 'stable' | 'watch' | 'act';

export const PSI_WATCH = 0.1;
export const PSI_ACT = 0.25;

export function psiBand(psi: number | null | undefined, verdict?: Verdict | null): Verdict | null {
  if (verdict) return verdict;
  if (psi === null || psi === undefined || !Number.isFinite(psi)) return null;
  if (psi >= PSI_ACT) return 'act';
  if (psi >= PSI_WATCH) return 'watch';
  return 'stable';
}

export const BAND_COLOUR: Record<Verdict | 'none', string> = {
  stable: '#d7f0dc',
  watch: '#fde9a8',
  act: '#f4a3a3',
  none: '#eeeeee',
};
