import pg from 'pg';

/**
 * node-postgres value parsing, shared by every pool we open: dates (`YYYY-MM-DD`) stay
 * strings so no time zone can shift them, and int8 counts become numbers (safe below 2^53,
 * which every count and cent amount here is).
 */
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export function createPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'instainstru',
    // Every query here is short: JIT compiling one whose estimated cost crosses jit_above_cost
    // (a search over thousands of candidates) costs more (≈80 ms) than it could ever save.
    // The working set is cached (or on SSD), so an index probe costs little more than a
    // sequential read: with the spinning-disk default (4) the search joined every profile to a
    // few hundred services by hashing a full scan, 3× slower than probing the primary key.
    options: '-c jit=off -c random_page_cost=1.1',
  });
  // An idle client losing its connection (database restarted) must not crash the process;
  // the pool replaces it and the next query reports any lasting outage.
  pool.on('error', () => {});
  // A checked-out client whose connection drops also emits 'error'; the query it ran rejects
  // on its own, so the event must not become an uncaught exception.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

export { pg };

/**
 * A connection of its own (LISTEN belongs to a session, and a pooled client would be handed to
 * others) that calls `onMessage` with each payload notified on `channel`. Resolves once LISTEN
 * is in place. `onLost` is called once if the connection fails or ends before `stop`: the caller
 * may have missed notifications from then on.
 */
export async function listenOnPostgres(
  connectionString: string,
  channel: string,
  onMessage: (payload: string) => void,
  onLost: (error: unknown) => void,
): Promise<() => Promise<void>> {
  const client = new pg.Client({
    connectionString,
    application_name: 'instainstru-listen',
    connectionTimeoutMillis: 5_000,
    // A silent peer (a dropped network path) is noticed by TCP keepalive instead of never.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  let stopped = false;
  let lost = false;
  const lose = (error: unknown) => {
    if (stopped || lost) return;
    lost = true;
    client.end().catch(() => {});
    onLost(error);
  };
  client.on('error', lose);
  client.on('end', () => lose(new Error(`LISTEN ${channel}: connection ended`)));
  client.on('notification', (message) => {
    if (message.channel === channel) onMessage(message.payload ?? '');
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${channel}`);
  } catch (error) {
    stopped = true;
    await client.end().catch(() => {});
    throw error;
  }
  return async () => {
    if (stopped) return;
    stopped = true;
    await client.end().catch(() => {});
  };
}
