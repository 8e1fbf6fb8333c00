import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOW, PARSER_CASES } from './search-parse.cases.ts';
import { parseSearchQuery } from './search-parse.policy.ts';
import { EMPTY_SEARCH_PARSE } from './search-parse.types.ts';
import { loadSearchVocabulary, type SearchVocabulary } from './search-vocabulary.ts';


let vocabulary: SearchVocabulary;
beforeAll(() => {
  vocabulary = loadSearchVocabulary();
});

describe('fast search parser: the table', () => {
  it('has at least 250 phrasings, each once', () => {
    expect(PARSER_CASES.length).toBeGreaterThanOrEqual(250);
    const keys = PARSER_CASES.map((row) => `${row.now ?? DEFAULT_NOW}|${row.query}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(PARSER_CASES.map((row) => [row.query.length > 60 ? `${row.query.slice(0, 57)}…` : row.query, row] as const))(
    '%s',
    (_label, row) => {
      const parse = parseSearchQuery(vocabulary, row.query, Date.parse(row.now ?? DEFAULT_NOW));
      expect(parse).toEqual({ ...EMPTY_SEARCH_PARSE, ...row.expect });
    },
  );
});
