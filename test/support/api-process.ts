import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'apps/server/src/main.ts');

export interface ApiProcess {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** What the process wrote, for failure messages. */
  output(): string;
  /** SIGTERM, then waits for it to exit (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

/** A port nobody listens on now (the kernel's choice), for a process to listen on next. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The real server entry (`node --import tsx apps/server/src/main.ts`, what `npm start` runs) in
 * a child process of its own, in development mode (the local Stripe, no demo data, no job
 * workers: an API process), on the database and Redis given. Resolves once GET /api/v1/ready
 * answers 200, polled — never a fixed wait; rejects with the process's output if it exits first.
 * `env` adds or overrides settings (PUBLIC_URL, say: it is the access tokens' issuer).
 */
export async function startApiProcess(options: { databaseUrl: string; redisUrl?: string; env?: Record<string, string>; readyTimeoutMs?: number }): Promise<ApiProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'instainstru-api-'));
  const env: Record<string, string> = {
    // Only what a server needs: not the runner's NODE_ENV=test (a server refuses it) or TEST_DATABASE.
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl,
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    DEMO_DATA: 'false',
    RUN_JOBS: 'false',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!gone) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (gone) {
      await stop();
      throw new Error(`The API process exited (code ${await exited}) before it was ready:\n${output}`);
    }
    const ready = await fetch(`${url}/api/v1/ready`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The API process was not ready within ${options.readyTimeoutMs ?? 90_000} ms:\n${output}`);
    }
    // Polling, not a wait for a guessed duration: at most ~4 attempts a second.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, output: () => output, stop };
}
