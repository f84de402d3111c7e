import { workflowInfo, type ActivityInput, type Next, type WorkflowOutboundCallsInterceptor } from '@temporalio/workflow';
import { RATE_LIMITED_MEMO } from './flow-control';

/**
 * Activities of a task take their place under its flow control:
 *  - its fairness key, unless the activity names its own. Temporal passes a workflow's priority on
 *    to activities that go through their queue; one handed straight to the worker that scheduled
 *    it (eager dispatch) would run without it, and its code would not see the key;
 *  - for a task of a type with a rate limit (its memo says so), no eager dispatch: an activity
 *    handed straight to a worker skips its queue, where Temporal enforces the limit.
 * A workflow without a fairness key (started outside Conveyor, or before keys) schedules its
 * activities as it always did, so the commands of older histories replay unchanged. Local
 * activities never pass a queue: no limit applies to them.
 */
export class KeyedActivities implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>): Promise<unknown> {
    const { priority, memo } = workflowInfo();
    const fairnessKey = priority?.fairnessKey;
    const rateLimited = memo?.[RATE_LIMITED_MEMO] === true;
    if (!fairnessKey && !rateLimited) return next(input);
    const options = { ...input.options };
    if (fairnessKey && !options.priority?.fairnessKey) options.priority = { ...priority, ...options.priority, fairnessKey };
    if (rateLimited) options.allowEagerDispatch = false;
    return next({ ...input, options });
  }
}
