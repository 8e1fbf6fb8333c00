import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { JobDefinition } from '../../platform/jobs/job-types.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import type { Metrics } from '../../platform/metrics.ts';
import { LearningRepository } from './learning.repository.ts';
import { CHOICE_WINDOW_HOURS, evidenceFromRows, learnLocationAliases, type LearnedAlias } from './location-alias-learning.policy.ts';
import { searchMetrics, type SearchMetrics } from './search-metrics.policy.ts';

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;
/** Searches and profile views are kept this long (PRODUCT.md §4, issue 9 §6). */
export const DISCOVERY_RETENTION_DAYS = 90;

interface Deps {
  db: Db;
  clock: Clock;
}

/** Hourly: the last hour's zero-result rate, latency percentiles and LLM share, as gauges. */
export function searchMetricsJob(deps: Deps & { metrics: Metrics }): JobDefinition<'search.metrics'> & { run(): Promise<SearchMetrics> } {
  const repository = new LearningRepository(deps.db);
  const run = async () => {
    const now = deps.clock.nowMs();
    const figures = searchMetrics(await repository.metricRows(new Date(now - HOUR_MS), new Date(now)));
    const window = { window: '1h' };
    const { search } = deps.metrics;
    search.searches.set(window, figures.searches);
    search.zeroResultRatio.set(window, figures.zeroResultRate);
    search.latencyP50Seconds.set(window, figures.p50LatencyMs / 1000);
    search.latencyP95Seconds.set(window, figures.p95LatencyMs / 1000);
    search.llmRatio.set(window, figures.llmShare);
    return figures;
  };
  return { name: 'search.metrics', retryLimit: 1, expireInSeconds: 10 * 60, handler: async () => void (await run()), run };
}

/**
 * Nightly: the policy over every retained search (90 days) and what the searcher opened next;
 * qualifying aliases are upserted. Safe to run twice: the same evidence gives the same rows.
 */
export function learnLocationAliasesJob(deps: Deps): JobDefinition<'search.learn_location_aliases'> & { run(): Promise<LearnedAlias[]> } {
  const repository = new LearningRepository(deps.db);
  const run = async () => {
    const now = deps.clock.now();
    const since = new Date(now.getTime() - DISCOVERY_RETENTION_DAYS * DAY_MS);
    const aliases = learnLocationAliases(evidenceFromRows(await repository.aliasEvidence(since, CHOICE_WINDOW_HOURS)));
    await repository.upsertAliases(aliases, now);
    return aliases;
  };
  return { name: 'search.learn_location_aliases', expireInSeconds: 30 * 60, handler: async () => void (await run()), run };
}

/** Daily: searches (search history included) and profile views older than 90 days go. */
export function discoveryRetentionJob(deps: Deps): JobDefinition<'discovery.retention'> & { run(): Promise<{ searchEvents: number; instructorViews: number }> } {
  const repository = new LearningRepository(deps.db);
  const run = async () => {
    const before = new Date(deps.clock.nowMs() - DISCOVERY_RETENTION_DAYS * DAY_MS);
    return { searchEvents: await repository.purgeSearchEventsBefore(before), instructorViews: await repository.purgeInstructorViewsBefore(before) };
  };
  return { name: 'discovery.retention', expireInSeconds: 30 * 60, handler: async () => void (await run()), run };
}

export async function registerDiscoveryJobs(deps: Deps & { jobs: Jobs; metrics: Metrics }): Promise<void> {
  await deps.jobs.register(searchMetricsJob(deps));
  await deps.jobs.register(learnLocationAliasesJob(deps));
  await deps.jobs.register(discoveryRetentionJob(deps));
}
