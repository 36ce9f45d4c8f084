/**
 * Run an image under qemu-system (TCG), stream the console, and read the control channel
 * the kernel writes at the end (see kernel-backend/ring0/common/ring0.h).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { bootFacts } from '../arch/index.js';
import { archTools } from './toolchain.js';
import { FAULT_STATUS, LOST_STATUS, TIMEOUT_STATUS, type BootArch, type BootOutcome } from './types.js';

export interface RunSpec {
  arch: BootArch;
  image: string;
  argv: string[];
  memoryMiB: number;
  timeoutS: number;
  workDir: string;
  onOutput?: (chunk: Buffer) => void;
}

export interface RunResult {
  outcome: BootOutcome;
  output: string;
  faultLine: string | null;
  enosys: string[];
  runMs: number;
}

/** The kernel's command-line syntax (common/start.c): quote what has a space, a quote or a backslash, or is empty. */
export function quoteArg(a: string): string {
  return a === '' || /[\s"\\]/.test(a) ? `"${a.replace(/["\\]/g, '\\$&')}"` : a;
}

const MONITOR = 'monitor.sock';

/** qemu's option syntax doubles a comma inside a value. */
const q = (s: string) => s.replace(/,/g, ',,');

export function qemuArgs(spec: RunSpec, controlFile: string): string[] {
  // The monitor socket (relative: cwd is the image's directory) lets a timeout report where the CPU is.
  const common = ['-accel', 'tcg', '-m', `${spec.memoryMiB}M`, '-display', 'none', '-monitor', `unix:${MONITOR},server=on,wait=off`, '-no-reboot', '-serial', 'stdio'];
  const boot = bootFacts(spec.arch);
  if (boot.control === 'debugcon') {
    // Multiboot passes "<kernel file> <append>" as the command line; the kernel drops the first word.
    // The image is named relative to cwd so the file name never contains a space.
    return [
      ...boot.machine, ...common,
      '-debugcon', `file:${controlFile}`,
      '-device', 'isa-debug-exit,iobase=0xf4,iosize=4',
      '-kernel', path.basename(spec.image), '-append', spec.argv.map(quoteArg).join(' '),
    ];
  }
  // Semihosting: argv via SYS_GET_CMDLINE, control lines via semihosting writes.
  return [
    ...boot.machine, ...common,
    '-chardev', `file,id=ctl,path=${q(controlFile)}`,
    '-semihosting-config', ['enable=on', 'target=native', 'chardev=ctl', ...spec.argv.map((a) => `arg=${q(quoteArg(a))}`)].join(','),
    '-kernel', path.basename(spec.image),
  ];
}

/** The last control line decides the outcome; `enosys` lines list stubs that were called. */
export function parseControl(text: string, qemuCode: number | null): { outcome: BootOutcome; enosys: string[] } {
  const enosys: string[] = [];
  let outcome: BootOutcome | null = null;
  for (const line of text.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^enosys (\S+)$/.exec(line))) {
      if (!enosys.includes(m[1])) enosys.push(m[1]);
    } else if ((m = /^exit (\d+)$/.exec(line))) {
      outcome = { kind: 'exit', status: Number(m[1]) };
    } else if ((m = /^signal (\d+)$/.exec(line))) {
      outcome = { kind: 'signal', signal: Number(m[1]), status: 128 + Number(m[1]) };
    } else if ((m = /^fault (\d+) (.+)$/.exec(line))) {
      outcome = { kind: 'fault', vector: Number(m[1]), instruction: m[2] === '-' ? null : m[2], status: FAULT_STATUS };
    }
  }
  outcome ??= {
    kind: 'lost',
    status: LOST_STATUS,
    detail: `qemu ended (status ${qemuCode}) without an exit report: the guest reset (triple fault) or qemu failed`,
  };
  return { outcome, enosys };
}

// The program counter in qemu's `info registers`: `RIP=...` (x86), `PC=...` (Arm), a ` pc  ...` row (RISC-V).
const PC = /\b(?:RIP|PC)=([0-9a-f]+)|^ *pc +([0-9a-f]+)\r?\n/im;

/** `info registers` through the monitor: the program counter, and whether an x86 CPU sits in `hlt`. */
export function parseRegisters(text: string): { pc: string; halted: boolean } | null {
  const m = PC.exec(text);
  return m ? { pc: `0x${BigInt(`0x${m[1] ?? m[2]}`).toString(16)}`, halted: /\bHLT=1\b/.test(text) } : null;
}

function cpuState(socket: string): Promise<{ pc: string; halted: boolean } | null> {
  return new Promise((resolve) => {
    let text = '';
    const c = net.createConnection(socket);
    const done = () => {
      c.destroy();
      resolve(parseRegisters(text));
    };
    const timer = setTimeout(done, 2000);
    c.on('connect', () => c.write('info registers\n'));
    c.on('data', (d) => {
      text += d.toString();
      // The answer is complete when the prompt comes back after the register dump.
      if (PC.test(text) && /\(qemu\) *$/.test(text)) {
        clearTimeout(timer);
        done();
      }
    });
    c.on('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
}

export async function runImage(spec: RunSpec): Promise<RunResult> {
  const t = archTools(spec.arch);
  const controlFile = path.join(spec.workDir, 'control.txt');
  const started = Date.now();
  const child = spawn(t.qemu, qemuArgs(spec, controlFile), { cwd: path.dirname(spec.image), stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => {
    out.push(b);
    spec.onOutput?.(b);
  });
  child.stderr.on('data', (b: Buffer) => err.push(b));
  let timedOut = false;
  let cpu: { pc: string; halted: boolean } | null = null;
  const timer = setTimeout(async () => {
    timedOut = true;
    cpu = await cpuState(path.join(path.dirname(spec.image), MONITOR));
    child.kill('SIGKILL');
  }, spec.timeoutS * 1000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  clearTimeout(timer);
  const runMs = Date.now() - started;
  const output = Buffer.concat(out).toString('utf8');
  const control = await readFile(controlFile, 'latin1').catch(() => '');
  let { outcome, enosys } = parseControl(control, code);
  if (timedOut && outcome.kind === 'lost') outcome = { kind: 'timeout', status: TIMEOUT_STATUS, cpu };
  if (outcome.kind === 'lost') {
    const qemuErr = Buffer.concat(err).toString().trim().split('\n')[0];
    if (qemuErr) outcome = { ...outcome, detail: `${outcome.detail}: ${qemuErr}` };
  }
  const faultLine = output.split('\n').find((l) => l.startsWith('ring0: fault:')) ?? null;
  return { outcome, output, faultLine, enosys, runMs };
}
