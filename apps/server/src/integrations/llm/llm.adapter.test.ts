import client from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { ControllableClock } from '../../platform/clock.ts';
import { integrationModes } from '../modes.ts';
import { createLlm } from './llm.adapter.ts';
import { LLM_CALLS_METRIC, llmCallCounter } from './llm.metrics.ts';
import { OpenAiAdapter } from './openai.adapter.ts';
import { completionResponse, errorResponse, noFields, scriptedOpenAi } from '../../../../../test/support/scripted-openai.ts';

const clock = new ControllableClock('2026-12-01T15:00:00Z');
const context = { today: '2026-12-01 (Tuesday)', services: [{ slug: 'piano', name: 'Piano' }], categories: [] };
const created: Array<{ close(): void }> = [];
afterEach(() => {
  for (const llm of created.splice(0)) llm.close();
});

describe('createLlm', () => {
  it('has no LLM without OPENAI_API_KEY, in production too, and /health says it is disabled', () => {
    for (const env of [{ NODE_ENV: 'test' }, { NODE_ENV: 'development', OPENAI_API_KEY: '  ' }]) {
      const config = loadConfig(env);
      expect(createLlm(config, { clock })).toBeNull();
      expect(integrationModes(config).llm).toEqual({ mode: 'disabled', detail: 'search uses the fast parser only (no OPENAI_API_KEY)' });
    }
  });

  it('uses OpenAI with the configured model and endpoint when a key is set, as /health reports', async () => {
    const config = loadConfig({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-test', SEARCH_LLM_MODEL: 'gpt-4.1-nano', OPENAI_BASE_URL: 'https://gateway.example/v1' });
    const scripted = scriptedOpenAi(() => completionResponse(noFields()));
    const llm = createLlm(config, { clock, fetch: scripted.fetch });
    created.push(llm!);
    expect(llm).toBeInstanceOf(OpenAiAdapter);
    expect(await llm!.interpretSearch('piano', context)).toMatchObject({ ok: true });
    expect(scripted.requests[0]).toMatchObject({ url: 'https://gateway.example/v1/chat/completions', body: { model: 'gpt-4.1-nano' } });
    expect(integrationModes(config).llm).toEqual({ mode: 'real', detail: 'OpenAI gpt-4.1-nano via gateway.example for search queries the fast parser cannot explain' });
  });

  it('defaults to gpt-4o-mini on api.openai.com', () => {
    const config = loadConfig({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-test' });
    expect(config.SEARCH_LLM_MODEL).toBe('gpt-4o-mini');
    expect(config.OPENAI_BASE_URL).toBeUndefined();
    expect(integrationModes(config).llm.detail).toBe('OpenAI gpt-4o-mini for search queries the fast parser cannot explain');
  });
});

describe('llmCallCounter', () => {
  it('counts calls by outcome in the app registry, every outcome present from zero', async () => {
    const registry = new client.Registry();
    const count = llmCallCounter(registry);
    const answers = [completionResponse(noFields()), errorResponse(500), completionResponse('not json')];
    const scripted = scriptedOpenAi(() => answers.shift()!);
    const llm = createLlm(loadConfig({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-test' }), { clock, fetch: scripted.fetch, onOutcome: count })!;
    created.push(llm);
    for (let i = 0; i < 3; i++) await llm.interpretSearch('piano', context);

    const text = await registry.metrics();
    expect(text).toContain(`${LLM_CALLS_METRIC}{outcome="ok"} 1`);
    expect(text).toContain(`${LLM_CALLS_METRIC}{outcome="unavailable"} 1`);
    expect(text).toContain(`${LLM_CALLS_METRIC}{outcome="malformed"} 1`);
    expect(text).toContain(`${LLM_CALLS_METRIC}{outcome="timeout"} 0`);
    // A second parser built on the same registry shares the counter instead of failing to register it.
    llmCallCounter(registry)('ok');
    expect(await registry.metrics()).toContain(`${LLM_CALLS_METRIC}{outcome="ok"} 2`);
  });
});
