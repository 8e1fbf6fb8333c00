import client from 'prom-client';
import { LLM_FAILURES, type LlmOutcome } from './llm.port.ts';

export const LLM_CALLS_METRIC = 'search_llm_calls_total';

/**
 * Counts the LLM search parser's calls by outcome (ok, timeout, circuit_open…) in this app's
 * registry: the share of searches that needed the model, and how often it let them down.
 * Every outcome starts at zero so a rate over it exists before the first failure.
 */
export function llmCallCounter(registry: client.Registry): (outcome: LlmOutcome) => void {
  const existing = registry.getSingleMetric(LLM_CALLS_METRIC) as client.Counter<'outcome'> | undefined;
  const counter =
    existing ??
    new client.Counter({
      name: LLM_CALLS_METRIC,
      help: 'LLM search parser calls by outcome (ok, or why no answer was used)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
  for (const outcome of ['ok', ...LLM_FAILURES] as const) counter.inc({ outcome }, 0);
  return (outcome) => counter.inc({ outcome });
}
