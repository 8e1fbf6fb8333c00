import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { CircuitBreaker } from '../../platform/circuit-breaker.ts';
import type { Clock } from '../../platform/clock.ts';
import { Semaphore } from '../../platform/semaphore.ts';
import {
  type LlmOutcome,
  type LlmPort,
  type LlmSearchAnswer,
  llmSearchFieldsSchema,
  llmSearchFieldsWireSchema,
  type SearchInterpretationContext,
} from './llm.port.ts';

export interface OpenAiAdapterOptions {
  apiKey: string;
  model: string;
  /** Another OpenAI-compatible endpoint (a proxy, a gateway); OpenAI's own otherwise. */
  baseURL?: string;
  clock: Clock;
  /** A search waits at most this long for the model before using the fast parse. */
  timeoutMs?: number;
  maxConcurrent?: number;
  /** Consecutive timeouts or errors that open the breaker… */
  failureThreshold?: number;
  /** …and how long it stays open (on the injected Clock) before one call may try again. */
  coolDownMs?: number;
  /** The SDK's own `fetch` option: tests answer through it instead of the network. */
  fetch?: typeof fetch;
  /** Each call's outcome, with why when it failed (for the metrics and the log). */
  onOutcome?: (outcome: LlmOutcome, detail?: string) => void;
}

export const OPENAI_API_URL = 'https://api.openai.com/v1';

export const LLM_DEFAULTS = { timeoutMs: 2_000, maxConcurrent: 3, failureThreshold: 5, coolDownMs: 30_000 } as const;

const RESPONSE_FORMAT = zodResponseFormat(llmSearchFieldsWireSchema, 'search_fields');
/** Enough for the fields of any search; a longer answer is cut and counts as malformed. */
const MAX_ANSWER_TOKENS = 400;

/**
 * The LLM search parser's one adapter, on the official OpenAI SDK (chat completions with a
 * strict JSON schema). Bounded in every way a search needs: a 2 s timeout and no retries (the
 * fast parse is a fine answer, a slow search is not), at most 3 calls in flight (the next
 * search does not queue, it uses the fast parse), and a circuit breaker so that an outage costs
 * each search nothing once noticed.
 *
 * The breaker is the platform's: this adapter opens it after `failureThreshold` consecutive
 * timeouts or errors, and its probe succeeds once the cool-down has passed on the Clock. The
 * first call after that is on probation: one more failure opens the breaker again.
 */
export class OpenAiAdapter implements LlmPort {
  private readonly client: OpenAI;
  private readonly slots: Semaphore;
  private readonly breaker: CircuitBreaker;
  private readonly failureThreshold: number;
  private consecutiveFailures = 0;
  private openedAtMs = 0;

  constructor(private readonly options: OpenAiAdapterOptions) {
    const { timeoutMs, maxConcurrent, failureThreshold, coolDownMs } = { ...LLM_DEFAULTS, ...definedOnly(options) };
    this.failureThreshold = failureThreshold;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      // Always explicit: left unset, the SDK would read OPENAI_BASE_URL from the environment behind the configuration's back.
      baseURL: options.baseURL ?? OPENAI_API_URL,
      timeout: timeoutMs,
      maxRetries: 0,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.slots = new Semaphore(maxConcurrent);
    this.breaker = new CircuitBreaker({
      probe: async () => {
        if (options.clock.nowMs() - this.openedAtMs < coolDownMs) throw new Error('cooling down');
      },
      probeEveryMs: coolDownMs,
      onChange: (state) => {
        if (state === 'open') this.openedAtMs = options.clock.nowMs();
        else this.consecutiveFailures = this.failureThreshold - 1;
      },
    });
  }

  get model(): string {
    return this.options.model;
  }

  get breakerState(): 'closed' | 'open' {
    return this.breaker.state;
  }

  async interpretSearch(query: string, context: SearchInterpretationContext): Promise<LlmSearchAnswer> {
    const answer = await this.guarded(query, context);
    if (answer.ok) this.options.onOutcome?.('ok');
    else this.options.onOutcome?.(answer.failure, answer.detail);
    return answer;
  }

  /** Stops the breaker's probe timer (on shutdown). */
  close(): void {
    this.breaker.stop();
  }

  private async guarded(query: string, context: SearchInterpretationContext): Promise<LlmSearchAnswer> {
    // Checked on each call as well as on the breaker's timer, so the cool-down follows the Clock.
    if (this.breaker.state === 'open') await this.breaker.probe();
    if (this.breaker.state === 'open') return { ok: false, failure: 'circuit_open', detail: 'the model failed repeatedly; waiting before trying again' };
    const release = this.slots.tryAcquire();
    if (!release) return { ok: false, failure: 'busy', detail: 'every concurrent model call is in use' };
    try {
      const answer = await this.call(query, context);
      this.track(answer);
      return answer;
    } finally {
      release();
    }
  }

  private track(answer: LlmSearchAnswer): void {
    // Only silence counts: a refusal or a malformed answer still proves the service is up.
    if (!answer.ok && (answer.failure === 'timeout' || answer.failure === 'unavailable')) {
      this.consecutiveFailures += 1;
      if (this.consecutiveFailures >= this.failureThreshold) this.breaker.trip(answer.detail);
    } else {
      this.consecutiveFailures = 0;
    }
  }

  private async call(query: string, context: SearchInterpretationContext): Promise<LlmSearchAnswer> {
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.client.chat.completions.create({
        model: this.options.model,
        messages: [
          { role: 'system', content: systemPrompt(context) },
          { role: 'user', content: query },
        ],
        response_format: RESPONSE_FORMAT,
        max_completion_tokens: MAX_ANSWER_TOKENS,
      });
    } catch (error) {
      if (error instanceof APIConnectionTimeoutError) return { ok: false, failure: 'timeout', detail: 'no answer within the timeout' };
      if (error instanceof APIError) return { ok: false, failure: 'unavailable', detail: error.status ? `HTTP ${error.status}` : error.message };
      // The SDK could not even read the answer (a body that is not JSON): the service misbehaves.
      return { ok: false, failure: 'unavailable', detail: error instanceof Error ? error.message : String(error) };
    }
    return readAnswer(completion);
  }
}

/** The first choice's content as our fields, or why it cannot be used. */
export function readAnswer(completion: OpenAI.Chat.Completions.ChatCompletion): LlmSearchAnswer {
  const choice = completion.choices?.[0];
  if (!choice) return { ok: false, failure: 'malformed', detail: 'no choice in the answer' };
  if (choice.message.refusal) return { ok: false, failure: 'refused', detail: choice.message.refusal.slice(0, 200) };
  if (choice.finish_reason === 'content_filter') return { ok: false, failure: 'refused', detail: 'content filter' };
  if (choice.finish_reason === 'length') return { ok: false, failure: 'malformed', detail: 'answer cut at the token limit' };
  const content = choice.message.content;
  if (!content) return { ok: false, failure: 'malformed', detail: 'empty content' };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { ok: false, failure: 'malformed', detail: 'content is not JSON' };
  }
  const parsed = llmSearchFieldsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, failure: 'malformed', detail: `${issue?.path.join('.') || 'answer'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, fields: parsed.data };
}

/** The instructions: the catalog to choose from and how to phrase what the fast parser resolves; the day last. */
export function systemPrompt(context: SearchInterpretationContext): string {
  return [
    'You read search queries typed on a New York City marketplace of private lessons and say what the person is looking for.',
    'The query may be in any language, misspelled or informal. Answer only with the JSON fields asked for; use null or [] for anything the query does not say.',
    'services: slugs from this list only, the lessons the query asks for:',
    context.services.map((service) => `${service.slug} (${service.name})`).join('; '),
    'category: a slug from this list only, when the query names a broad subject and no service:',
    context.categories.map((category) => `${category.slug} (${category.name})`).join('; '),
    'location: the place as New Yorkers name it in English (a neighborhood, a borough or a ZIP code), "near me" or "online".',
    'when: simple English words only (today, tomorrow, tonight, this weekend, next week, weekday names, weekday, weekend, mornings, afternoons, evenings, after 5pm, before 10am, dec 12); never an ISO date.',
    'Prices are per hour in US dollars. ageGroup is who takes the lessons (a parent searching for a child means kids).',
    'keywords: remaining meaningful words in English (a style, a goal, an exam, a language spoken), never words already covered by another field.',
    // Last, so that everything above is the same on every call and the provider can cache it.
    `Today is ${context.today} in New York.`,
  ].join('\n');
}

function definedOnly(options: OpenAiAdapterOptions): Partial<typeof LLM_DEFAULTS> {
  return Object.fromEntries(
    (['timeoutMs', 'maxConcurrent', 'failureThreshold', 'coolDownMs'] as const).filter((key) => options[key] !== undefined).map((key) => [key, options[key]]),
  );
}
