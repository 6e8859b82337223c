import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './lock.js';

describe('data directory lock', () => {
  it('holds the directory until released', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-lock-'));
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'roster.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(dir, 'roster.lock'))).toBe(false);
  });

  it('refuses a directory held by another live process, with a sentence saying what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-lock-'));
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      writeFileSync(join(dir, 'roster.lock'), String(other.pid));
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(/in use by another Roster process.*ROSTER_DATA_DIR/s);
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-lock-'));
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.on('exit', resolve));
    writeFileSync(join(dir, 'roster.lock'), String(gone.pid));
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'roster.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
