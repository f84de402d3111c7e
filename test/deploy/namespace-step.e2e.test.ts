import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client } from '@temporalio/client';
import {
  CONVEYOR_SEARCH_ATTRIBUTES,
  QUEUE_ATTRIBUTE,
  REVERSED_ID_ATTRIBUTE,
  SEARCH_ATTRIBUTE_TYPE_NAMES,
  STARTED_ATTRIBUTE,
  SUBMITTER_ATTRIBUTE,
  TASK_NAME_ATTRIBUTE,
} from '../../src/contract/search-attributes';
import { ROOT } from '../helpers/cli';
import { connectShared } from '../helpers/temporal';
import { toolPath } from '../helpers/tools';
import { readRepoFile, runProgram } from './helpers/repo-files';

// The namespace step the Temporal server image runs (compose's temporal-namespace service, the
// Helm chart's Job, Render's pre-deploy command), run for real against the run's Temporal: the
// dev server in `npm test`, the multi-service cluster in `npm run test:cluster` (.ci/cluster runs
// it on PostgreSQL and on Elasticsearch visibility, where a start right after registering new
// attributes is refused unless the step waits out the services' 60 s attribute caches).
describe('deploy/cluster/namespace.sh, the image’s namespace step, against the run’s Temporal', () => {
  let client: Client;
  beforeAll(async () => {
    client = await connectShared();
  });
  afterAll(async () => {
    await client.connection.close();
  });

  it("registers exactly Conveyor's search attributes", () => {
    const listed = /SEARCH_ATTRIBUTES=\(([^)]*)\)/.exec(readRepoFile('deploy', 'cluster', 'namespace.sh'))?.[1]?.split(' ');
    expect(listed).toEqual(CONVEYOR_SEARCH_ATTRIBUTES.map((key) => `${key.name}:${SEARCH_ATTRIBUTE_TYPE_NAMES[key.type]}`));
  });

  it('creates the namespace and its search attributes, and changes nothing when run again; a task carrying them starts the moment it exits', async () => {
    const namespace = `image-step-${Date.now().toString(36)}`;
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: namespace,
      CONVEYOR_TEMPORAL_CLI: toolPath('temporal'),
    };
    const first = await runProgram('bash', [path.join(ROOT, 'deploy', 'cluster', 'namespace.sh')], env);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain(`namespace: created ${namespace} (retention 72h)`);
    // On SQL visibility each namespace has its own attributes; on Elasticsearch they belong to the
    // cluster's index, registered already (by cluster:up) for every namespace.
    const { visibilityStore } = await client.connection.workflowService.getClusterInfo({});
    const registeredLine = 'namespace: registered search attribute ConveyorTaskName (Keyword)';
    if (visibilityStore?.includes('elasticsearch')) expect(first.output).not.toContain(registeredLine);
    else expect(first.output).toContain(registeredLine);

    // Without the step's wait for the services' attribute caches, this start is refused.
    const inNamespace = new Client({ connection: client.connection, namespace });
    const handle = await inNamespace.workflow.start('anything', {
      taskQueue: `no-worker-${namespace}`,
      workflowId: `ready-${namespace}`,
      typedSearchAttributes: [
        { key: TASK_NAME_ATTRIBUTE, value: 'ready' },
        { key: QUEUE_ATTRIBUTE, value: 'ready' },
        { key: SUBMITTER_ATTRIBUTE, value: 'ready' },
        { key: STARTED_ATTRIBUTE, value: true },
        { key: REVERSED_ID_ATTRIBUTE, value: 'ready' },
      ],
    });
    await handle.terminate('namespace.sh test: only the start mattered');

    const { customAttributes } = await client.connection.operatorService.listSearchAttributes({ namespace });
    for (const key of CONVEYOR_SEARCH_ATTRIBUTES) expect(Object.keys(customAttributes ?? {})).toContain(key.name);

    const again = await runProgram('bash', [path.join(ROOT, 'deploy', 'cluster', 'namespace.sh')], env);
    expect(again.code, again.output).toBe(0);
    expect(again.output.trim()).toBe(`namespace: ${namespace} ready at ${env.TEMPORAL_ADDRESS}`);
  }, 180_000);
});
