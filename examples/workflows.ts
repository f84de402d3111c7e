/**
 * Every workflow of the example tasks: the module `workflowsPath` names. The worker bundles it
 * for Temporal's sandbox, so everything it imports must be deterministic (the lint rule and the
 * replay test guard it).
 */
export { exampleApproval } from './approval/workflow';
export { exampleDataProcessing } from './data-processing/workflow';
export { exampleErrorHandling } from './error-handling/workflow';
export { exampleLongRunning } from './long-running/workflow';
export { exampleStepSequence } from './step-sequence/workflow';
