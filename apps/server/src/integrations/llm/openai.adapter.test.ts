import { afterEach, describe, expect, it } from 'vitest';
import { ControllableClock } from '../../platform/clock.ts';
import type { LlmOutcome, SearchInterpretationContext } from './llm.port.ts';
import { OpenAiAdapter, type OpenAiAdapterOptions } from './openai.adapter.ts';
import { completionResponse, errorResponse, neverAnswers, noFields, type Script, scriptedOpenAi } from '../../../../../test/support/scripted-openai.ts';

const context: SearchInterpretationContext = {
  today: '2026-12-01 (Tuesday)',
  services: [
    { slug: 'piano', name: 'Piano' },
    { slug: 'spanish', name: 'Spanish' },
  ],
  categories: [{ slug: 'music', name: 'Music' }],
};

const adapters: OpenAiAdapter[] = [];
afterEach(() => {
  for (const adapter of adapters.splice(0)) adapter.close();
});

function setup(script: Script, options: Partial<OpenAiAdapterOptions> = {}) {
  const clock = new ControllableClock('2026-12-01T15:00:00Z');
  const scripted = scriptedOpenAi(script);
  const outcomes: LlmOutcome[] = [];
  const adapter = new OpenAiAdapter({
    apiKey: 'sk-test',
    model: 'gpt-4o-mini',
    clock,
    fetch: scripted.fetch,
    onOutcome: (outcome) => outcomes.push(outcome),
    ...options,
  });
  adapters.push(adapter);
  return { adapter, clock, requests: scripted.requests, outcomes };
}

describe('OpenAiAdapter', () => {
  it('asks the configured model with a strict JSON schema and returns the validated fields', async () => {
    const fields = { ...noFields(), services: ['piano'], ageGroup: 'kids' as const, location: 'Park Slope', priceMaxDollars: 90, when: 'weekday evenings' };
    const { adapter, requests, outcomes } = setup(() => completionResponse(fields), { model: 'gpt-4.1-mini' });

    const answer = await adapter.interpretSearch('clases de piano para mi hija en park slope', context);

    expect(answer).toEqual({ ok: true, fields });
    expect(outcomes).toEqual(['ok']);
    expect(requests).toHaveLength(1);
    const { body, url } = requests[0]!;
    expect(url).toBe('https://api.openai.com/v1/chat/completions');
    expect(body.model).toBe('gpt-4.1-mini');
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'clases de piano para mi hija en park slope' });
    expect(body.messages[0]!.content).toContain('piano (Piano)');
    expect(body.messages[0]!.content).toContain('Today is 2026-12-01 (Tuesday)');
    expect(body.response_format?.type).toBe('json_schema');
    expect(body.response_format?.json_schema?.strict).toBe(true);
    expect(body.response_format?.json_schema?.schema).toMatchObject({ required: expect.arrayContaining(['services', 'location', 'when', 'keywords']) });
  });

  it('sends requests to OPENAI_BASE_URL when one is configured', async () => {
    const { adapter, requests } = setup(() => completionResponse(noFields()), { baseURL: 'https://gateway.example/openai/v1' });
    await adapter.interpretSearch('piano', context);
    expect(requests[0]!.url).toBe('https://gateway.example/openai/v1/chat/completions');
  });

  it('gives up after the timeout when the model does not answer, and does not retry', async () => {
    const { adapter, requests, outcomes } = setup(neverAnswers, { timeoutMs: 50 });
    const answer = await adapter.interpretSearch('piano', context);
    expect(answer).toMatchObject({ ok: false, failure: 'timeout' });
    expect(requests).toHaveLength(1);
    expect(outcomes).toEqual(['timeout']);
  });

  it('reports content that is not JSON as malformed', async () => {
    const { adapter, outcomes } = setup(() => completionResponse('{"services": ["piano"'));
    expect(await adapter.interpretSearch('piano', context)).toEqual({ ok: false, failure: 'malformed', detail: 'content is not JSON' });
    expect(outcomes).toEqual(['malformed']);
  });

  it('reports JSON that breaks the schema as malformed, naming the field', async () => {
    const { adapter } = setup(() => completionResponse({ ...noFields(), ageGroup: 'toddlers' }));
    expect(await adapter.interpretSearch('piano', context)).toMatchObject({ ok: false, failure: 'malformed', detail: expect.stringMatching(/^ageGroup: /) });
  });

  it('reports a missing field, an absurd price and an answer cut at the token limit as malformed', async () => {
    const { keywords: _dropped, ...missing } = noFields();
    const answers = [
      completionResponse(missing),
      completionResponse({ ...noFields(), priceMaxDollars: -5 }),
      completionResponse({ ...noFields(), keywords: ['x'.repeat(500)] }),
      completionResponse('{"services": [', { finishReason: 'length' }),
      completionResponse(null),
    ];
    const { adapter } = setup(() => answers.shift()!);
    for (let i = 0; i < 5; i++) expect(await adapter.interpretSearch('piano', context)).toMatchObject({ ok: false, failure: 'malformed' });
  });

  it('reports a refusal as refused, with the model’s words', async () => {
    const { adapter, outcomes } = setup(() => completionResponse(null, { refusal: "I'm sorry, I can't help with that." }));
    expect(await adapter.interpretSearch('something unpleasant', context)).toEqual({ ok: false, failure: 'refused', detail: "I'm sorry, I can't help with that." });
    expect(outcomes).toEqual(['refused']);
  });

  it('reports an HTTP error as unavailable, without retrying it', async () => {
    const { adapter, requests } = setup(() => errorResponse(429, 'Rate limit reached'));
    expect(await adapter.interpretSearch('piano', context)).toEqual({ ok: false, failure: 'unavailable', detail: 'HTTP 429' });
    expect(requests).toHaveLength(1);
  });

  it('reports a connection failure as unavailable', async () => {
    const { adapter } = setup(() => Promise.reject(new TypeError('fetch failed')));
    expect(await adapter.interpretSearch('piano', context)).toMatchObject({ ok: false, failure: 'unavailable' });
  });

  it('runs at most maxConcurrent calls at once; the next one is answered `busy` at once', async () => {
    const pending: Array<() => void> = [];
    let held = true;
    const { adapter, requests, outcomes } = setup(
      () => (held ? new Promise<Response>((resolve) => pending.push(() => resolve(completionResponse(noFields()))))
        : completionResponse(noFields())),
      { maxConcurrent: 3 },
    );

    const inFlight = [1, 2, 3].map(() => adapter.interpretSearch('piano', context));
    await waitFor(() => requests.length === 3);
    expect(await adapter.interpretSearch('piano', context)).toMatchObject({ ok: false, failure: 'busy' });
    expect(requests).toHaveLength(3);

    held = false;
    for (const answer of pending) answer();
    expect((await Promise.all(inFlight)).every((answer) => answer.ok)).toBe(true);
    expect(await adapter.interpretSearch('piano', context)).toMatchObject({ ok: true });
    expect(outcomes).toEqual(['busy', 'ok', 'ok', 'ok', 'ok']);
  });

  it('opens the breaker after consecutive failures, asks nothing while open, and closes after the cool-down', async () => {
    let down = true;
    const { adapter, clock, requests, outcomes } = setup(() => (down ? errorResponse(503) : completionResponse(noFields())), {
      failureThreshold: 3,
      coolDownMs: 30_000,
    });

    for (let i = 0; i < 3; i++) expect(await adapter.interpretSearch('piano', context)).toMatchObject({ failure: 'unavailable' });
    expect(adapter.breakerState).toBe('open');
    expect(await adapter.interpretSearch('piano', context)).toMatchObject({ ok: false, failure: 'circuit_open' });
    expect(requests).toHaveLength(3);

    clock.advance(29_999);
    expect(await adapter.interpretSearch('piano', context)).toMatchObject({ failure: 'circuit_open' });
    expect(requests).toHaveLength(3);

    down = false;
    clock.advance(1);
    expect(await adapter.interpretSearch('piano', context)).toMatchObject({ ok: true });
    expect(adapter.breakerState).toBe('closed');
    expect(requests).toHaveLength(4);
    expect(outcomes).toEqual(['unavailable', 'unavailable', 'unavailable', 'circuit_open', 'circuit_open', 'ok']);
  });

  it('counts timeouts towards the breaker, and re-opens it at the first failure after a cool-down', async () => {
    const { adapter, clock, requests } = setup(neverAnswers, { timeoutMs: 20, failureThreshold: 2, coolDownMs: 10_000 });
    await adapter.interpretSearch('piano', context);
    await adapter.interpretSearch('piano', context);
    expect(adapter.breakerState).toBe('open');

    clock.advance(10_000);
    expect(await adapter.interpretSearch('piano', context)).toMatchObject({ failure: 'timeout' });
    expect(adapter.breakerState).toBe('open');
    expect(requests).toHaveLength(3);
  });

  it('does not count refusals or malformed answers towards the breaker: the service answered', async () => {
    const answers = [errorResponse(500), completionResponse('nope'), errorResponse(500), completionResponse(null, { refusal: 'no' }), errorResponse(500)];
    const { adapter } = setup(() => answers.shift()!, { failureThreshold: 2 });
    for (let i = 0; i < 5; i++) await adapter.interpretSearch('piano', context);
    expect(adapter.breakerState).toBe('closed');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}
