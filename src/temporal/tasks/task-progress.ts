import type { Client, WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { withinCallDeadline } from '../deadlines';
import { dateOf } from '../timestamp';
import { progressInHeartbeat } from '../../contract/activity-progress';
import { progressQuery, type Progress } from '../../contract/progress';

/**
 * A running task's progress: what its most recently heartbeating activity reported (the
 * finer-grained news), else its workflow's own (the `progress` query); `null` while no worker
 * answers. Neither source adds events to the task's history.
 */
export async function runningProgress(client: Client, handle: WorkflowHandle, description: WorkflowExecutionDescription): Promise<Progress | null> {
  const fromActivity = await activityProgress(client, description);
  if (fromActivity) return fromActivity;
  try {
    return await withinCallDeadline(client, () => handle.query(progressQuery));
  } catch {
    return null;
  }
}

/** The progress in the latest heartbeat among the task's pending activities, if one carries any. */
async function activityProgress(client: Client, description: WorkflowExecutionDescription): Promise<Progress | undefined> {
  const beating = (description.raw.pendingActivities ?? [])
    .filter((activity) => activity.heartbeatDetails?.payloads?.length)
    .sort((a, b) => heartbeatMs(b) - heartbeatMs(a));
  for (const activity of beating) {
    const progress = progressInHeartbeat(await decodeFirst(client, activity.heartbeatDetails?.payloads ?? []));
    if (progress) return progress;
  }
  return undefined;
}

/** The first payload's value, through the client's codecs and payload converter (as the SDK decodes). */
async function decodeFirst(client: Client, payloads: Payload[]): Promise<unknown> {
  const converter = client.options.loadedDataConverter;
  let decoded = payloads;
  for (const codec of [...converter.payloadCodecs].reverse()) decoded = await codec.decode(decoded);
  const first = decoded[0];
  try {
    return first ? converter.payloadConverter.fromPayload(first) : undefined;
  } catch {
    return undefined; // details some other code wrote, in an encoding this client cannot read
  }
}

function heartbeatMs(activity: { lastHeartbeatTime?: Parameters<typeof dateOf>[0] }): number {
  return dateOf(activity.lastHeartbeatTime)?.getTime() ?? 0;
}
