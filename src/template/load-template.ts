import { readFile } from 'node:fs/promises';
import { findKeyLine } from '../toml-location.js';
import { compileTemplate, type CompiledTemplate } from './render.js';
import { ResourceError } from './resource-error.js';
import type { TemplateResource } from './resource.js';

/** A resource's template: its text (for linting) and its compiled form. */
export interface LoadedTemplate {
  readonly source: string;
  readonly template: CompiledTemplate;
}

/**
 * Reads and compiles a resource's template. A missing or unreadable file is a ResourceError
 * naming the resource file and the line of its `src`; a syntax error is a TemplateError naming
 * the template file and line.
 */
export async function loadTemplate(resource: TemplateResource): Promise<LoadedTemplate> {
  let source: string;
  try {
    source = await readFile(resource.src, 'utf8');
  } catch (err) {
    const line = findKeyLine(await readFile(resource.file, 'utf8'), 'src', 'template');
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(err)})`;
    throw new ResourceError(`template ${resource.src} ${reason}`, {
      file: resource.file,
      line,
      field: 'template.src',
      cause: err,
    });
  }
  return { source, template: compileTemplate(resource.src, source) };
}
