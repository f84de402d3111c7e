import { parse } from 'yaml';
import { readRepoFile } from './repo-files';

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  entrypoint?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  profiles?: string[];
  deploy?: { replicas?: string | number };
  restart?: string;
}

/** deploy/compose.yaml as compose reads it before interpolation (YAML merge keys applied). */
export function composeFile(): { services: Record<string, ComposeService> } {
  return parse(readRepoFile('deploy', 'compose.yaml'), { merge: true }) as { services: Record<string, ComposeService> };
}

/** The value compose gives with no variable set: `${NAME:-default}` -> its default; undefined when a `${NAME}` or `${NAME:?...}` has none. */
export function withDefaults(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  let required = false;
  const filled = String(value).replace(/\$\{\w+(?::-([^}]*)|:\?[^}]*)?\}/g, (_, fallback: string | undefined) => {
    if (fallback === undefined) required = true;
    return fallback ?? '';
  });
  return required ? undefined : filled;
}

/** Every `${NAME...}` compose interpolates in the file (not `$$`, which is a literal dollar). */
export function interpolatedVariables(text: string): Set<string> {
  return new Set([...text.matchAll(/(?<!\$)\$\{(\w+)/g)].map(([, name = '']) => name));
}
