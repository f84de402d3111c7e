/**
 * Every workflow of the example tasks: the module `workflowsPath` names. The worker bundles it
 * for Temporal's sandbox, so everything it imports must be deterministic (the lint rule and the
 * replay test guard it).
 */
export { exampleApproval } from './approval/workflow';
export { exampleDataProcessing } from './data-processing/workflow';
export { exampleErrorHandling } from './error-handling/workflow';
export { exampleLongRunning } from './long-running/workflow';
export { processLargeDataset } from './large-dataset/workflow';
export { bookingSaga } from './booking-saga/workflow';
export { extractLinks } from './extract-links/workflow';
export { orchestration } from './orchestration/workflow';
export { orchestrationAddOne, orchestrationDouble, orchestrationSum } from './orchestration/children';
export { asyncOperations } from './async-operations/workflow';
export { fireAndForget } from './fire-and-forget/workflow';
export { fireAndForgetChild } from './fire-and-forget/child';
export { webPageReview } from './web-page-review/workflow';
export { exampleStepSequence } from './step-sequence/workflow';
