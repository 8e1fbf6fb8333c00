import type { LlmSearchFields } from '../../apps/server/src/integrations/llm/llm.port.ts';

/**
 * A local stand-in for the OpenAI API, given to the SDK through its own `fetch` option: tests
 * run the real adapter and the real SDK (request building, timeout, error mapping) with no
 * network. Each request is answered by the script; what was asked is kept for assertions.
 */
export interface ScriptedRequest {
  url: string;
  body: {
    model: string;
    messages: Array<{ role: string; content: string }>;
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
    max_completion_tokens?: number;
  };
  signal: AbortSignal | null;
}

export type Script = (request: ScriptedRequest) => Response | Promise<Response>;

export function scriptedOpenAi(script: Script): { fetch: typeof fetch; requests: ScriptedRequest[] } {
  const requests: ScriptedRequest[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const request: ScriptedRequest = { url, body: JSON.parse(String(init?.body ?? '{}')) as ScriptedRequest['body'], signal: init?.signal ?? null };
    requests.push(request);
    return script(request);
  };
  return { fetch: fetchFn as typeof fetch, requests };
}

/** A chat.completions answer as the API sends it, with `content` (serialized unless a string) or a refusal. */
export function completionResponse(
  content: LlmSearchFields | Record<string, unknown> | string | null,
  options: { refusal?: string; finishReason?: 'stop' | 'length' | 'content_filter'; status?: number } = {},
): Response {
  const body = {
    id: 'chatcmpl-scripted',
    object: 'chat.completion',
    created: 1_764_547_200,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: options.refusal ? null : typeof content === 'string' || content === null ? content : JSON.stringify(content),
          refusal: options.refusal ?? null,
        },
        logprobs: null,
        finish_reason: options.finishReason ?? 'stop',
      },
    ],
    usage: { prompt_tokens: 900, completion_tokens: 60, total_tokens: 960 },
  };
  return jsonResponse(body, options.status ?? 200);
}

/** An API error as OpenAI shapes it (429 rate limit, 500, 401…). */
export function errorResponse(status: number, message = 'scripted failure'): Response {
  return jsonResponse({ error: { message, type: 'server_error', param: null, code: null } }, status);
}

/** A server that never answers: settles only when the caller gives up (as a real connection does on abort). */
export function neverAnswers(request: ScriptedRequest): Promise<Response> {
  return new Promise((_resolve, reject) => {
    const abort = () => reject(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }));
    if (request.signal?.aborted) abort();
    request.signal?.addEventListener('abort', abort, { once: true });
  });
}

/** Every field absent: the neutral answer tests start from. */
export function noFields(): LlmSearchFields {
  return {
    services: [],
    category: null,
    ageGroup: null,
    level: null,
    location: null,
    priceMaxDollars: null,
    priceMinDollars: null,
    when: null,
    lessonType: null,
    keywords: [],
  };
}

function jsonResponse(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'x-request-id': 'req_scripted' } });
}
