import { problemFromFailure, problemFromResponse } from './problem';

interface ClientResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiProblem
 * (for TanStack Query to put in `error`).
 */
export async function unwrap<T>(call: Promise<ClientResult<T>>): Promise<T> {
  let result: ClientResult<T>;
  try {
    result = await call;
  } catch (cause) {
    throw problemFromFailure(cause);
  }
  if (!result.response.ok || result.data === undefined) {
    throw problemFromResponse(result.error, result.response);
  }
  return result.data;
}

/**
 * Awaits an openapi-fetch call whose success has no body worth reading (202, 204) and
 * resolves when the response is OK, or throws an ApiProblem.
 */
export async function expectOk(call: Promise<ClientResult<unknown>>): Promise<void> {
  let result: ClientResult<unknown>;
  try {
    result = await call;
  } catch (cause) {
    throw problemFromFailure(cause);
  }
  if (!result.response.ok) throw problemFromResponse(result.error, result.response);
}
