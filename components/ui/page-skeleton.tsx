// Loading skeleton shaped like a page with a title, a summary line and a table card.
export function PageSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <div aria-busy="true" aria-live="polite">
      <div className="skeleton" style={{ height: 32, width: 180, marginBottom: '1rem' }} />
      <div className="skeleton" style={{ height: 56, marginBottom: '1rem' }} />
      <div className="card">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="skeleton" style={{ height: 28, marginBottom: 10 }} />
        ))}
      </div>
    </div>
  );
}
