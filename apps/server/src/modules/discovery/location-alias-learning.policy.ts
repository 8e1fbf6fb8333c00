/**
 * Learning location aliases (PRODUCT.md §4): a phrase the gazetteer did not know ("the slope")
 * becomes an alias of a neighborhood once enough different people who searched it went on to
 * open instructors serving that neighborhood. Pure: the job gathers the evidence.
 */

/** Distinct people whose choices must point at the neighborhood. */
export const MIN_AGREEING_USERS = 5;
/** Of the people who opened any instructor after searching the phrase, the share that must agree. */
export const MIN_AGREEING_SHARE = 0.6;
/** An instructor opened this long after the search counts as chosen from it. */
export const CHOICE_WINDOW_HOURS = 2;

/** One person's searches of one phrase. */
export interface PhraseSearcher {
  userId: string;
  /** The neighborhoods served by the instructors this person opened within the window after searching; empty when they opened none. */
  neighborhoodsOfOpened: readonly string[];
}

export interface PhraseEvidence {
  phrase: string;
  searchers: readonly PhraseSearcher[];
}

export interface LearnedAlias {
  phrase: string;
  neighborhoodCode: string;
  /** How many distinct people agreed. */
  users: number;
}

/**
 * A person counts once per neighborhood however many instructors or searches point there.
 * Only people who opened something have a say (the share's denominator): someone who left
 * without opening anything says nothing about where the phrase is. The winner must be unique:
 * instructors serve several neighborhoods, so two neighborhoods backed by exactly the same
 * people are indistinguishable and nothing is learned until the evidence tells them apart.
 */
export function learnLocationAlias(evidence: PhraseEvidence): LearnedAlias | null {
  const votes = new Map<string, Set<string>>();
  const choosers = new Set<string>();
  for (const searcher of evidence.searchers) {
    if (searcher.neighborhoodsOfOpened.length === 0) continue;
    choosers.add(searcher.userId);
    for (const code of searcher.neighborhoodsOfOpened) {
      const voters = votes.get(code) ?? new Set<string>();
      voters.add(searcher.userId);
      votes.set(code, voters);
    }
  }
  let best: { code: string; users: number } | null = null;
  let tied = false;
  for (const [code, voters] of votes) {
    if (!best || voters.size > best.users) {
      best = { code, users: voters.size };
      tied = false;
    } else if (voters.size === best.users) {
      tied = true;
    }
  }
  if (!best || tied) return null;
  if (best.users < MIN_AGREEING_USERS) return null;
  if (best.users / choosers.size < MIN_AGREEING_SHARE) return null;
  return { phrase: evidence.phrase, neighborhoodCode: best.code, users: best.users };
}

/** Every phrase that qualifies, in the order given. */
export function learnLocationAliases(evidence: readonly PhraseEvidence[]): LearnedAlias[] {
  return evidence.map(learnLocationAlias).filter((alias): alias is LearnedAlias => alias !== null);
}

/** Groups (phrase, user, neighborhood | null) rows, as the repository returns them, into evidence per phrase. */
export function evidenceFromRows(rows: ReadonlyArray<{ phrase: string; userId: string; neighborhoodCode: string | null }>): PhraseEvidence[] {
  const byPhrase = new Map<string, Map<string, Set<string>>>();
  for (const row of rows) {
    const users = byPhrase.get(row.phrase) ?? new Map<string, Set<string>>();
    const codes = users.get(row.userId) ?? new Set<string>();
    if (row.neighborhoodCode !== null) codes.add(row.neighborhoodCode);
    users.set(row.userId, codes);
    byPhrase.set(row.phrase, users);
  }
  return [...byPhrase].map(([phrase, users]) => ({
    phrase,
    searchers: [...users].map(([userId, codes]) => ({ userId, neighborhoodsOfOpened: [...codes].sort() })),
  }));
}
