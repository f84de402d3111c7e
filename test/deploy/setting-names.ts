import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './helm';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * The variables Conveyor's processes read, from their sources: the settings module's schema
 * (src/config.ts) and every name in the first column of the settings tables in docs/configuration.md
 * (the settings module's and the example application's, such as CONVEYOR_LLM_API_KEY). A renamed setting leaves
 * the chart's old name out of both.
 */
export function conveyorSettingNames(): Set<string> {
  const config = read('src/config.ts');
  const schema = config.slice(config.indexOf('const envSchema = z.object({'), config.indexOf('\n});', config.indexOf('const envSchema')));
  const fromSchema = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]!);
  const fromDocs = read('docs/configuration.md')
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split(' | ')[0] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]!))
    .filter((name) => NAME.test(name));
  if (fromSchema.length < 20) throw new Error(`read only ${fromSchema.length} settings from src/config.ts: has its schema moved?`);
  return new Set([...fromSchema, ...fromDocs]);
}

/** Temporal's own client variables, as @temporalio/envconfig (which Conveyor's connections use) reads them. */
export function temporalClientNames(): Set<string> {
  const dir = path.join(REPO_ROOT, 'node_modules/@temporalio/envconfig/lib');
  const sources = readdirSync(dir).filter((file) => file.endsWith('.js')).map((file) => readFileSync(path.join(dir, file), 'utf8'));
  return new Set(sources.flatMap((source) => [...source.matchAll(/['"](TEMPORAL_[A-Z_]*[A-Z])['"]/g)].map((match) => match[1]!)));
}

/**
 * The CONVEYOR_CLUSTER_* settings the self-hosted services' config template reads
 * (`{{ env "…" }}` in deploy/cluster/temporal.yaml) and those the cluster scripts define
 * (deploy/cluster/settings.sh: the schema step's database address, among others).
 */
export function clusterSettingNames(): Set<string> {
  const template = [...read('deploy/cluster/temporal.yaml').matchAll(/env "([A-Z0-9_]+)"/g)].map((match) => match[1]!);
  const scripts = [...read('deploy/cluster/settings.sh').matchAll(/\b(CONVEYOR_CLUSTER_[A-Z0-9_]+)/g)].map((match) => match[1]!);
  return new Set([...template, ...scripts]);
}

/** deploy/cluster/settings.sh's defaults, `: "${NAME:=value}"`, by name. */
export function clusterDefaults(): Map<string, string> {
  return new Map([...read('deploy/cluster/settings.sh').matchAll(/: "\$\{(CONVEYOR_CLUSTER_[A-Z0-9_]+):=([^}]*)\}"/g)].map((match) => [match[1]!, match[2]!]));
}

/** The server version `npm run cluster:up` builds (deploy/cluster/settings.sh), without its v. */
export function clusterServerVersion(): string {
  const version = /^TEMPORAL_SERVER_VERSION=v(\S+)$/m.exec(read('deploy/cluster/settings.sh'))?.[1];
  if (!version) throw new Error('TEMPORAL_SERVER_VERSION not found in deploy/cluster/settings.sh');
  return version;
}
