import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { completionResponse, errorResponse, noFields, scriptedOpenAi } from '../../../../../test/support/scripted-openai.ts';
import { MemoryCache } from '../../platform/cache/cache.memory.ts';
import type { Cache } from '../../platform/cache/cache.port.ts';
import { ControllableClock } from '../../platform/clock.ts';
import { createMetrics } from '../../platform/metrics.ts';
import { LlmAssistedSearchParser } from './llm-search-parser.ts';
import { llmCacheKey } from './search-llm.policy.ts';
import { FastSearchParser } from './search-parser.ts';
import { createSearchParser } from './search-parser.service.ts';
import { loadSearchVocabulary, type SearchVocabulary } from './search-vocabulary.ts';

let vocabulary: SearchVocabulary;
beforeAll(() => {
  vocabulary = loadSearchVocabulary();
});
const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

function deps() {
  const clock = new ControllableClock('2026-12-01T15:00:00Z');
  const fast = new FastSearchParser(vocabulary, clock);
  return { fast, vocabulary, clock, cache: new MemoryCache(clock), metrics: createMetrics() };
}

describe('createSearchParser', () => {
  it('is the fast parser itself without OPENAI_API_KEY', async () => {
    const d = deps();
    const { parser, close } = createSearchParser(loadConfig({ NODE_ENV: 'test' }), d);
    closers.push(close);
    expect(parser).toBe(d.fast);
    expect((await parser.parse('ピアノ in park slope')).parser).toBe('fast');
  });

  it('completes the fast parser with the model when a key is set, counting calls and caching apart from the shared in-process cache', async () => {
    const d = deps();
    const scripted = scriptedOpenAi(() => completionResponse({ ...noFields(), services: ['piano'] }));
    const { parser, close } = createSearchParser(loadConfig({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-test' }), { ...d, adapter: { fetch: scripted.fetch } });
    closers.push(close);
    expect(parser).toBeInstanceOf(LlmAssistedSearchParser);

    expect(await parser.parse('ピアノ in park slope')).toMatchObject({ parser: 'llm', services: [{ slug: 'piano' }] });
    expect(await parser.parse('ピアノ in park slope')).toMatchObject({ parser: 'llm' });
    expect(scripted.requests).toHaveLength(1);
    expect(scripted.requests[0]!.body.model).toBe('gpt-4o-mini');
    expect(await d.cache.get(llmCacheKey('ピアノ in park slope'))).toBeUndefined();
    expect(await d.metrics.render()).toContain('search_llm_calls_total{outcome="ok"} 1');
  });

  it('reports each call the model did not answer usefully, with why, and counts every outcome', async () => {
    const failures: Array<[string, string]> = [];
    const d = deps();
    const scripted = scriptedOpenAi(() => errorResponse(500));
    const { parser, close } = createSearchParser(loadConfig({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-test' }), {
      ...d,
      adapter: { fetch: scripted.fetch, failureThreshold: 1 },
      onLlmFailure: (failure, detail) => failures.push([failure, detail]),
    });
    closers.push(close);
    expect(await parser.parse('ピアノ')).toMatchObject({ parser: 'fast' });
    expect(await parser.parse('ピアノ')).toMatchObject({ parser: 'fast' });
    // The breaker opened at the first failure: the second search was not sent, so only counted.
    expect(failures).toEqual([['unavailable', 'HTTP 500']]);
    const metrics = await d.metrics.render();
    expect(metrics).toContain('search_llm_calls_total{outcome="unavailable"} 1');
    expect(metrics).toContain('search_llm_calls_total{outcome="circuit_open"} 1');
  });

  it('shares answers through the shared cache when it is Redis, so every process asks once', async () => {
    const d = deps();
    // What the factory sees of a Redis-backed cache: its kind; the storage itself does not matter here.
    const shared = new MemoryCache(d.clock) as unknown as Cache;
    Object.defineProperty(shared, 'kind', { value: 'redis' });
    const scripted = scriptedOpenAi(() => completionResponse({ ...noFields(), services: ['piano'] }));
    const config = loadConfig({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-test' });
    const first = createSearchParser(config, { ...d, cache: shared, adapter: { fetch: scripted.fetch } });
    const second = createSearchParser(config, { ...d, cache: shared, adapter: { fetch: scripted.fetch } });
    closers.push(first.close, second.close);
    await first.parser.parse('ピアノ');
    expect(await second.parser.parse('ピアノ')).toMatchObject({ parser: 'llm' });
    expect(scripted.requests).toHaveLength(1);
    expect(await shared.get(llmCacheKey('ピアノ'))).toEqual({ fields: { ...noFields(), services: ['piano'] } });
  });
});
