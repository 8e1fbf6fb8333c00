import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.ts';

function breaker(probe: () => Promise<void>) {
  const changes: string[] = [];
  // The interval is never reached in these tests: they call probe() themselves.
  const b = new CircuitBreaker({ probe, probeEveryMs: 3_600_000, onChange: (state) => changes.push(state) });
  return { b, changes };
}

describe('CircuitBreaker', () => {
  it('uses the primary while it answers', async () => {
    const { b } = breaker(async () => {});
    expect(await b.run(async () => 'redis', async () => 'memory')).toBe('redis');
    expect(b.state).toBe('closed');
  });

  it('opens on an outage error, answers from the fallback without trying the primary, and closes when a probe succeeds', async () => {
    let up = false;
    const { b, changes } = breaker(async () => {
      if (!up) throw new Error('still down');
    });
    let primaryCalls = 0;
    const primary = async () => {
      primaryCalls += 1;
      if (!up) throw new Error("Stream isn't writeable");
      return 'redis';
    };
    expect(await b.run(primary, async () => 'memory')).toBe('memory');
    expect(await b.run(primary, async () => 'memory')).toBe('memory');
    expect(primaryCalls).toBe(1);
    await b.probe();
    expect(b.state).toBe('open');
    up = true;
    await b.probe();
    expect(b.state).toBe('closed');
    expect(await b.run(primary, async () => 'memory')).toBe('redis');
    expect(changes).toEqual(['open', 'closed']);
    b.stop();
  });

  it('lets caller errors through without opening', async () => {
    const { b } = breaker(async () => {});
    await expect(b.run(async () => { throw new RangeError('ttlMs must be a positive integer'); }, async () => 'memory')).rejects.toThrow(RangeError);
    expect(b.state).toBe('closed');
  });

  it('stays open while a recovery step fails, and tells listeners about each opening', async () => {
    const { b } = breaker(async () => {});
    let opened = 0;
    let recoveries = 0;
    b.onOpen(() => (opened += 1));
    b.onClose(async () => {
      recoveries += 1;
      if (recoveries === 1) throw new Error('invalidation failed');
    });
    b.trip(new Error('down'));
    await b.probe();
    expect(b.state).toBe('open');
    await b.probe();
    expect(b.state).toBe('closed');
    b.trip(new Error('down again'));
    expect(opened).toBe(2);
    b.stop();
  });
});
