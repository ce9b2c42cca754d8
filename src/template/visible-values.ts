import type { KeyValues } from '../../backends/backend.js';
import { isUnderKey, stripKeyPrefix } from './key-prefix.js';
import type { TemplateResource } from './resource.js';

/** The keys a template sees (confd): only those under the resource's keys, its prefix stripped. */
export function visibleValues(resource: TemplateResource, values: KeyValues): KeyValues {
  const visible = new Map<string, string>();
  for (const [key, value] of values) {
    if (resource.keys.some((prefix) => isUnderKey(key, prefix))) {
      visible.set(stripKeyPrefix(resource.prefix, key), value);
    }
  }
  return visible;
}
