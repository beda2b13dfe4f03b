'use client';

export default function DashboardError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="card empty" role="alert">
      <h2>Algo deu errado · Something went wrong</h2>
      <p>O erro foi registrado no servidor. · The error was logged on the server.</p>
      <button className="btn" onClick={reset}>
        Tentar novamente · Try again
      </button>
    </section>
  );
}
