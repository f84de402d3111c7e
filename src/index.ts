/**
 * `conveyor`: what an application's `conveyor.config.ts`, task definitions and activities use.
 * Workflow code imports `conveyor/workflow` instead; application code that submits tasks,
 * `conveyor/client`.
 */
export { defineConfig, type ActivityDeps, type ConveyorConfig, type ConveyorConfigSpec } from './project/define-config';
export { defineTask, type AnyTaskDefinition, type TaskDefinition, type TaskName, type TaskParams, type TaskResult, type TaskSpec } from './tasks/define-task';
export type { TaskVersioning } from './tasks/versioning';
export { decisionOutcome, decisionPayload, decisionPayloadWithSummary, onReviewTimeout } from './tasks/decision-payload';
export {
  decisionQuery,
  decisionSignal,
  decisionUpdate,
  REVIEW_TIMED_OUT,
  type Decision,
  type DecisionOutcome,
  type DecisionState,
  type OnReviewTimeout,
} from './contract/decision';
export { heartbeatProgress, lastCheckpoint } from './activity/heartbeat-progress';
export type { Progress } from './contract/progress';
