import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LlmOutcome, LlmSearchFields } from '../../integrations/llm/llm.port.ts';
import { OpenAiAdapter } from '../../integrations/llm/openai.adapter.ts';
import { completionResponse, errorResponse, neverAnswers, noFields, type Script, scriptedOpenAi } from '../../../../../test/support/scripted-openai.ts';
import { MemoryCache } from '../../platform/cache/cache.memory.ts';
import type { Cache } from '../../platform/cache/cache.port.ts';
import { ControllableClock } from '../../platform/clock.ts';
import { LLM_ANSWER_TTL_MS, LLM_NO_ANSWER_TTL_MS, LlmAssistedSearchParser } from './llm-search-parser.ts';
import { llmCacheKey } from './search-llm.policy.ts';
import { FastSearchParser } from './search-parser.ts';
import { loadSearchVocabulary, type SearchVocabulary } from './search-vocabulary.ts';

const SPANISH = 'clases de piano para mi hija en park slope los sábados';
const PIANO_FOR_A_GIRL: LlmSearchFields = { ...noFields(), services: ['piano'], ageGroup: 'kids', location: 'Park Slope', when: 'saturdays' };

let vocabulary: SearchVocabulary;
beforeAll(() => {
  vocabulary = loadSearchVocabulary();
});

const adapters: OpenAiAdapter[] = [];
afterEach(() => {
  for (const adapter of adapters.splice(0)) adapter.close();
});

function setup(script: Script, options: { timeoutMs?: number; failureThreshold?: number; cache?: Cache } = {}) {
  const clock = new ControllableClock('2026-12-01T15:00:00Z');
  const scripted = scriptedOpenAi(script);
  const outcomes: LlmOutcome[] = [];
  const llm = new OpenAiAdapter({ apiKey: 'sk-test', model: 'gpt-4o-mini', clock, fetch: scripted.fetch, onOutcome: (outcome) => outcomes.push(outcome), ...options });
  adapters.push(llm);
  const fast = new FastSearchParser(vocabulary, clock);
  const cache = options.cache ?? new MemoryCache(clock, 1_000);
  const parser = new LlmAssistedSearchParser({ fast, llm, vocabulary, clock, cache });
  return { parser, fast, clock, requests: scripted.requests, outcomes, llm, cache };
}

describe('LlmAssistedSearchParser', () => {
  it('answers from the fast parser alone when it explained every meaningful word', async () => {
    const { parser, fast, requests } = setup(() => completionResponse(PIANO_FOR_A_GIRL));
    for (const query of ['piano lessons for my 8 year old in park slope under $90 weekday evenings', 'patient jazz piano teacher', '', 'piano xq', 'piano 07030']) {
      expect(await parser.parse(query)).toEqual(await fast.parse(query));
    }
    expect(requests).toHaveLength(0);
  });

  it('asks the model when words are left unexplained, and answers with its fields on the fast parse', async () => {
    const { parser, fast, requests, outcomes } = setup(() => completionResponse({ ...PIANO_FOR_A_GIRL, keywords: ['classical'] }));
    const parse = await parser.parse(SPANISH);

    expect(requests).toHaveLength(1);
    expect(requests[0]!.body.messages.at(-1)!.content).toBe(SPANISH);
    expect(requests[0]!.body.messages[0]!.content).toContain('Today is 2026-12-01 (Tuesday) in New York.');
    expect(outcomes).toEqual(['ok']);
    const fastParse = await fast.parse(SPANISH);
    expect(parse).toEqual({
      ...fastParse,
      ageGroup: 'kids',
      when: { from: null, to: null, daysOfWeek: [6], dayParts: [] },
      keywords: ['classical'],
      parser: 'llm',
    });
    expect(parse.services).toEqual([{ slug: 'piano', name: 'Piano' }]);
    expect(parse.location).toMatchObject({ kind: 'neighborhood', name: 'Park Slope' });
  });

  it('asks once per normalized query within a day, resolving relative times again at each use', async () => {
    const { parser, clock, requests } = setup(() => completionResponse({ ...noFields(), services: ['piano'], when: 'tomorrow' }));
    const first = await parser.parse('ピアノ tomorrow-ish');
    const again = await parser.parse('  ピアノ   TOMORROW-ish ');
    expect(requests).toHaveLength(1);
    expect(again).toEqual(first);

    clock.advance(LLM_ANSWER_TTL_MS - 1);
    const nextDay = await parser.parse('ピアノ tomorrow-ish');
    expect(requests).toHaveLength(1);
    expect(nextDay.when?.from).toBe('2026-12-03T05:00:00.000Z');

    clock.advance(1);
    await parser.parse('ピアノ tomorrow-ish');
    expect(requests).toHaveLength(2);
  });

  it('uses the fast parse when the model does not answer in time', async () => {
    const { parser, fast, outcomes } = setup(neverAnswers, { timeoutMs: 30 });
    expect(await parser.parse(SPANISH)).toEqual(await fast.parse(SPANISH));
    expect(outcomes).toEqual(['timeout']);
  });

  it('uses the fast parse on malformed JSON and on a refusal, and does not ask again for an hour', async () => {
    for (const answer of [() => completionResponse('{"services": ["piano"'), () => completionResponse(null, { refusal: 'I cannot help with that.' })]) {
      const { parser, fast, clock, requests } = setup(answer);
      expect(await parser.parse(SPANISH)).toEqual(await fast.parse(SPANISH));
      expect(await parser.parse(SPANISH)).toEqual(await fast.parse(SPANISH));
      expect(requests).toHaveLength(1);
      clock.advance(LLM_NO_ANSWER_TTL_MS);
      await parser.parse(SPANISH);
      expect(requests).toHaveLength(2);
    }
  });

  it('uses the fast parse on an outage, asks again at the next search, and stops asking once the breaker opens', async () => {
    const { parser, fast, requests, outcomes, llm } = setup(() => errorResponse(503), { failureThreshold: 2 });
    const expected = await fast.parse(SPANISH);
    for (let i = 0; i < 4; i++) expect(await parser.parse(SPANISH)).toEqual(expected);
    expect(requests).toHaveLength(2);
    expect(llm.breakerState).toBe('open');
    expect(outcomes).toEqual(['unavailable', 'unavailable', 'circuit_open', 'circuit_open']);
  });

  it('drops what the model invents and keeps what the fast parser found', async () => {
    const { parser } = setup(() =>
      completionResponse({ ...noFields(), services: ['underwater-basket-weaving'], location: 'Atlantis', when: 'when pigs fly', priceMaxDollars: 50 }),
    );
    const parse = await parser.parse('ピアノ in park slope under $90');
    expect(parse).toMatchObject({ services: [], priceMaxCents: 9_000, when: null, parser: 'llm' });
    expect(parse.location).toMatchObject({ name: 'Park Slope' });
  });

  it('still answers when the cache fails, reading or writing', async () => {
    const broken: Cache = Object.assign(new MemoryCache(new ControllableClock()), {
      get: () => Promise.reject(new Error('cache down')),
      set: () => Promise.reject(new Error('cache down')),
    });
    const { parser, requests } = setup(() => completionResponse(PIANO_FOR_A_GIRL), { cache: broken });
    expect(await parser.parse(SPANISH)).toMatchObject({ parser: 'llm', services: [{ slug: 'piano' }] });
    expect(requests).toHaveLength(1);
  });

  it('uses the fast parse when a cached answer is not one it can read', async () => {
    const { parser, fast, cache, requests } = setup(() => completionResponse(PIANO_FOR_A_GIRL));
    for (const stored of [{ fields: { services: 'piano' } }, { fields: { ...PIANO_FOR_A_GIRL, ageGroup: 'toddlers' } }, {}, 'piano']) {
      await cache.set(llmCacheKey(SPANISH), stored, 60_000);
      expect(await parser.parse(SPANISH)).toEqual(await fast.parse(SPANISH));
    }
    expect(requests).toHaveLength(0);
  });

  it('sends the model at most the characters the fast parser reads', async () => {
    const { parser, requests } = setup(() => completionResponse(noFields()));
    await parser.parse(`ピアノ ${'lección '.repeat(200)}`);
    expect(requests[0]!.body.messages.at(-1)!.content.length).toBe(256);
  });
});
