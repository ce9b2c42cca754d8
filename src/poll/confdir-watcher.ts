import { basename, dirname, join, resolve, sep } from 'node:path';
import { watch } from 'chokidar';
import type { Logger } from '../log.js';

export interface ConfdirWatcherOptions {
  /** Holds `conf.d/` (only `*.toml` count, recursively) and `templates/` (every file). */
  readonly confdir: string;
  /** confd.toml; watched even when it does not exist yet, or lives outside the confdir. */
  readonly configFile: string;
  /** Quiet time after the last event before `onChange` runs; 300 ms by default. */
  readonly debounceMs?: number;
  /**
   * Called once per burst of changes with the absolute paths that were added, changed or
   * removed, sorted. A thrown error or rejected promise is logged, never fatal.
   */
  readonly onChange: (paths: string[]) => void | Promise<void>;
  readonly logger: Logger;
}

/** A running watcher. */
export interface ConfdirWatcher {
  /** Resolves once the initial scan is done: changes made after it are reported. */
  readonly ready: Promise<void>;
  /** Stops watching and drops a pending burst; idempotent. */
  close(): Promise<void>;
}

/**
 * Watches a confdir for changes that need a reload (chokidar): an editor's save burst (swap
 * file, rename over the file, write) becomes one `onChange` call. Hidden files (`.x.toml`,
 * `.x.swp`) and backup files (`x~`, `#x#`) are ignored. awaitWriteFinish is not used: its
 * polling would add seconds, and a reload that reads a half-written file reports it and is
 * followed by another reload when the write completes.
 */
export function watchConfdir(options: ConfdirWatcherOptions): ConfdirWatcher {
  const confdir = resolve(options.confdir);
  const configFile = resolve(options.configFile);
  const confd = join(confdir, 'conf.d');
  const templates = join(confdir, 'templates');
  const isWanted = (path: string, isFile: boolean): boolean => {
    if (path === configFile) return true;
    if (isInside(path, templates)) return !isEditorArtifact(path);
    if (isInside(path, confd)) return !isEditorArtifact(path) && (!isFile || isToml(path));
    return false;
  };
  // Directories on the way to a target are traversed (never their other entries), so watching
  // a confdir that also holds node_modules or /etc costs nothing.
  const targets = [confd, templates, configFile];
  const ignored = (path: string, stats?: { isFile(): boolean }): boolean => {
    if (targets.some((target) => target === path || target.startsWith(path + sep))) return false;
    return !isWanted(path, stats?.isFile() ?? false);
  };
  const roots = [...new Set([confdir, dirname(configFile)])];
  const watcher = watch(roots, { ignoreInitial: true, ignored });
  const burst = createDebouncer(options);
  watcher.on('all', (event, path) => {
    if (event === 'addDir') return;
    if (isWanted(path, event !== 'unlinkDir')) burst.add(path);
  });
  watcher.on('error', (err) => options.logger.warn({ err, confdir }, 'confdir watcher error'));
  const ready = new Promise<void>((resolveReady) => watcher.once('ready', resolveReady));
  let closing: Promise<void> | undefined;
  return {
    ready,
    close: () => {
      closing ??= (burst.cancel(), watcher.close());
      return closing;
    },
  };
}

// Collects paths until `debounceMs` pass without a new one, then hands them to onChange.
function createDebouncer(options: ConfdirWatcherOptions): {
  add(path: string): void;
  cancel(): void;
} {
  const paths = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    const changed = [...paths].sort();
    paths.clear();
    Promise.resolve()
      .then(() => options.onChange(changed))
      .catch((err: unknown) =>
        options.logger.error({ err, paths: changed }, 'reload after a confdir change failed'),
      );
  };
  return {
    add: (path) => {
      paths.add(path);
      clearTimeout(timer);
      timer = setTimeout(flush, options.debounceMs ?? 300);
    },
    cancel: () => {
      clearTimeout(timer);
      paths.clear();
    },
  };
}

function isInside(path: string, dir: string): boolean {
  return path.startsWith(dir + sep);
}

function isToml(path: string): boolean {
  return path.endsWith('.toml');
}

// Hidden files, vim swap files and its `4913` write probe, and backup/autosave files.
function isEditorArtifact(path: string): boolean {
  const name = basename(path);
  return (
    name.startsWith('.') ||
    name.endsWith('~') ||
    /\.sw[a-p]$/u.test(name) ||
    name === '4913' ||
    /^#.*#$/u.test(name)
  );
}
