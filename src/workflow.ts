/**
 * `conveyor/workflow`: what workflow code may import from Conveyor. Everything here is
 * deterministic and safe in Temporal's workflow sandbox.
 */
export { setProgress, currentProgress, progressQuery, type Progress } from './contract/progress';
export { awaitDecision, type DecisionRequest } from './contract/await-decision';
export {
  decisionQuery,
  decisionSignal,
  decisionUpdate,
  REVIEW_TIMED_OUT,
  type Decision,
  type DecisionOutcome,
  type DecisionState,
  type DecidedBy,
  type OnReviewTimeout,
} from './contract/decision';
export { failureTypeOf } from './contract/failure-type';
