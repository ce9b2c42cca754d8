import { execFile } from 'node:child_process';
import type { Logger } from './log.js';

/** What became of one notification: sent, skipped (no NOTIFY_SOCKET), or failed (logged). */
export type NotifyOutcome = 'sent' | 'skipped' | 'failed';

/**
 * Tells systemd about the daemon's state (sd_notify protocol) when it runs as a `Type=notify`
 * service. Every method resolves once the message was handled and never rejects; messages are
 * sent one at a time, in call order, so `reloading()` then `ready()` arrive in that order.
 */
export interface SystemdNotifier {
  /** `READY=1`: start-up (the first full render) or a reload is complete. */
  ready(status?: string): Promise<NotifyOutcome>;
  /**
   * `RELOADING=1`: a reload (SIGHUP, confdir change) started; call `ready()` when it is done.
   * systemd >= 253 also wants `MONOTONIC_USEC` with it, but only for `Type=notify-reload`; the
   * unit uses `Type=notify` (works on systemd 252 too), where `RELOADING=1` then `READY=1` is
   * the whole protocol.
   */
  reloading(status?: string): Promise<NotifyOutcome>;
  /** `STOPPING=1`: shutdown started. */
  stopping(): Promise<NotifyOutcome>;
}

export interface NotifierOptions {
  /** The program that sends the datagram; `systemd-notify` (found on PATH) by default. */
  readonly command?: string;
  /** Time limit of one send; 10 s by default. */
  readonly timeoutMs?: number;
  /** Failed sends are warned here (a notification failure never stops the daemon). */
  readonly logger?: Logger;
}

/**
 * A notifier for the service manager named by `env.NOTIFY_SOCKET`, or a no-op when it is unset.
 * Node cannot send datagrams on a unix socket by itself, so each message runs `systemd-notify`
 * (systemd 252's syntax: `systemd-notify READY=1 STATUS=...`), which waits until systemd has
 * read it (its default barrier). The message then comes from a child process, hence
 * `NotifyAccess=all` in the unit (as root, systemd-notify also sends our pid as its sender).
 */
export function createSystemdNotifier(
  env: NodeJS.ProcessEnv = process.env,
  options: NotifierOptions = {},
): SystemdNotifier {
  const socket = env.NOTIFY_SOCKET;
  const enabled = socket !== undefined && socket !== '';
  let queue: Promise<unknown> = Promise.resolve();
  const send = (assignments: string[]): Promise<NotifyOutcome> => {
    if (!enabled) return Promise.resolve('skipped');
    const next = queue.then(() => runNotify(socket, assignments, options));
    queue = next;
    return next;
  };
  return {
    ready: (status) => send(['READY=1', ...statusAssignment(status)]),
    reloading: (status) => send(['RELOADING=1', ...statusAssignment(status)]),
    stopping: () => send(['STOPPING=1']),
  };
}

// One `STATUS=` assignment; a newline would end the assignment early, so it becomes a space.
function statusAssignment(text: string | undefined): string[] {
  return text === undefined ? [] : [`STATUS=${text.replace(/\r?\n/gu, ' ')}`];
}

// Runs systemd-notify once; resolves to the outcome, warning on failure.
function runNotify(
  socket: string,
  assignments: readonly string[],
  options: NotifierOptions,
): Promise<NotifyOutcome> {
  const command = options.command ?? 'systemd-notify';
  return new Promise((resolve) => {
    execFile(
      command,
      assignments,
      {
        env: { ...process.env, NOTIFY_SOCKET: socket },
        timeout: options.timeoutMs ?? 10_000,
      },
      (err, _stdout, stderr) => {
        if (!err) return resolve('sent');
        const reason = stderr.trim() || err.message;
        options.logger?.warn(
          { command, message: assignments.join(' '), socket, reason },
          'systemd notification failed',
        );
        resolve('failed');
      },
    );
  });
}
