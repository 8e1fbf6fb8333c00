import { ApiProblem } from '../../api/problem';

/** "Try again in 15 minutes." (or "in 2 seconds.") from a 429's Retry-After, unless the detail already says when. */
export function retryAfterMessage(error: unknown): string | undefined {
  if (!(error instanceof ApiProblem) || error.retryAfterSeconds === undefined) return undefined;
  if (error.detail && /try again in/i.test(error.detail)) return undefined;
  const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds));
  if (seconds < 60) return `Try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}
