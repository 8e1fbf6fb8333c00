/**
 * Search over HTTP (issue 9, Benchmark): the real app in its own process (http-server.ts) with
 * the 200 demo instructors plus 10,000 generated ones spread the same way
 * (modules/demo/demo-distribution.ts), a mix of realistic searches — the phrasings people type,
 * explicit filters, each sort, "near me" with a point, and next pages by cursor — at 64
 * connections: p50, p99 and requests/s against the targets (p50 < 15 ms, p99 < 60 ms). On
 * PostgreSQL (DATABASE_URL: a scratch database, dropped afterwards) and on embedded PGlite
 * (one connection), reported side by side.
 *
 *
 * Search pages are answered from memory for a minute (SEARCH_CACHE_SECONDS, search-page-cache.ts),
 * so the mix above is mostly served from memory, as popular searches are. The same mix is then
 * measured with every request a different search ("built anew"): each path of the mix with its
 * own `priceMinCents` of 1 to 999 cents (below every price floor, so the same instructors are
 * found), each connection starting at its own place in the list, so no page is reused.
 *
 * `npm run bench -w apps/server -- search` runs only this. BENCH_SEARCH_SECONDS (default 10),
 * BENCH_GENERATED_INSTRUCTORS (default 10,000).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONNECTIONS, HEADERS, load, scratchDatabase, SPREAD_CLIENT_SETUP, startServer, stopServer, WORKERS, type Figures } from './http.ts';

const SECONDS = Number(process.env.BENCH_SEARCH_SECONDS ?? 10);
const GENERATED = Number(process.env.BENCH_GENERATED_INSTRUCTORS ?? 10_000);
const TARGETS = { p50: 15, p99: 60 };

/** Park Slope (7th Ave & 3rd St), Astoria and the Upper West Side, for "near me" and distance sorts. */
const PARK_SLOPE = 'lat=40.671&lng=-73.9814';
const ASTORIA = 'lat=40.7644&lng=-73.9235';
const UPPER_WEST_SIDE = 'lat=40.787&lng=-73.9754';

/** What people type (as in the issue and the parser's table), with the page's sorts and filters. */
const SEARCHES: string[] = [
  'q=piano lessons for my 8 year old in park slope under $90 weekday evenings',
  'q=piano lessons in park slope',
  'q=guitar lessons in williamsburg',
  'q=spanish tutor online',
  'q=math help for my son on the upper west side',
  'q=swimming lessons for kids in queens this weekend',
  'q=tennis coach brooklyn',
  `q=yoga near me&${ASTORIA}`,
  'q=sat prep under $150',
  'q=chess for kids in harlem',
  'q=voice lessons for adults in astoria after 6pm',
  'q=reading tutor for my daughter (6) in bed-stuy',
  'q=learn to swim staten island saturday',
  'q=beginner piano manhattan tomorrow',
  'q=coding for my son online',
  'q=advanced violin upper east side',
  'q=algebra tutor bronx weekday evenings',
  'q=personal trainer at my place lic mornings',
  'q=french lessons for me on zoom',
  'q=drums for my teen in bushwick',
  'q=keyboard lessons 11215',
  'q=ballet for toddlers in dumbo',
  'q=guitar teacher who plays jazz',
  'q=piano&sort=price',
  'q=guitar in brooklyn&sort=soonest',
  `q=math tutor near me&sort=distance&${UPPER_WEST_SIDE}`,
  `q=piano&sort=distance&${PARK_SLOPE}`,
  'q=&service=piano&neighborhood=BK0602',
  'q=piano lessons for my 8 year old in park slope under $90 weekday evenings&priceMaxCents=none',
  'q=spanish&borough=Queens&ageGroup=kids&limit=50',
];

/** The same search's second page: the cursor comes from its first page. */
const NEXT_PAGES = ['q=piano', 'q=guitar lessons in brooklyn&sort=price', 'q=spanish tutor&sort=soonest'];

const encode = (query: string) =>
  query
    .split('&')
    .map((pair) => {
      const at = pair.indexOf('=');
      return `${pair.slice(0, at)}=${encodeURIComponent(pair.slice(at + 1))}`;
    })
    .join('&');

interface SearchAnswer {
  items: unknown[];
  nextCursor: string | null;
}

/** Every path of the mix, each checked once (status, results) before any load; next pages with real cursors. */
async function requestMix(base: string): Promise<{ paths: string[]; counts: string[] }> {
  const paths = SEARCHES.map((query) => `/api/v1/search?${encode(query)}`);
  for (const query of NEXT_PAGES) {
    const first = await fetch(`${base}/api/v1/search?${encode(query)}`);
    const answer = (await first.json()) as SearchAnswer;
    if (first.ok && answer.nextCursor) paths.push(`/api/v1/search?${encode(query)}&cursor=${encodeURIComponent(answer.nextCursor)}`);
  }
  const counts: string[] = [];
  for (const searchPath of paths) {
    const response = await fetch(`${base}${searchPath}`, { headers: { accept: 'application/json' } });
    const body = (await response.json()) as SearchAnswer;
    if (!response.ok) throw new Error(`${searchPath} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
    counts.push(`${String(body.items.length).padStart(3)}${body.nextCursor ? '+' : ' '} ${decodeURIComponent(searchPath.replace('/api/v1/search?', ''))}`);
  }
  return { paths, counts };
}

/** Each search alone, one at a time (median of 5): which of the mix are the slow ones. */
async function slowest(base: string, paths: string[], top = 5): Promise<string[]> {
  const timed: Array<[number, string]> = [];
  for (const searchPath of paths) {
    const samples: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      await (await fetch(`${base}${searchPath}`, { headers: HEADERS })).arrayBuffer();
      samples.push(performance.now() - started);
    }
    timed.push([samples.sort((a, b) => a - b)[2]!, searchPath]);
  }
  return timed
    .sort((a, b) => b[0] - a[0])
    .slice(0, top)
    .map(([ms, searchPath]) => `${ms.toFixed(1).padStart(7)} ms  ${decodeURIComponent(searchPath.replace('/api/v1/search?', '')).slice(0, 140)}`);
}

function verdict(figures: Figures): string {
  const p50 = figures.p50 < TARGETS.p50 ? 'met' : 'NOT met';
  const p99 = figures.p99 < TARGETS.p99 ? 'met' : 'NOT met';
  return `p50 < ${TARGETS.p50} ms ${p50}, p99 < ${TARGETS.p99} ms ${p99}`;
}

function line(label: string, figures: Figures): string {
  const failures = figures.non2xx || figures.errors ? `  (${figures.non2xx} non-2xx, ${figures.errors} errors)` : '';
  return (
    `search over HTTP (${label})`.padEnd(48) +
    ` ${figures.rps.toFixed(0).padStart(6)} req/s   p50 ${String(figures.p50).padStart(4)} ms   p99 ${String(figures.p99).padStart(5)} ms   ` +
    `server CPU ${figures.serverMicrosPerRequest.toFixed(0).padStart(6)} µs/req   ${(figures.bytesPerResponse / 1024).toFixed(1)} KB/resp   ${verdict(figures)}${failures}`
  );
}

/** Every path of the mix 999 times, each time a different search finding the same instructors. */
function distinctSearches(paths: string[]): string[] {
  const distinct: string[] = [];
  for (let cents = 1; cents <= 999; cents++) for (const searchPath of paths) distinct.push(`${searchPath}&priceMinCents=${cents}`);
  return distinct;
}

async function benchOne(label: string, databaseUrl: string | undefined, dataDirForLists: string): Promise<[Figures, Figures]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'instainstru-bench-search-'));
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      DEMO_DATA: 'true',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      RATE_LIMIT_MODE: 'shadow',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      BENCH_GENERATED_INSTRUCTORS: String(GENERATED),
      DATABASE_URL: databaseUrl,
    };
    if (!databaseUrl) delete env.DATABASE_URL;
    const started = performance.now();
    const server = await startServer('app', env);
    try {
      const g = server.generated;
      const generated = g ? `${g.instructors} generated instructors (${g.services} services, ${g.serviceAreas} service areas, ${g.availabilityDays} availability days) in ${g.seconds.toFixed(1)} s` : 'no generated instructors';
      console.log(`search (${label}): 200 demo + ${generated}; ready after ${((performance.now() - started) / 1000).toFixed(0)} s`);
      const base = `http://127.0.0.1:${server.port}`;
      const { paths, counts } = await requestMix(base);
      console.log(`search (${label}): ${paths.length} searches in the mix (results on the first page, + when there is a next page):`);
      for (const count of counts) console.log(`    ${count}`);
      const figures = await load(server, base, SECONDS, 3, paths.map((searchPath) => ({ path: searchPath })));
      const list = path.join(dataDirForLists, 'distinct-searches.json');
      writeFileSync(list, JSON.stringify(distinctSearches(paths)));
      process.env.BENCH_SPREAD_REQUESTS = list;
      const built = await load(server, base, SECONDS, 1, undefined, SPREAD_CLIENT_SETUP);
      console.log(`search (${label}): the slowest searches alone (median of 5, one connection):`);
      for (const entry of await slowest(base, paths)) console.log(`    ${entry}`);
      return [figures, built];
    } finally {
      await stopServer(server);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchSearchHttp(): Promise<void> {
  // PGOPTIONS reaches the app's PostgreSQL sessions (node-postgres reads it): e.g. '-c jit=off' to compare.
  const pgOptions = process.env.PGOPTIONS ? `, PGOPTIONS ${process.env.PGOPTIONS}` : '';
  console.log(`search over HTTP: ${CONNECTIONS} connections from ${WORKERS} load-generator thread(s), ${SECONDS} s after 3 s of warm-up, Accept-Encoding: ${HEADERS['accept-encoding']}${pgOptions}`);
  const results: Array<[string, Figures]> = [];
  const lists = mkdtempSync(path.join(os.tmpdir(), 'instainstru-bench-search-lists-'));
  const both = (label: string, [mix, built]: [Figures, Figures]) => {
    results.push([label, mix], [`${label}, built anew`, built]);
  };
  try {
    const database = await scratchDatabase();
    try {
      if (database.url) both('PostgreSQL', await benchOne('PostgreSQL', database.url, lists));
    } finally {
      await database.drop();
    }
    both('PGlite, one connection', await benchOne('PGlite, one connection', undefined, lists));
  } finally {
    rmSync(lists, { recursive: true, force: true });
  }
  console.log(`load average ${os.loadavg().map((value) => value.toFixed(2)).join(' ')} on ${os.availableParallelism()} cores`);
  for (const [label, figures] of results) console.log(line(label, figures));
}
