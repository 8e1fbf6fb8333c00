import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { integrationModes } from '../modes.ts';
import { createEmailPort } from './email.adapter.ts';
import { OutboxEmailAdapter } from './outbox.ts';
import { ResendEmailAdapter } from './resend.ts';

const clock = new ControllableClock();
// Choosing an adapter touches no database.
const deps = { db: {} as Db, clock, ids: createIdGenerator(clock) };

describe('email adapter choice', () => {
  it('uses the local outbox when no Resend key is configured', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    const port = createEmailPort(config, deps);
    expect(port).toBeInstanceOf(OutboxEmailAdapter);
    expect(port.mode).toBe('fake');
    expect(integrationModes(config).email.mode).toBe(port.mode);
  });

  it('uses Resend when RESEND_API_KEY is set, as /health reports', () => {
    const config = loadConfig({ NODE_ENV: 'test', RESEND_API_KEY: 're_test_123' });
    const port = createEmailPort(config, deps);
    expect(port).toBeInstanceOf(ResendEmailAdapter);
    expect(port.mode).toBe('real');
    expect(integrationModes(config).email.mode).toBe(port.mode);
  });
});
