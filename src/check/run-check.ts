import path from 'node:path';
import { resolveConfig } from '../config.js';
import { ExitCode } from '../errors.js';
import { stripKeyPrefix } from '../template/key-prefix.js';
import { loadResources } from '../template/load-resources.js';
import { loadTemplate, type LoadedTemplate } from '../template/load-template.js';
import type { CompiledTemplate } from '../template/render.js';
import type { TemplateResource } from '../template/resource.js';
import { visibleValues } from '../template/visible-values.js';
import { readFixtureData } from './fixture-data.js';
import { lintTemplate } from './lint-template.js';

/** What `confd-ts check` validates; unset fields resolve like `imds` (environment, confd.toml). */
export interface CheckOptions {
  readonly confdir?: string;
  readonly configFile?: string;
  readonly prefix?: string;
  /** Fixture data (see readFixtureData): render every template against it. */
  readonly dataFile?: string;
  /** CONFD_* variables and getenv's variables; process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
}

/** One problem; `message` is the whole line, `<file>:<line>: <problem>` where they are known. */
export interface CheckProblem {
  /** 'config' (exit 2): confd.toml, resources, template syntax, helpers, keys. 'render' (exit 1). */
  readonly kind: 'config' | 'render';
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly message: string;
}

/** One template rendered against the fixture data: its content, or the render error. */
export interface RenderedTemplate {
  readonly resource: string;
  readonly dest: string;
  readonly content?: string;
  readonly error?: string;
}

export interface CheckResult {
  /** 0 all good, 1 a template failed to render against the data, 2 a configuration problem. */
  readonly exitCode: ExitCode;
  readonly confdir: string;
  /** How many template resources parsed. */
  readonly resources: number;
  readonly problems: readonly CheckProblem[];
  readonly renders: readonly RenderedTemplate[];
}

interface CompiledResource {
  readonly resource: TemplateResource;
  readonly template: CompiledTemplate;
}

/**
 * Validates a confdir without writing anything or running any command: confd.toml (with the
 * flags and CONFD_* variables), every resource, and every template (syntax, unknown helpers,
 * keys outside the resource's keys); with `dataFile`, renders each template against it.
 * Reports every problem found rather than stopping at the first.
 */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const env = options.env ?? process.env;
  const problems: CheckProblem[] = [];
  const { confdir, prefix } = await resolveCheckConfig(options, env, problems);
  const { resources, errors } = await loadResources({ confdir, prefix });
  problems.push(...errors.map((err) => toProblem('config', err)));
  if (resources.length === 0 && errors.length === 0) {
    const message = `${path.join(confdir, 'conf.d')}: no template resources (*.toml) found`;
    problems.push({ kind: 'config', file: undefined, line: undefined, message });
  }
  const compiled: CompiledResource[] = [];
  for (const resource of resources) {
    const template = await checkTemplate(resource, problems);
    if (template) compiled.push({ resource, template });
  }
  const renders =
    options.dataFile === undefined
      ? []
      : await renderAll(compiled, options.dataFile, env, problems);
  const unique = [...new Map(problems.map((problem) => [problem.message, problem])).values()];
  return {
    exitCode: exitCodeOf(unique),
    confdir,
    resources: resources.length,
    problems: unique,
    renders,
  };
}

// confd.toml, flags and environment as `imds` resolves them; on error, the flags alone.
async function resolveCheckConfig(
  options: CheckOptions,
  env: NodeJS.ProcessEnv,
  problems: CheckProblem[],
): Promise<{ confdir: string; prefix: string }> {
  const flags = {
    confdir: options.confdir,
    'config-file': options.configFile,
    prefix: options.prefix,
  };
  try {
    const config = await resolveConfig(flags, env, false);
    return { confdir: config.confdir, prefix: config.prefix };
  } catch (err) {
    problems.push(toProblem('config', err));
    const confdir = path.resolve(options.confdir ?? env.CONFD_CONFDIR ?? '/etc/confd');
    return { confdir, prefix: options.prefix ?? env.CONFD_PREFIX ?? '' };
  }
}

// Read, compile and lint the resource's template; undefined when it cannot be rendered.
async function checkTemplate(
  resource: TemplateResource,
  problems: CheckProblem[],
): Promise<CompiledTemplate | undefined> {
  let loaded: LoadedTemplate;
  try {
    loaded = await loadTemplate(resource);
  } catch (err) {
    problems.push(toProblem('config', err));
    return undefined;
  }
  const visibleKeys = resource.keys.map((key) => stripKeyPrefix(resource.prefix, key));
  for (const { line, message } of lintTemplate(loaded.source, visibleKeys, resource.file)) {
    const text = `${resource.src}:${line}: ${message}`;
    problems.push({ kind: 'config', file: resource.src, line, message: text });
  }
  return loaded.template;
}

// Render each template with only its resource's keys, prefix stripped (as processResource does).
async function renderAll(
  compiled: readonly CompiledResource[],
  dataFile: string,
  env: NodeJS.ProcessEnv,
  problems: CheckProblem[],
): Promise<RenderedTemplate[]> {
  let data: ReadonlyMap<string, string>;
  try {
    data = await readFixtureData(dataFile);
  } catch (err) {
    problems.push(toProblem('config', err));
    return [];
  }
  const renders: RenderedTemplate[] = [];
  for (const { resource, template } of compiled) {
    const values = visibleValues(resource, data);
    const header = { resource: resource.file, dest: resource.dest };
    try {
      renders.push({ ...header, content: await template.render(values, { env }) });
    } catch (err) {
      const problem = toProblem('render', err);
      problems.push(problem);
      renders.push({ ...header, error: problem.message });
    }
  }
  return renders;
}

function toProblem(kind: CheckProblem['kind'], err: unknown): CheckProblem {
  const located = err as { file?: unknown; line?: unknown };
  return {
    kind,
    file: typeof located.file === 'string' ? located.file : undefined,
    line: typeof located.line === 'number' ? located.line : undefined,
    message: err instanceof Error ? err.message : String(err),
  };
}

function exitCodeOf(problems: readonly CheckProblem[]): ExitCode {
  if (problems.some((problem) => problem.kind === 'config')) return ExitCode.usage;
  return problems.length > 0 ? ExitCode.resourceFailed : ExitCode.ok;
}
