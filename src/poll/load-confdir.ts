import { ConfigError } from '../errors.js';
import { loadResources } from '../template/load-resources.js';
import { loadTemplate } from '../template/load-template.js';
import type { LoadedResource } from './process-resource.js';

/**
 * Every template resource under `<confdir>/conf.d` with its compiled template. Any bad resource
 * or template is a ConfigError listing every problem found (file, line, field), so a user fixes
 * them all in one go; nothing is processed then (exit 2).
 */
export async function loadConfdir(
  confdir: string,
  globalPrefix: string,
): Promise<LoadedResource[]> {
  const { resources, errors } = await loadResources({ confdir, prefix: globalPrefix });
  const problems: string[] = errors.map((err) => err.message);
  const loaded: LoadedResource[] = [];
  for (const resource of resources) {
    try {
      loaded.push({ resource, template: (await loadTemplate(resource)).template });
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  if (loaded.length === 0)
    throw new ConfigError(`${confdir}/conf.d: no template resources (*.toml) found`);
  return loaded;
}
