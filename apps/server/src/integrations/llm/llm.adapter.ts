import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import type { LlmPort } from './llm.port.ts';
import { OpenAiAdapter, type OpenAiAdapterOptions } from './openai.adapter.ts';

export type LlmConfig = Pick<Config, 'OPENAI_API_KEY' | 'SEARCH_LLM_MODEL' | 'OPENAI_BASE_URL'>;

/**
 * The one place that picks the LLM adapter (ARCHITECTURE rule 5), under the rule modes.ts
 * reports on /health: OpenAI when OPENAI_API_KEY is set, else none at all (null), and the
 * search parses with the fast parser alone. There is no fake: a stand-in model would make
 * development searches behave unlike production ones without the key.
 */
export function createLlm(
  config: LlmConfig,
  options: { clock: Clock } & Pick<OpenAiAdapterOptions, 'fetch' | 'timeoutMs' | 'failureThreshold' | 'coolDownMs' | 'onOutcome'>,
): (LlmPort & { close(): void }) | null {
  if (!config.OPENAI_API_KEY) return null;
  return new OpenAiAdapter({
    apiKey: config.OPENAI_API_KEY,
    model: config.SEARCH_LLM_MODEL,
    ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
    ...options,
  });
}
