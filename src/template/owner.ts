import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** `user` looks a name up in the passwd database, `group` in the group database. */
export type IdKind = 'user' | 'group';

/**
 * The numeric id of a user or group name, or `undefined` when no such name exists.
 *
 * Node has no getpwnam/getgrnam. `getent` asks the C library, so it honours NSS exactly as
 * `chown app:app` would (LDAP, sssd, systemd's dynamic users), which parsing /etc/passwd cannot.
 * Where `getent` is not installed (minimal images), /etc/passwd and /etc/group are read instead.
 */
export async function lookupId(kind: IdKind, name: string): Promise<number | undefined> {
  const database = kind === 'user' ? 'passwd' : 'group';
  try {
    const { stdout } = await execFileAsync('getent', [database, name], { timeout: 10_000 });
    return parseEntry(stdout, name);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 2) return undefined;
    if (code === 'ENOENT') return parseEntry(await readFile(`/etc/${database}`, 'utf8'), name);
    throw new Error(`getent ${database} ${name} failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

// Find `name:x:id:...` in passwd/group text (getent's output has the same shape) and return id.
function parseEntry(text: string, name: string): number | undefined {
  for (const line of text.split('\n')) {
    const [entryName, , id] = line.split(':');
    if (entryName === name && id !== undefined && /^\d+$/.test(id)) return Number(id);
  }
  return undefined;
}
