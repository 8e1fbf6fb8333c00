import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { integrationModes } from '../modes.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { OutboxSms } from './outbox.ts';
import { createSmsPort } from './sms.adapter.ts';
import { TwilioSms } from './twilio.ts';

describe('createSmsPort', () => {
  const clock = new ControllableClock();
  const db = {} as Db; // never queried here
  const twilio = {
    TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
    TWILIO_AUTH_TOKEN: 'token',
    TWILIO_FROM_NUMBER: '+15005550006',
  };

  it('uses Twilio when all three settings are present, as /health reports', () => {
    const config = loadConfig({ NODE_ENV: 'test', ...twilio });
    const port = createSmsPort({ config, db, clock });
    expect(port).toBeInstanceOf(TwilioSms);
    expect(port.mode).toBe('real');
    expect(integrationModes(config).sms.mode).toBe('real');
  });

  it.each(['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_NUMBER'] as const)(
    'falls back to the local outbox without %s',
    (missing) => {
      const config = loadConfig({ NODE_ENV: 'test', ...twilio, [missing]: '' });
      const port = createSmsPort({ config, db, clock });
      expect(port).toBeInstanceOf(OutboxSms);
      expect(port.mode).toBe('fake');
      expect(integrationModes(config).sms.mode).toBe('fake');
    },
  );
});
