export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading">
      <div className="skeleton" style={{ height: 32, width: 260, marginBottom: 16 }} />
      <div className="skeleton" style={{ height: 180 }} />
    </div>
  );
}
