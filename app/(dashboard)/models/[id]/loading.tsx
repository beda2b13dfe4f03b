// Skeleton of a version's page while its row is read: back link, title with status, the card and parity
// cards side by side, then the importance chart.
export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <div className="skeleton" style={{ height: 16, width: 160, marginBottom: '0.75rem' }} />
      <div className="skeleton" style={{ height: 32, width: 280, marginBottom: '1rem' }} />
      <div className="grid2">
        {Array.from({ length: 2 }, (_, card) => (
          <div key={card} className="card">
            <div className="skeleton" style={{ height: 24, width: 180, marginBottom: '1rem' }} />
            {Array.from({ length: 6 }, (_, i) => (
              <div key={i} className="skeleton" style={{ height: 22, marginBottom: 10 }} />
            ))}
          </div>
        ))}
      </div>
      <div className="card" style={{ marginTop: '1rem' }}>
        <div className="skeleton" style={{ height: 24, width: 220, marginBottom: '1rem' }} />
        <div className="skeleton" style={{ height: 260 }} />
      </div>
    </div>
  );
}
