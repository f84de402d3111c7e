/** Every activity of the example tasks, registered by the workers under these names. */
export { processChunk } from './data-processing/activities';
export { runStep } from './error-handling/activities';
export { longRunningWork } from './long-running/activities';
export { sequenceStep } from './step-sequence/activities';
