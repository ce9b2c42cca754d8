import type { AwsOverrides } from '../emulator/emulator-options.js';
import { WatchedData } from '../emulator/watched-data.js';
import { loadAwsData } from './emulator-data.js';
import { loadDefaultAwsData } from './emulator-default-data.js';
import { applyAwsOverrides } from './emulator-overrides.js';
import type { MetadataTree } from './emulator-tree.js';

/** Where the AWS emulator's data comes from. */
export interface AwsDataSourceOptions {
  /** A JSON data file or a data directory; absent = the built-in data set. */
  data?: string;
  overrides?: AwsOverrides;
  onWarning?: (message: string) => void;
}

/** The AWS emulator's current tree, reloaded when its data file or directory changes. */
export type AwsDataSource = WatchedData<MetadataTree>;

/** Loads the data set (overrides applied) and watches its file or directory. Throws ConfigError. */
export function openAwsDataSource(options: AwsDataSourceOptions): Promise<AwsDataSource> {
  return WatchedData.open({
    path: options.data,
    load: () => load(options),
    onWarning: options.onWarning,
  });
}

async function load(options: AwsDataSourceOptions): Promise<MetadataTree> {
  const tree =
    options.data === undefined ? await loadDefaultAwsData() : await loadAwsData(options.data);
  applyAwsOverrides(tree, options.overrides ?? {});
  return tree;
}
