import { defineConfig } from 'conveyor';
import * as activities from './activities';
import { exampleApprovalTask } from './approval/task';
import { bookingSagaTask } from './booking-saga/task';
import { exampleDataProcessingTask } from './data-processing/task';
import { exampleErrorHandlingTask } from './error-handling/task';
import { processLargeDatasetTask } from './large-dataset/task';
import { exampleLongRunningTask } from './long-running/task';
import { extractLinksTask } from './extract-links/task';
import { orchestrationTask } from './orchestration/task';
import { asyncOperationsTask } from './async-operations/task';
import { fireAndForgetTask } from './fire-and-forget/task';
import { exampleStepSequenceTask } from './step-sequence/task';
import { QUEUES } from './queues';
import { webPageReviewTask } from './web-page-review/task';

/**
 * Conveyor's own example application, written as any application writes its tasks: through
 * Conveyor's public entry points only. `npm start` in this repository runs it.
 */
export default defineConfig({
  tasks: [
    exampleLongRunningTask,
    exampleDataProcessingTask,
    exampleErrorHandlingTask,
    exampleApprovalTask,
    processLargeDatasetTask,
    bookingSagaTask,
    extractLinksTask,
    orchestrationTask,
    asyncOperationsTask,
    fireAndForgetTask,
    webPageReviewTask,
    exampleStepSequenceTask,
  ],
  workflowsPath: './workflows', // relative to this file
  activities,
  // The queues the previous task system's clients submit to; computor-tasks is the default.
  queues: QUEUES,
});
