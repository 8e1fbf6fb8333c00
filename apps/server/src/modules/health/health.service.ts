import type { Config } from '../../config.ts';
import { integrationModes } from '../../integrations/modes.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Coordination } from '../../platform/coordination.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';

export type CheckStatus = 'up' | 'down';

export interface DependencyCheck {
  status: CheckStatus;
  latencyMs: number;
  detail: string;
  error?: string;
}

async function check(run: () => Promise<string>): Promise<DependencyCheck> {
  const started = performance.now();
  try {
    const detail = await run();
    return { status: 'up', latencyMs: Math.round(performance.now() - started), detail };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      detail: 'unreachable',
      error: (error as Error).message,
    };
  }
}

export type HealthStatus = 'ok' | 'degraded' | 'down';

/** Without the database nothing works (down); without the cache or the job queues, some things do (degraded). */
function overallStatus(
  checks: { database: DependencyCheck; cache: DependencyCheck; jobs: DependencyCheck },
  coordination: 'ok' | 'degraded',
): HealthStatus {
  if (checks.database.status === 'down') return 'down';
  // Redis away: requests are served from in-process fallbacks, so the service is degraded, not down.
  return Object.values(checks).every((c) => c.status === 'up') && coordination === 'ok' ? 'ok' : 'degraded';
}

/**
 * What /health (the status only: it is public), /health/details (dependencies, integration
 * modes, version, uptime: for operators), /health/lite and /ready report. Names no secrets.
 */
export class HealthService {
  private readonly startedAt: Date;

  constructor(
    private readonly deps: { config: Config; clock: Clock; database: Database; coordination: Coordination; jobs: Jobs; version: string },
  ) {
    this.startedAt = deps.clock.now();
  }

  async health(): Promise<{ status: HealthStatus }> {
    return { status: (await this.details()).status };
  }

  async details() {
    const { config, clock, database, coordination, jobs } = this.deps;
    const [db, cache, jobQueues] = await Promise.all([
      check(async () => {
        await database.ping();
        return database.kind === 'pglite' ? 'embedded PostgreSQL (PGlite)' : 'PostgreSQL';
      }),
      check(async () => {
        await coordination.ping();
        return coordination.kind === 'redis' ? 'Redis' : 'in-memory (single process)';
      }),
      check(async () => {
        const queues = await jobs.queueStats();
        return `pg-boss, ${queues.length} queue(s), ${queues.reduce((sum, q) => sum + q.queued, 0)} queued`;
      }),
    ]);
    const checks = { database: db, cache, jobs: jobQueues };
    const coordinationStatus = coordination.status();
    return {
      status: overallStatus(checks, coordinationStatus),
      version: this.deps.version,
      environment: config.NODE_ENV,
      time: clock.now().toISOString(),
      uptimeSeconds: Math.round((clock.nowMs() - this.startedAt.getTime()) / 1000),
      checks,
      coordination: coordinationStatus,
      integrations: integrationModes(config),
      warnings: config.insecureDefaults.map((name) => `${name} uses a development default`),
    };
  }

  /** Ready to serve traffic: the database answers. Recovers by itself when it comes back. */
  async ready(): Promise<{ ready: boolean; reason?: string }> {
    try {
      await this.deps.database.ping(2_000);
      return { ready: true };
    } catch (error) {
      return { ready: false, reason: `database: ${(error as Error).message}` };
    }
  }
}
