import { loadSearchVocabulary } from './search-vocabulary.ts';
import { parseSearchQuery } from './search-parse.policy.ts';
const t0 = performance.now();
const v = loadSearchVocabulary();
console.error('build ms', performance.now() - t0, 'phrases', v.phrases.size, 'zips', v.zips.size);
const now = Date.parse('2026-12-09T20:00:00Z');
const qs = process.argv.slice(2);
for (const q of qs) {
  const r = parseSearchQuery(v, q, now);
  const compact: any = {};
  for (const [k, val] of Object.entries(r)) if (val !== null && !(Array.isArray(val) && val.length === 0) && k !== 'parser') compact[k] = val;
  console.log(q, '=>', JSON.stringify(compact));
}
