import path from 'node:path';
import { loadProject, type Project } from '../../src/project/load-project';
import { ROOT } from './cli';

export const EXAMPLES_CONFIG = path.join(ROOT, 'examples', 'conveyor.config.ts');

let loading: Promise<Project> | undefined;

/** Conveyor's example application, loaded as `conveyor` loads any application's config. */
export function examplesProject(): Promise<Project> {
  loading ??= loadProject({ configFlag: EXAMPLES_CONFIG, cwd: ROOT });
  return loading;
}
