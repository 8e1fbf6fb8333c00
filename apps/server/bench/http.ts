/**
 * HTTP throughput of the public reads (issue 8 §5), beside a bare Fastify hello-world in the
 * same run: req/s, p50 and p99 latency and the ratio to bare, at 64 connections for a few
 * seconds per route. Servers run in child processes (http-server.ts) and this process only
 * generates load (autocannon), so the two never share an event loop. On PostgreSQL
 * (DATABASE_URL: a scratch database is created and dropped); without it the app runs on an
 * embedded PGlite and says so, which measures PGlite's single connection more than the server.
 *
 * BENCH_HTTP_SECONDS (default 5) per route; BENCH_CPU_PROF=<dir> writes the app server's CPU
 * profile there (open it in Chrome DevTools).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const CONNECTIONS = 64;
/**
 * Load-generator threads (BENCH_HTTP_WORKERS, default 2): one thread parsing 170 KB bodies
 * (the neighborhoods map) is slower than the server writing them, which then measures the client.
 */
export const WORKERS = Number(process.env.BENCH_HTTP_WORKERS ?? 2);
export const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
/**
 * Every request asks as a browser does (Chrome and Firefox send exactly this Accept-Encoding), so
 * what is measured is the precompressed body a browser gets, not the full identity body.
 */
export const HEADERS = { 'accept-encoding': 'gzip, deflate, br', accept: 'application/json' };
const SERVER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'http-server.ts');
/** Drops response bodies in the load generator instead of decoding them into strings (see the file). */
export const CLIENT_SETUP = path.join(path.dirname(fileURLToPath(import.meta.url)), 'autocannon-client.cjs');
/** Each connection starts at its own place in the list in BENCH_SPREAD_REQUESTS (autocannon-client-spread.cjs). */
export const SPREAD_CLIENT_SETUP = path.join(path.dirname(fileURLToPath(import.meta.url)), 'autocannon-client-spread.cjs');

export interface Started {
  child: ChildProcess;
  port: number;
  /** What the app server generated before it was ready (BENCH_GENERATED_INSTRUCTORS). */
  generated?: GeneratedSummary;
}

export interface GeneratedSummary {
  instructors: number;
  services: number;
  serviceAreas: number;
  availabilityDays: number;
  seconds: number;
}

export function startServer(mode: 'app' | 'bare', env: NodeJS.ProcessEnv, cpuProfileDir?: string): Promise<Started> {
  const execArgv = [...process.execArgv, ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [])];
  const child = fork(SERVER_SCRIPT, [mode], { env, execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${mode} server exited (${code}) before it was ready`)));
    child.on('message', (message: { ready?: boolean; port?: number; generated?: GeneratedSummary }) => {
      if (message.ready && message.port) resolve({ child, port: message.port, ...(message.generated ? { generated: message.generated } : {}) });
    });
  });
}

/** CPU time the server process has used so far, in microseconds. */
export function cpuMicros({ child }: Started): Promise<number> {
  return new Promise((resolve) => {
    const listener = (message: { cpuMicros?: number }) => {
      if (message.cpuMicros === undefined) return;
      child.off('message', listener);
      resolve(message.cpuMicros);
    };
    child.on('message', listener);
    child.send('cpu');
  });
}

export function stopServer({ child }: Started): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.send('stop');
  });
}

export interface Figures {
  rps: number;
  /** Mean bytes per response as received (headers and the encoded body). */
  bytesPerResponse: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /**
   * The server's CPU time per response (µs): what a request costs the server, apart from
   * what the load generator, sharing these cores, can take in.
   */
  serverMicrosPerRequest: number;
  /** The load generator's CPU time per response (µs; this process and its worker threads). */
  clientMicrosPerRequest: number;
}

/** Load on `url`, or on the `requests` paths in turn (each connection cycles through them) on its host. */
export async function load(
  server: Started,
  url: string,
  seconds: number,
  warmUpSeconds = 1,
  requests?: Array<{ path: string }>,
  setupClient: string = CLIENT_SETUP,
): Promise<Figures> {
  const options = { url, connections: CONNECTIONS, workers: WORKERS, headers: HEADERS, setupClient, ...(requests ? { requests } : {}) };
  await autocannon({ ...options, duration: warmUpSeconds }); // caches, JIT, pools
  const cpuBefore = await cpuMicros(server);
  const clientBefore = process.cpuUsage();
  const result = await autocannon({ ...options, duration: seconds });
  const client = process.cpuUsage(clientBefore);
  const cpuUsed = (await cpuMicros(server)) - cpuBefore;
  const responses = result.requests.total;
  return {
    serverMicrosPerRequest: responses ? cpuUsed / responses : 0,
    clientMicrosPerRequest: responses ? (client.user + client.system) / responses : 0,
    rps: result.requests.average,
    bytesPerResponse: result.requests.average ? result.throughput.average / result.requests.average : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function line(name: string, figures: Figures, bare: Figures, goal?: number): string {
  const ratio = figures.rps / bare.rps;
  const verdict = goal === undefined ? '' : ratio >= goal ? `  goal ≥ ${goal * 100}% met` : `  goal ≥ ${goal * 100}% NOT met`;
  const failures = figures.non2xx || figures.errors ? `  (${figures.non2xx} non-2xx, ${figures.errors} errors)` : '';
  return (
    `${name.padEnd(56)} ${figures.rps.toFixed(0).padStart(7)} req/s ${(figures.bytesPerResponse / 1024).toFixed(1).padStart(6)} KB/resp   p50 ${String(figures.p50).padStart(4)} ms   p99 ${String(figures.p99).padStart(5)} ms   ` +
    `server CPU ${figures.serverMicrosPerRequest.toFixed(0).padStart(5)} µs/req (${(figures.serverMicrosPerRequest / bare.serverMicrosPerRequest).toFixed(1).padStart(4)}× bare)   ` +
    `client CPU ${figures.clientMicrosPerRequest.toFixed(0).padStart(5)} µs/req   ` +
    `${(ratio * 100).toFixed(1).padStart(5)}% of bare${verdict}${failures}`
  );
}

export async function scratchDatabase(): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  if (!process.env.DATABASE_URL) {
    console.log('HTTP: DATABASE_URL is not set, so the app runs on embedded PGlite (one connection): figures are PGlite’s, not production’s.');
    return { url: undefined, drop: async () => {} };
  }
  const { pg } = await import('../src/platform/db/postgres.ts');
  const name = `instainstru_bench_http_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

export async function benchHttp(): Promise<void> {
  console.log(`HTTP: ${CONNECTIONS} connections from ${WORKERS} load-generator thread(s), ${SECONDS} s per route after 1 s of warm-up; every request sends Accept-Encoding: ${HEADERS['accept-encoding']} (as browsers do: precompressed bodies are measured)`);
  // Measured before and after the app (the machine may be shared): the ratios use the mean.
  const bareServer = await startServer('bare', process.env);
  const measureBare = () => load(bareServer, `http://127.0.0.1:${bareServer.port}/hello`, SECONDS);
  const bareBefore = await measureBare();

  const database = await scratchDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'instainstru-bench-http-'));
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      DEMO_DATA: 'true',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      // One address sends everything here: count and send the headers as production does, never refuse.
      RATE_LIMIT_MODE: 'shadow',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      DATABASE_URL: database.url,
    };
    if (!database.url) delete env.DATABASE_URL;
    const app = await startServer('app', env, process.env.BENCH_CPU_PROF);
    try {
      const base = `http://127.0.0.1:${app.port}/api/v1`;
      const listed = (await (await fetch(`${base}/instructors?limit=1`)).json()) as { items: Array<{ id: string }> };
      const someone = listed.items[0]?.id;
      if (!someone) throw new Error('no public instructor in the demo data');
      const routes: Array<[string, string, number]> = [
        ['GET /api/v1/catalog', `${base}/catalog`, 0.5],
        ['GET /api/v1/neighborhoods', `${base}/neighborhoods`, 0.02],
        ['GET /api/v1/instructors/{id}', `${base}/instructors/${someone}`, 0.15],
        ['GET /api/v1/instructors?limit=20', `${base}/instructors?limit=20`, 0.1],
      ];
      // Every route warm (JIT, pool, cache) before any is measured.
      for (const [, url] of routes) await autocannon({ url, connections: CONNECTIONS, workers: WORKERS, duration: 2, headers: HEADERS, setupClient: CLIENT_SETUP });
      const results: Array<[string, Figures, number]> = [];
      for (const [name, url, goal] of routes) results.push([name, await load(app, url, SECONDS), goal]);
      const bareAfter = await measureBare();
      const bare: Figures = {
        ...bareAfter,
        rps: (bareBefore.rps + bareAfter.rps) / 2,
        serverMicrosPerRequest: (bareBefore.serverMicrosPerRequest + bareAfter.serverMicrosPerRequest) / 2,
        clientMicrosPerRequest: (bareBefore.clientMicrosPerRequest + bareAfter.clientMicrosPerRequest) / 2,
      };
      // The machine may be shared: a load average above its cores means the figures are squeezed.
      console.log(`load average ${os.loadavg().map((value) => value.toFixed(2)).join(' ')} on ${os.availableParallelism()} cores`);
      console.log(line(`bare Fastify hello-world (before ${bareBefore.rps.toFixed(0)}, after ${bareAfter.rps.toFixed(0)})`, bare, bare));
      for (const [name, figures, goal] of results) console.log(line(name, figures, bare, goal));
    } finally {
      await stopServer(app);
      await stopServer(bareServer);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  }
}
