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

interface SearchEventRow {
  id: string;
  userId: string | null;
  query: string;
  parsed: string;
  resultCount: number;
  latencyMs: number;
  parser: 'fast' | 'llm';
  unresolvedLocationWords: string[];
  createdAt: Date;
}

function phrasesOf(words: readonly string[]): string[] {
  const phrases = words.map(normalizePhrase).filter((phrase) => phrase.length > 0 && phrase.length <= MAX_PHRASE_CHARS);
  return [...new Set(phrases)].slice(0, MAX_PHRASES);
}

/** Events written together at most this often, and at most this many per statement. */
const BATCH_DELAY_MS = 50;
const MAX_BATCH = 500;

/**
 * Writes search events to search_events in the background, anonymous ones in batches: every
 * search is an event (cached answers included), so at hundreds of searches a second one INSERT
 * each would cost the database more than the searches. A signed-in search (history) is
 * written at once, with whatever waits beside it. `flush()` writes what is waiting and waits for the
 * writes started so far, so tests (and a graceful shutdown) can be deterministic.
 */
export class DatabaseSearchEventRecorder implements SearchEventRecorder {
  private readonly pending = new Set<Promise<void>>();
  private waiting: SearchEventRow[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: { db: Executor; ids: IdGenerator; clock: Clock; onError: (error: unknown) => void },
  ) {}

  record(event: SearchEvent): void {
    try {
      this.waiting.push(this.row(event));
    } catch (error) {
      // A synchronous failure (an event that cannot be serialized) is logged like any other.
      this.report(error);
      return;
    }
    // A signed-in search is the searcher's history, which they may open the next moment: written at once.
    if (this.waiting.length >= MAX_BATCH || event.userId !== null) this.write();
    else if (!this.timer) {
      // Not business time (nothing is due at a marketplace hour): only how long events wait to be written together.
      this.timer = setTimeout(() => this.write(), BATCH_DELAY_MS);
      this.timer.unref();
    }
  }

  async flush(): Promise<void> {
    this.write();
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Starts writing what is waiting. */
  private write(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const rows = this.waiting;
    this.waiting = [];
    if (rows.length === 0) return;
    const write = this.insert(rows).catch((error: unknown) => this.report(error));
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  private row(event: SearchEvent): SearchEventRow {
    const { ids, clock } = this.deps;
    return {
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
  }

  /** One statement for the batch; if it is refused, row by row, so one bad event loses only itself. */
  private async insert(rows: SearchEventRow[]): Promise<void> {
    const { db } = this.deps;
    try {
      await db.insertInto('searchEvents').values(rows).execute();
    } catch (error) {
      if (rows.length === 1) throw error;
      for (const row of rows) await db.insertInto('searchEvents').values(row).execute().catch((rowError: unknown) => this.report(rowError));
    }
  }

  private report(error: unknown): void {
    try {
      this.deps.onError(error);
    } catch {
      // The logger itself failed: recording a search must still never throw.
    }
  }
}
