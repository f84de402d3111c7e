/** Every activity of the example tasks, registered by the workers under these names. */
export { processChunk } from './data-processing/activities';
export { runStep } from './error-handling/activities';
export { longRunningWork } from './long-running/activities';
export { processDatasetChunk } from './large-dataset/activities';
export { charge, refund, release, reserve, ship } from './booking-saga/activities';
export { fetchReadablePage } from './lib/web-fetch/activities';
export { classifyPage, extractPageEntities, summarizePage } from './web-page-review/activities';
export { fetchArchiveMonth } from './extract-links/activities';
export { addOne, multiplyByTwo, sumValues } from './orchestration/activities';
export { callService, fallbackService } from './async-operations/activities';
export { sequenceStep } from './step-sequence/activities';
