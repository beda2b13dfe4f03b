// Skeleton of the Modelos page while the registry is read: the champion line and the versions table.
export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <div className="skeleton" style={{ height: 32, width: 180, marginBottom: '1rem' }} />
      <div className="skeleton" style={{ height: 56, marginBottom: '1rem' }} />
      <div className="card">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="skeleton" style={{ height: 28, marginBottom: 10 }} />
        ))}
      </div>
    </div>
  );
}
