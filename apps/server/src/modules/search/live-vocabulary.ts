import type { Clock } from '../../platform/clock.ts';
import { loadSearchVocabulary, type LearnedAlias, type SearchVocabulary } from './search-vocabulary.ts';

/** The parsers read the vocabulary through this, so the one in use can be replaced while they run. */
export interface VocabularySource {
  current(): SearchVocabulary;
}

export function vocabularyOf(source: SearchVocabulary | VocabularySource): SearchVocabulary {
  return 'current' in source && typeof source.current === 'function' ? source.current() : (source as SearchVocabulary);
}

/** How often a process asks whether the nightly job learned new place aliases. */
export const LEARNED_ALIASES_CHECK_MS = 60 * 60_000;

/**
 * The shipped vocabulary plus the place aliases the nightly job learned (PRODUCT.md §4). Every
 * process checks the learned aliases at most hourly, by the Clock, in the background of a
 * search; it rebuilds (a fraction of a second) only when they changed, and a failed read keeps
 * the vocabulary it has. No timer: an idle process has nothing to refresh.
 */
export class LiveSearchVocabulary implements VocabularySource {
  private vocabulary: SearchVocabulary;
  private fingerprint = '[]';
  private checkedAtMs = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly deps: {
      clock: Clock;
      learnedAliases?: () => Promise<readonly LearnedAlias[]>;
      onError?: (error: unknown) => void;
    },
  ) {
    this.vocabulary = loadSearchVocabulary();
  }

  current(): SearchVocabulary {
    this.refreshIfDue();
    return this.vocabulary;
  }

  /** Starts a check when the last one is older than LEARNED_ALIASES_CHECK_MS; the running search keeps the current vocabulary. */
  refreshIfDue(): void {
    const nowMs = this.deps.clock.nowMs();
    if (!this.deps.learnedAliases || this.refreshing || nowMs - this.checkedAtMs < LEARNED_ALIASES_CHECK_MS) return;
    this.checkedAtMs = nowMs;
    this.refreshing = this.refresh()
      .catch((error: unknown) => this.deps.onError?.(error))
      .finally(() => {
        this.refreshing = null;
      });
  }

  /** Reads the learned aliases now and rebuilds when they changed (tests and start-up await it). */
  async refresh(): Promise<void> {
    const aliases = (await this.deps.learnedAliases?.()) ?? [];
    const fingerprint = JSON.stringify(aliases.map(({ phrase, neighborhoodCode }) => [phrase, neighborhoodCode]));
    if (fingerprint === this.fingerprint) return;
    this.vocabulary = loadSearchVocabulary(aliases);
    this.fingerprint = fingerprint;
  }

  /** Resolves when a background check has finished (for tests). */
  async settled(): Promise<void> {
    await this.refreshing;
  }
}
