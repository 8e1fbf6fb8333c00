import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noFields } from '../support/scripted-openai.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The LLM search parser in the whole application: OPENAI_API_KEY and OPENAI_BASE_URL point the
 * real adapter at a scripted OpenAI-compatible server on this machine. A query in Spanish is
 * read by the model; the same query while the model fails is read by the fast parser alone.
 */
describe('search with the LLM parser configured', () => {
  let t: TestApp;
  let server: http.Server;
  let answer: { status: number; body: unknown };
  const asked: Array<{ model: string; messages: Array<{ role: string; content: string }> }> = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        asked.push(JSON.parse(body) as (typeof asked)[number]);
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await createTestApp({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, SEARCH_LLM_MODEL: 'gpt-4o-mini', METRICS_BASIC_AUTH: 'prometheus:scrape-secret' } });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const parse = async (q: string) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/search/parse?q=${encodeURIComponent(q)}` });
    expect(response.statusCode).toBe(200);
    return response.json().parsed;
  };

  it('reads a query the fast parser cannot explain through the model, and says so', async () => {
    answer = { status: 200, body: completion({ ...noFields(), services: ['piano'], ageGroup: 'kids', when: 'saturdays' }) };
    const parsed = await parse('clases de piano para mi hija en park slope los sábados');
    expect(parsed).toMatchObject({
      services: [{ slug: 'piano', name: 'Piano' }],
      ageGroup: 'kids',
      location: { kind: 'neighborhood', name: 'Park Slope' },
      when: { daysOfWeek: [6] },
      parser: 'llm',
    });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.model).toBe('gpt-4o-mini');
    expect(asked[0]!.messages.at(-1)!.content).toBe('clases de piano para mi hija en park slope los sábados');

    // Asked once: the same words again come from the cache.
    expect((await parse('Clases de piano para mi hija en Park Slope los sabados')).parser).toBe('llm');
    expect(asked).toHaveLength(1);
  });

  it('does not ask the model when the fast parser explained everything', async () => {
    const before = asked.length;
    expect((await parse('piano lessons for my 8 year old in park slope under $90 weekday evenings')).parser).toBe('fast');
    expect(asked).toHaveLength(before);
  });

  it('answers with the fast parse when the model fails, and reports the LLM on health and metrics', async () => {
    answer = { status: 500, body: { error: { message: 'overloaded', type: 'server_error', param: null, code: null } } };
    const parsed = await parse('ピアノ in park slope');
    expect(parsed).toMatchObject({ services: [], location: { name: 'Park Slope' }, parser: 'fast' });

    const scraper = { authorization: `Basic ${Buffer.from('prometheus:scrape-secret').toString('base64')}` };
    const health = (await t.app.inject({ method: 'GET', url: '/api/v1/health/details', headers: scraper })).json();
    expect(health.integrations.llm).toEqual({ mode: 'real', detail: expect.stringContaining('OpenAI gpt-4o-mini') });
    const metrics = await t.metrics.render();
    expect(metrics).toContain('search_llm_calls_total{outcome="ok"} 1');
    expect(metrics).toContain('search_llm_calls_total{outcome="unavailable"} 1');
  });
});

function completion(fields: unknown) {
  return {
    id: 'chatcmpl-journey',
    object: 'chat.completion',
    created: 1_764_547_200,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(fields), refusal: null }, logprobs: null, finish_reason: 'stop' }],
  };
}
