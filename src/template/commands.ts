import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** How a `check_cmd` or `reload_cmd` ended. `output` may hold secrets: log it only through the scrubbing logger. */
export interface CommandResult {
  /** The command as run, after `{{src}}`/`{{dest}}` substitution. */
  readonly command: string;
  /** Exit status, or `null` when the shell was killed by a signal or could not start. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  /** Exit status 0 within the timeout. */
  readonly ok: boolean;
  /** The last lines of stdout and stderr, interleaved as they came. */
  readonly output: string;
}

/** Limits of one command run. */
export interface CommandOptions {
  readonly timeoutMs: number;
  /** Between SIGTERM and SIGKILL to the process group after a timeout. Default 2000. */
  readonly killGraceMs?: number;
}

const OUTPUT_BYTES = 16 * 1024;
const OUTPUT_LINES = 20;
// After the shell exits, how long its output pipes may stay open (a background child that kept them).
const DRAIN_MS = 200;

/**
 * Replace `{{src}}` and `{{dest}}` (also confd's `{{.src}}`, spaces allowed) in a command, quoting
 * each path for the shell when it holds anything but plain path characters.
 */
export function expandCommand(template: string, paths: { src: string; dest: string }): string {
  return template.replace(/\{\{\s*\.?(src|dest)\s*\}\}/g, (_, name: 'src' | 'dest') =>
    quoteForShell(paths[name]),
  );
}

/**
 * Run `command` with `/bin/sh -c` in its own process group; never rejects. On timeout the whole
 * group gets SIGTERM, then SIGKILL after the grace period, so that children of the shell die too.
 */
export function runCommand(command: string, options: CommandOptions): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    let settled = false;
    // stderr joins stdout inside the shell, so the output tail keeps the order lines were written.
    // NOTIFY_SOCKET is withheld: under NotifyAccess=all a command could otherwise speak for the service.
    const child = spawn('/bin/sh', ['-c', `exec 2>&1\n${command}`], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, NOTIFY_SOCKET: undefined },
    });
    const collect = (chunk: Buffer): void => {
      chunks.push(chunk);
      size += chunk.length;
      while (size - (chunks[0]?.length ?? 0) >= OUTPUT_BYTES) size -= chunks.shift()?.length ?? 0;
    };
    child.stdout.on('data', collect);
    const killTimers: NodeJS.Timeout[] = [];
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGTERM');
      killTimers.push(
        setTimeout(() => killGroup(child.pid, 'SIGKILL'), options.killGraceMs ?? 2000),
      );
    }, options.timeoutMs);
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, extra = ''): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killTimers.forEach(clearTimeout);
      child.stdout.destroy();
      const output = tailLines(Buffer.concat(chunks).toString('utf8') + extra);
      const durationMs = performance.now() - started;
      const ok = exitCode === 0 && !timedOut;
      resolve({ command, exitCode, signal, timedOut, durationMs, ok, output });
    };
    child.once('error', (err) => finish(null, null, err.message));
    child.once('exit', (code, signal) => {
      const drain = setTimeout(() => finish(code, signal), DRAIN_MS);
      child.once('close', () => {
        clearTimeout(drain);
        finish(code, signal);
      });
    });
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone: nothing left to kill.
  }
}

function tailLines(text: string): string {
  return text.trimEnd().split('\n').slice(-OUTPUT_LINES).join('\n');
}

function quoteForShell(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}
