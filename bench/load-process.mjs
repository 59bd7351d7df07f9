// One autocannon run in its own process, so the load generator never shares an event loop with
// the caller or with what it measures: the options come as the first IPC message, the figures
// go back as the reply. (autocannon treats a worker thread as one of its own workers, hence a
// process.)
import autocannon from 'autocannon';

process.once('message', async (options) => {
  const result = await autocannon(options);
  process.send(
    {
      rps: result.requests.average,
      total: result.requests.total,
      p50: result.latency.p50,
      p99: result.latency.p99,
      // A 304 is the right answer to a revalidation, not an error.
      errors: result.errors + result.timeouts + result.non2xx - (result.statusCodeStats?.['304']?.count ?? 0),
    },
    () => process.exit(0),
  );
});
