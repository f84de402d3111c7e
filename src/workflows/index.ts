/**
 * Every workflow the worker registers. A workflow's export name is its Temporal workflow type,
 * and each task definition points at one of these functions.
 */
export { exampleApproval } from './example-approval';
export { exampleDataProcessing } from './example-data-processing';
export { exampleErrorHandling } from './example-error-handling';
export { exampleLongRunning } from './example-long-running';
export { noop } from './noop';
