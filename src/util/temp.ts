// Temporary work beside its destination, and what happens to it when the process is stopped.
//
// Every temporary path is named `<target>.<tag>-<pid>-<random>`, so that a later run can tell
// whose it is: a signal (INT, TERM, HUP) removes this process's paths and stops its child
// processes before exiting; after a SIGKILL or a crash, the next run that touches the same place
// sweeps the paths of processes that no longer exist (`sweepBeside`, `sweepDir`).

import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { drain } from './stdio.js';

type Tag = 'tmp' | 'old';

/** Temporary paths of this process still in use; an `old` one is a replaced result to put back if interrupted. */
const live = new Map<string, { restore?: string }>();
const children = new Set<ChildProcess>();

const TEMP_NAME = /^(.+)\.(tmp|old)-(\d+)-[0-9a-f]{6}$/;

/** A new temporary path beside `target` (not created), removed on a signal until `release`d. */
export function tempBeside(target: string, tag: Tag = 'tmp'): string {
  const p = `${target}.${tag}-${process.pid}-${randomBytes(3).toString('hex')}`;
  live.set(p, tag === 'old' ? { restore: target } : {});
  return p;
}

/** The temporary path is finished with (renamed into place or removed). */
export function release(p: string): void {
  live.delete(p);
}

/** Child processes are stopped (their whole process group) before temporary work is removed. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('close', () => children.delete(child));
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Puts back a replaced result whose replacement never arrived, else removes the temporary path. */
function discard(p: string, restore: string | undefined): void {
  try {
    if (restore && !existsSync(restore)) renameSync(p, restore);
    else rmSync(p, { recursive: true, force: true });
  } catch {
    // best effort: the next run sweeps what is left
  }
}

/** Removes what dead processes left in `dir`: temporary paths of ours, and `legacy` names older than an hour. */
export function sweepDir(dir: string, legacy?: RegExp): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    const full = path.join(dir, name);
    if (m) {
      if (!alive(Number(m[3]))) discard(full, m[2] === 'old' ? path.join(dir, m[1]) : undefined);
    } else if (legacy?.test(name)) {
      try {
        if (Date.now() - statSync(full).mtimeMs > 3_600_000) rmSync(full, { recursive: true, force: true });
      } catch {
        // gone already
      }
    }
  }
}

/** Sweeps the temporary paths dead processes left beside `target`. */
export function sweepBeside(target: string): void {
  const dir = path.dirname(target);
  const base = path.basename(target);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (m && m[1] === base && !alive(Number(m[3]))) discard(path.join(dir, name), m[2] === 'old' ? target : undefined);
  }
}

/** Stops the children, removes (or puts back) every live temporary path. Synchronous except the wait for children. */
export async function cleanUpTemporaryWork(): Promise<void> {
  const waits = [...children].map(
    (child) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 3_000);
        child.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        try {
          // Children run in their own process group (see trackChild's callers): stop all of it.
          if (child.pid) process.kill(-child.pid, 'SIGTERM');
        } catch {
          child.kill('SIGTERM');
        }
      }),
  );
  await Promise.all(waits);
  discardLive();
}

/** Removes every live temporary path; replaced results are put back after the temporary copies are gone. */
function discardLive(): void {
  const entries = [...live].sort(([, a], [, b]) => Number(Boolean(a.restore)) - Number(Boolean(b.restore)));
  for (const [p, { restore }] of entries) discard(p, restore);
}

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/** For the CLI only: on INT/TERM/HUP, clean up, drain the output, exit 128+N. */
export function installSignalCleanup(): void {
  for (const [name, n] of Object.entries(SIGNALS)) {
    process.once(name as NodeJS.Signals, () => {
      void (async () => {
        await cleanUpTemporaryWork();
        await Promise.all([drain(process.stdout), drain(process.stderr)]);
        // File operations already queued when the signal came may have finished since: once more.
        discardLive();
        process.exit(128 + n);
      })();
    });
  }
}
