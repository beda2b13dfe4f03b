// Skeleton of the alert detail: headline, reasons, charts and the simulator.
export default function Loading() {
  return (
    <div aria-busy="true">
      <div className="skeleton" aria-hidden="true" style={{ height: 32, width: 360, marginBottom: '1rem' }} />
      <div className="skeleton card section" aria-hidden="true" style={{ height: 120 }} />
      <div className="skeleton card section" aria-hidden="true" style={{ height: 220 }} />
      <div className="skeleton card section" aria-hidden="true" style={{ height: 260 }} />
    </div>
  );
}
