import type { Client } from '@temporalio/client';
import { withinCallDeadline } from './deadlines';

/** Resolves once Temporal describes the client's namespace within the call deadline; rejects when it cannot be reached. */
export async function assertNamespaceReachable(client: Client): Promise<void> {
  await withinCallDeadline(client, () => client.workflowService.describeNamespace({ namespace: client.options.namespace }));
}
