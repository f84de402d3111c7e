import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DEFAULT_SEMAPHORE_OPTIONS, SEMAPHORE_WORKFLOW_TYPE, slotRequestSignal, slotsQuery, type SemaphoreState, type SlotRequest } from '../contract/slots';
import { semaphoreWorkflowId } from './semaphore-id';

/** A task's request for a slot, as its workflow knows it. */
export interface SlotRequestInput extends SlotRequest {
  taskName: string;
  key: string;
  /** Where the semaphore runs when this request starts it: the task's own queue. */
  queue: string;
}

/** The semaphore a task asked, and whether it holds a slot already. */
export interface SlotAnswer {
  semaphoreId: string;
  holding: boolean;
}

/**
 * The activities per-key concurrency needs, registered by every Conveyor worker. Workflow code
 * cannot signal-with-start a workflow that is not its child, so the request goes through an
 * activity (as in Temporal's mutex sample).
 */
export function createSlotActivities(deps: { client: Client }) {
  return {
    /**
     * Asks the key's semaphore for a slot, starting the semaphore if it is not running; answers its
     * workflow id and whether the slot is already the task's (else the grant comes as a signal).
     */
    async conveyorRequestSlot(input: SlotRequestInput): Promise<SlotAnswer> {
      const workflowId = semaphoreWorkflowId(input.taskName, input.key);
      const request: SlotRequest = { taskId: input.taskId, requestId: input.requestId, submittedAt: input.submittedAt, limit: input.limit };
      const initial: SemaphoreState = { limit: input.limit, holders: [], waiters: [], options: DEFAULT_SEMAPHORE_OPTIONS };
      const semaphore = await deps.client.workflow.signalWithStart(SEMAPHORE_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: input.queue,
        args: [initial],
        signal: slotRequestSignal,
        signalArgs: [request],
      });
      // Asked after the request (Temporal orders a query after the signals before it): the task
      // says it waits only when it does.
      const { holders } = await semaphore.query(slotsQuery);
      return { semaphoreId: workflowId, holding: holders.some((holder) => holder.requestId === input.requestId) };
    },

    /** Of these tasks, the ones no longer running (ended in any way, or unknown). */
    async conveyorEndedTasks(taskIds: string[]): Promise<string[]> {
      const ended: string[] = [];
      for (const taskId of taskIds) {
        try {
          const { status } = await deps.client.workflow.getHandle(taskId).describe();
          if (status.name !== 'RUNNING') ended.push(taskId);
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          ended.push(taskId);
        }
      }
      return ended;
    },
  };
}

export type SlotActivities = ReturnType<typeof createSlotActivities>;
