import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite is PostgreSQL in this process: two processes opening the same data directory would
 * both write to it and corrupt it (PostgreSQL's own postmaster.pid check does not work inside
 * PGlite). So the directory is claimed with a lock file holding our PID, created exclusively;
 * a lock left by a process that no longer runs (killed, crashed) is taken over.
 */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another InstaInstru process (pid ${pid}). ` +
        'Stop that process first, or give this one its own DATA_DIR.',
    );
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  release(): void;
}

/** Claims `dataDir` through `<dataDir>.lock` beside it (PostgreSQL wants its own directory to itself). */
export function lockDataDir(dataDir: string, pid: number = process.pid): DataDirLock {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const file = `${dataDir.replace(/[/\\]+$/, '')}.lock`;
  // Twice at most: the second attempt follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(file, `${pid}\n`, { flag: 'wx' });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          if (ownerOf(file) === pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = ownerOf(file);
      if (owner !== null && owner !== pid && isRunning(owner)) throw new DataDirInUseError(dataDir, owner);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}: its lock file keeps reappearing`);
}

function ownerOf(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is running.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
