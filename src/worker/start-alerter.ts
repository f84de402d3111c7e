import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { ALERTS_WORKFLOW_ID, ALERTS_WORKFLOW_TYPE, type AlerterState } from '../contract/alerts';
import type { Settings } from '../config';
import type { Logger } from '../log';
import { SettingsError } from '../settings-error';
import type { TaskRegistry } from '../tasks/registry';

/** A task type CONVEYOR_ALERT_TASK_NAMES names that the registry does not have is a settings error, before the worker starts. */
export function checkAlertSettings(registry: TaskRegistry, settings: Settings): void {
  const unknown = settings.alerts.taskNames.filter((name) => !registry.has(name));
  if (unknown.length > 0) throw new SettingsError([`CONVEYOR_ALERT_TASK_NAMES: ${unknown.join(', ')} is no task type of this project`]);
}

/**
 * Starts the namespace's alerter (one workflow, `conveyor-alerts`) on this worker's first queue
 * when CONVEYOR_ALERT_WEBHOOK_URL is set, or finds it running (another worker started it): alerts
 * begin with what ends from now on. A failure to start it is logged, and the worker serves on.
 */
export async function startAlerter(client: Client, settings: Settings, queue: string, log: Logger): Promise<void> {
  const { alerts } = settings;
  if (!alerts.webhookUrl) return;
  const now = new Date().toISOString();
  const initial: AlerterState = { cursor: now, schedules: {}, startedAt: now };
  try {
    await client.workflow.start(ALERTS_WORKFLOW_TYPE, {
      workflowId: ALERTS_WORKFLOW_ID,
      taskQueue: queue,
      args: [initial],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  } catch (error) {
    log.error({ err: error }, 'alerts are off: the alerter workflow could not be started');
    return;
  }
  // The URL itself is never logged: it often holds a token.
  log.info({ queue, events: alerts.events, taskNames: alerts.taskNames.length > 0 ? alerts.taskNames : 'every type', signed: alerts.webhookSecret !== undefined }, 'alerts on');
}
