import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type RunningEmulator } from '../../../backends/emulator/start-emulator.js';

/** The built-in data set's text (recursive JSON, a 19-digit instance id). */
export const defaultDataText = readFile(
  fileURLToPath(new URL('../../../../backends/gcp/default-data.json', import.meta.url)),
  'utf8',
);

/** A GCP emulator over a data file in a fresh temp dir; `close` removes both. */
export interface EmulatorWithFile {
  readonly emulator: RunningEmulator;
  readonly dataFile: string;
  /** Rewrites the data file: `edit` gets the current text. */
  rewrite(edit: (text: string) => string): Promise<void>;
  close(): Promise<void>;
}

export async function startGcpWithFile(text?: string): Promise<EmulatorWithFile> {
  const dir = await mkdtemp(join(tmpdir(), 'confd-gcp-'));
  const dataFile = join(dir, 'metadata.json');
  await writeFile(dataFile, text ?? (await defaultDataText));
  const emulator = await startEmulator({ provider: 'gcp', data: dataFile });
  return {
    emulator,
    dataFile,
    rewrite: async (edit) => writeFile(dataFile, edit(await readFile(dataFile, 'utf8'))),
    close: async () => {
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
