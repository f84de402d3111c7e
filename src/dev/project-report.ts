import { applicationFiles } from '../project/application-files';
import type { Project } from '../project/load-project';
import { registrySignature } from './registry-signature';

/** What a worker started by `conveyor dev` tells it about the application it loaded (over IPC). */
export interface ProjectReport {
  type: 'project';
  /** The application's source files the worker loaded: what to watch. */
  files: string[];
  /** {@link registrySignature}: when it changes, the API must restart too. */
  registry: string;
}

/** Sends the report to the supervisor, when there is one (a worker started by `conveyor dev`). */
export function reportProject(project: Project): void {
  const report: ProjectReport = { type: 'project', files: applicationFiles(), registry: registrySignature(project.registry) };
  process.send?.(report);
}

export function isProjectReport(message: unknown): message is ProjectReport {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'project';
}
