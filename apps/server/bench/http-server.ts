/**
 * A server for the HTTP benchmark, in its own process so the load generator never shares its
 * event loop. `app`: the whole API (`startServer`, no job workers, no web app) on the
 * DATABASE_URL it is given, with demo data (and generated instructors when asked); `bare`: Fastify answering a hello-world, the
 * ceiling to compare against. Both start from the same command line (same Node options) and
 * tell the parent their port over IPC.
 */
import Fastify from 'fastify';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/main.ts';
import type { GeneratedSummary } from './http.ts';

const mode = process.argv[2];

async function listen(): Promise<{ port: number; close: () => Promise<void>; generated?: GeneratedSummary }> {
  if (mode === 'bare') {
    const app = Fastify();
    app.get('/hello', async () => ({ hello: 'world' }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    return { port: typeof address === 'object' && address ? address.port : 0, close: () => app.close() };
  }
  if (mode === 'app') {
    const server = await startServer(loadConfig(), { work: false, serveWeb: false });
    // BENCH_GENERATED_INSTRUCTORS: that many more instructors beside the demo ones (search bench).
    const count = Number(process.env.BENCH_GENERATED_INSTRUCTORS ?? 0);
    if (count > 0) {
      const { generateInstructors } = await import('../src/modules/demo/generated-instructors.ts');
      const { database, ids, clock } = server.runtime;
      const started = performance.now();
      const generated = await generateInstructors(database.db, ids, clock, { count });
      return { port: server.port, close: () => server.stop('bench finished'), generated: { ...generated, seconds: (performance.now() - started) / 1000 } };
    }
    return { port: server.port, close: () => server.stop('bench finished') };
  }
  throw new Error(`usage: http-server.ts app|bare (got ${mode})`);
}

const server = await listen();
process.send?.({ ready: true, port: server.port, generated: server.generated });
process.on('message', (message) => {
  // The parent asks us to stop; exiting normally writes the CPU profile when --cpu-prof is on.
  if (message === 'stop') void server.close().then(() => process.exit(0));
  // CPU time used so far (µs), for the CPU each request costs this server.
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  }
});
