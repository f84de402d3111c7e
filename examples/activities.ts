/** Every activity of the example tasks, registered by the workers under these names. */
export { processChunk } from './data-processing/activities';
export { runStep } from './error-handling/activities';
export { longRunningWork } from './long-running/activities';
export { addOne, multiplyByTwo, sumValues } from './orchestration/activities';
export { callService, fallbackService } from './async-operations/activities';
