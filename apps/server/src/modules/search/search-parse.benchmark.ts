import { performance } from 'node:perf_hooks';
import { DEFAULT_NOW, PARSER_CASES } from './search-parse.cases.ts';
import { parseSearchQuery } from './search-parse.policy.ts';
import { loadSearchVocabulary } from './search-vocabulary.ts';

/**
 * Parse time of the fast search parser over its test table (bench/run.ts can print it; tests
 * never assert timings). Each round parses every row once, after one warm-up round, so the
 * figures are per query on a warm JIT, as a running server sees them.
 */
export interface ParserBenchResult {
  queries: number;
  vocabularyBuildMs: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
}

export function benchSearchParser(rounds = 20): ParserBenchResult {
  const buildStart = performance.now();
  const vocabulary = loadSearchVocabulary();
  const vocabularyBuildMs = performance.now() - buildStart;
  const rows = PARSER_CASES.map((row) => ({ query: row.query, nowMs: Date.parse(row.now ?? DEFAULT_NOW) }));
  for (const row of rows) parseSearchQuery(vocabulary, row.query, row.nowMs);

  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const row of rows) {
      const start = performance.now();
      parseSearchQuery(vocabulary, row.query, row.nowMs);
      samples.push(performance.now() - start);
    }
  }
  samples.sort((a, b) => a - b);
  const at = (fraction: number) => samples[Math.min(samples.length - 1, Math.floor(fraction * samples.length))]!;
  return { queries: rows.length, vocabularyBuildMs, medianMs: at(0.5), p99Ms: at(0.99), maxMs: samples[samples.length - 1]! };
}
