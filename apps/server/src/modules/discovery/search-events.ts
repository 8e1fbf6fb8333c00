import type { Clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { SearchParse } from '../search/search-parse.types.ts';

/** One answered search, as the search service reports it (issue 9 §6). */
export interface SearchEvent {
  userId: string | null;
  query: string;
  parsed: SearchParse;
  resultCount: number;
  latencyMs: number;
  parser: 'fast' | 'llm';
  unresolvedLocationWords: string[];
}

export interface SearchEventRecorder {
  /** Fire-and-forget: never throws, never delays the response; a failure goes to the log. */
  record(event: SearchEvent): void;
}

/** Longest query stored (the search route accepts 256 characters; this only guards the table's check). */
const MAX_QUERY_CHARS = 1000;
const MAX_PHRASE_CHARS = 100;
const MAX_PHRASES = 20;

/** Lowercased, trimmed, spaces collapsed: the form alias learning groups phrases by. */
export function normalizePhrase(phrase: string): string {
  return phrase.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function phrasesOf(words: readonly string[]): string[] {
  const phrases = words.map(normalizePhrase).filter((phrase) => phrase.length > 0 && phrase.length <= MAX_PHRASE_CHARS);
  return [...new Set(phrases)].slice(0, MAX_PHRASES);
}

/**
 * Writes search events to search_events in the background. `flush()` waits for the writes
 * started so far, so tests (and a graceful shutdown) can be deterministic.
 */
export class DatabaseSearchEventRecorder implements SearchEventRecorder {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly deps: { db: Executor; ids: IdGenerator; clock: Clock; onError: (error: unknown) => void },
  ) {}

  record(event: SearchEvent): void {
    let write: Promise<void>;
    try {
      write = this.insert(event).catch((error: unknown) => this.report(error));
    } catch (error) {
      // A synchronous failure (an event that cannot be serialized) is logged like any other.
      this.report(error);
      return;
    }
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private insert(event: SearchEvent): Promise<void> {
    const { db, ids, clock } = this.deps;
    const row = {
      id: ids(),
      userId: event.userId,
      query: event.query.slice(0, MAX_QUERY_CHARS),
      parsed: JSON.stringify(event.parsed),
      resultCount: Math.max(0, Math.trunc(event.resultCount)),
      latencyMs: Math.max(0, event.latencyMs),
      parser: event.parser,
      unresolvedLocationWords: phrasesOf(event.unresolvedLocationWords),
      createdAt: clock.now(),
    };
    return db.insertInto('searchEvents').values(row).execute().then(() => undefined);
  }

  private report(error: unknown): void {
    try {
      this.deps.onError(error);
    } catch {
      // The logger itself failed: recording a search must still never throw.
    }
  }
}
