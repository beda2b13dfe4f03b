// Skeleton of the Ingestão page while it starts: the upload card, then the history (which also streams in behind
// its own skeleton, in page.tsx).
import styles from './ingestion.module.css';

export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <div className="skeleton" style={{ height: '1.8rem', width: '10rem', marginBottom: '1rem' }} />
      <div className="skeleton" style={{ height: '1rem', width: '70%', marginBottom: '1.25rem' }} />
      <section className="card">
        <div className={styles.kinds}>
          {Array.from({ length: 5 }, (_, i) => (
            <div key={i} className="skeleton" style={{ height: '5.5rem' }} />
          ))}
        </div>
        <div className="skeleton" style={{ height: '2.2rem', width: '16rem', marginTop: '1rem' }} />
      </section>
      <div className="skeleton" style={{ height: '1.3rem', width: '12rem', margin: '1.5rem 0 0.75rem' }} />
      <section className="card">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="skeleton" style={{ height: '1.6rem', marginBottom: '0.5rem' }} />
        ))}
      </section>
    </div>
  );
}
