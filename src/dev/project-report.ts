import { applicationFiles } from '../project/application-files';

/** What a worker started by `conveyor dev` tells it about the application it loaded (over IPC). */
export interface ProjectReport {
  type: 'project';
  /** The application's source files the worker loaded: what to watch. */
  files: string[];
}

/** Sends the report to the supervisor, when there is one (a worker started by `conveyor dev`). */
export function reportProject(): void {
  const report: ProjectReport = { type: 'project', files: applicationFiles() };
  process.send?.(report);
}

export function isProjectReport(message: unknown): message is ProjectReport {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'project';
}
