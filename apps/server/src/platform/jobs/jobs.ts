import { MARKETPLACE_TIME_ZONE } from '@instainstru/marketplace-time';
import { fromKysely, fromPglite, PgBoss, type ConstructorOptions } from 'pg-boss';
import type { Database, Executor } from '../db/database.ts';
import type { Metrics } from '../metrics.ts';
import type { JobDefinition, JobName, JobPayloads } from './job-types.ts';
import type { ScheduleSpec } from './schedules.ts';

/**
 * Background jobs on pg-boss, in the application's own database. Sending inside a database
 * transaction (`send(..., { tx })`) makes the job part of that transaction: if it rolls back,
 * the job never existed.
 */
export interface SendOptions {
  /** Enqueue as part of this transaction. */
  tx?: Executor;
  /** Do not start before this time. */
  startAfter?: Date;
  /** At most one queued job per key (e.g. `booking:{id}:authorize`). */
  singletonKey?: string;
}

export interface JobsOptions {
  /** Poll, work and supervise (a worker or the all-in-one process); false for an API-only process. */
  work: boolean;
  /** Seconds between polls when idle. */
  pollingIntervalSeconds?: number;
  logger?: { error(object: unknown, message?: string): void; info(object: unknown, message?: string): void };
}

type AnyDefinition = JobDefinition<JobName>;

export class Jobs {
  private readonly definitions = new Map<JobName, AnyDefinition>();
  private started = false;
  private stopping = false;

  private constructor(
    private readonly boss: PgBoss,
    private readonly options: JobsOptions,
  ) {}

  static create(database: Database, options: JobsOptions): Jobs {
    const connection = database.jobsConnection;
    const bossOptions: ConstructorOptions = {
      ...('connectionString' in connection
        ? { connectionString: connection.connectionString, max: 4 }
        : { db: fromPglite(connection.pglite), backend: 'pglite' as const }),
      supervise: options.work,
      schedule: options.work,
      migrate: true,
      instanceName: options.work ? 'worker' : 'api',
    } as ConstructorOptions;
    const boss = new PgBoss(bossOptions);
    boss.on('error', (error: unknown) => options.logger?.error({ err: error }, 'job system error'));
    return new Jobs(boss, options);
  }

  /** Creates pg-boss's schema on first run and starts polling when this process works. */
  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const definition of this.definitions.values()) await this.activate(definition);
  }

  /** Declares a job's handler and retry policy. Call before or after start. */
  async register<N extends JobName>(definition: JobDefinition<N>): Promise<void> {
    if (this.definitions.has(definition.name)) throw new Error(`Job ${definition.name} is registered twice`);
    this.definitions.set(definition.name, definition as unknown as AnyDefinition);
    if (this.started) await this.activate(definition as unknown as AnyDefinition);
  }

  registeredNames(): ReadonlySet<string> {
    return new Set(this.definitions.keys());
  }

  private async activate(definition: AnyDefinition): Promise<void> {
    await this.boss.createQueue(definition.name, {
      retryLimit: definition.retryLimit ?? 3,
      retryDelay: definition.retryDelaySeconds ?? 30,
      retryBackoff: true,
      retryDelayMax: definition.retryDelayMaxSeconds ?? 3600,
      expireInSeconds: definition.expireInSeconds ?? 15 * 60,
    });
    if (!this.options.work) return;
    await this.boss.work<JobPayloads[JobName]>(
      definition.name,
      {
        localConcurrency: definition.concurrency ?? 2,
        pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2,
      },
      async ([job]) => {
        if (!job) return;
        await definition.handler(job.data as never, { jobId: job.id, retryCount: job.retryCount, signal: job.signal });
      },
    );
  }

  /** Runs `schedule.job` on its cron in the marketplace time zone. Its handler must be registered. */
  async schedule(spec: ScheduleSpec & { job: JobName }): Promise<void> {
    if (!this.definitions.has(spec.job)) throw new Error(`Cannot schedule ${spec.key}: job ${spec.job} has no handler`);
    await this.boss.schedule(spec.job, spec.cron, {}, { tz: MARKETPLACE_TIME_ZONE, key: spec.key });
  }

  async send<N extends JobName>(name: N, payload: JobPayloads[N], options: SendOptions = {}): Promise<string> {
    if (!this.definitions.has(name)) throw new Error(`Job ${name} is not registered`);
    const id = await this.boss.send(name, payload as object, {
      ...(options.tx ? { db: fromKysely(options.tx) } : {}),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    });
    if (!id) throw new Error(`Job ${name} was not queued (a job with singleton key ${options.singletonKey} is already queued)`);
    return id;
  }

  /**
   * Enqueues several jobs of one kind in one statement (pg-boss `insert`), e.g. the send jobs of
   * the emails one booking change queues; with `tx`, all are part of that transaction. Only a
   * payload per job: the queue's retry policy applies as with `send`; no start time or singleton
   * key (send those one at a time, where a refused singleton is reported).
   */
  async sendMany<N extends JobName>(name: N, payloads: ReadonlyArray<JobPayloads[N]>, options: Pick<SendOptions, 'tx'> = {}): Promise<string[]> {
    if (!this.definitions.has(name)) throw new Error(`Job ${name} is not registered`);
    if (payloads.length === 0) return [];
    const ids = await this.boss.insert(
      name,
      payloads.map((payload) => ({ data: payload as object })),
      { ...(options.tx ? { db: fromKysely(options.tx) } : {}), returnId: true },
    );
    // Without singleton keys nothing should be skipped; say so loudly if pg-boss ever does.
    if (!ids || ids.length !== payloads.length) throw new Error(`Job ${name}: ${ids?.length ?? 0} of ${payloads.length} jobs were queued`);
    return ids;
  }

  /**
   * Runs a registered job's handler in this process now, outside the queue and its retries:
   * development's run-due, which decides by the marketplace Clock what pg-boss would run by
   * the wall clock. Handlers are idempotent, so running one beside the queue is safe.
   */
  async runNow<N extends JobName>(name: N, payload: JobPayloads[N], jobId: string): Promise<void> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`Job ${name} is not registered`);
    await definition.handler(payload as never, { jobId, retryCount: 0, signal: new AbortController().signal });
  }

  async getJob(name: JobName, id: string) {
    return this.boss.getJobById(name, id);
  }

  /** Counts per queue and state, for health and metrics. */
  async queueStats(): Promise<Array<{ name: string; queued: number; active: number; failed: number; total: number }>> {
    const names = [...this.definitions.keys()];
    if (names.length === 0) return [];
    const queues = await this.boss.getQueues(names);
    return queues.map((queue) => ({
      name: queue.name,
      queued: queue.queuedCount,
      active: queue.activeCount,
      failed: queue.failedCount,
      total: queue.totalCount,
    }));
  }

  collectMetrics(metrics: Metrics): void {
    metrics.addCollector(async () => {
      for (const queue of await this.queueStats()) {
        metrics.jobQueueDepth.set({ queue: queue.name, state: 'queued' }, queue.queued);
        metrics.jobQueueDepth.set({ queue: queue.name, state: 'active' }, queue.active);
        metrics.jobQueueDepth.set({ queue: queue.name, state: 'failed' }, queue.failed);
      }
    });
  }

  /**
   * Stops taking jobs and waits up to `timeoutMs` for running ones to finish; those still
   * running then are failed so another process retries them (handlers are idempotent).
   */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.started || this.stopping) return;
    this.stopping = true;
    await this.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }

  /** pg-boss itself, for tests that inspect raw job state. */
  get raw(): PgBoss {
    return this.boss;
  }
}
