// Runs once when the server starts (Node.js runtime only): configuration checks, then the server-side
// services every server process needs.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkStartup } = await import('@/lib/startup');
  checkStartup();
  // Registers the champion-model check that GET /api/v1/health reports.
  await import('@/lib/models/champion');
  // Background jobs (training) run in the web process too, so one `npm start` does everything.
  const { startInProcessWorker } = await import('@/lib/jobs/start-in-process');
  void startInProcessWorker();
}
