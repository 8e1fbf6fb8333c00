import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './data-dir-lock.ts';

describe('embedded data directory lock', () => {
  const dirs: string[] = [];
  const aDataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instainstru-lock-'));
    dirs.push(dir);
    return path.join(dir, 'pgdata');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second process while the first runs, and names it', async () => {
    const dataDir = aDataDir();
    // A real other process, alive while we try.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const held = lockDataDir(dataDir, other.pid!);
      expect(fs.readFileSync(`${dataDir}.lock`, 'utf8').trim()).toBe(String(other.pid));
      expect(() => lockDataDir(dataDir)).toThrow(DataDirInUseError);
      expect(() => lockDataDir(dataDir)).toThrow(new RegExp(`in use by another InstaInstru process \\(pid ${other.pid}\\)`));
      held.release();
      const mine = lockDataDir(dataDir);
      expect(fs.readFileSync(`${dataDir}.lock`, 'utf8').trim()).toBe(String(process.pid));
      mine.release();
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a process that died', async () => {
    const dataDir = aDataDir();
    const dead = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => dead.once('exit', resolve));
    fs.writeFileSync(`${dataDir}.lock`, `${dead.pid}\n`);
    const lock = lockDataDir(dataDir);
    expect(fs.readFileSync(`${dataDir}.lock`, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('takes over an unreadable lock file, and releases only its own lock', () => {
    const dataDir = aDataDir();
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    fs.writeFileSync(`${dataDir}.lock`, 'garbage');
    const lock = lockDataDir(dataDir);
    // Someone replaced the file meanwhile (it was judged stale): releasing must not delete theirs.
    fs.writeFileSync(`${dataDir}.lock`, '4242\n');
    lock.release();
    expect(fs.readFileSync(`${dataDir}.lock`, 'utf8')).toBe('4242\n');
  });
});
