import { ApplicationFailure, executeChild, workflowInfo } from '@temporalio/workflow';
import { setProgress } from 'conveyor/workflow';
import { FailureType } from '../failure-types';
import { orchestrationAddOne, orchestrationDouble, orchestrationSum } from './children';
import type { OrchestrationParams, OrchestrationResult } from './schema';

/**
 * Coordinates child workflows: one adds one to the first value, then one per remaining value
 * doubles it (all in parallel), then one sums every output. Progress counts finished children.
 */
export async function orchestration(params: OrchestrationParams): Promise<OrchestrationResult> {
  const [first, ...rest] = params.values;
  // The schema refuses an empty list at submit; this catches a start that went around the API.
  if (first === undefined) throw ApplicationFailure.nonRetryable('values must hold at least one integer', FailureType.InvalidParameters);

  const parentId = workflowInfo().workflowId;
  const children = params.values.length + 1;
  let finished = 0;
  const report = (message: string) => setProgress({ percent: (finished / children) * 100, stage: `children ${finished} of ${children}`, message });
  const childDone = (value: number): number => {
    finished++;
    report(`${finished} of ${children} children finished`);
    return value;
  };

  report('adding one to the first value');
  const addedOne = childDone(await executeChild(orchestrationAddOne, { workflowId: `${parentId}-add-one`, args: [first] }));

  report(`doubling ${rest.length} value(s) in parallel`);
  const doubled = await Promise.all(
    rest.map((value, index) => executeChild(orchestrationDouble, { workflowId: `${parentId}-double-${index + 1}`, args: [value] }).then(childDone)),
  );

  report('summing every output');
  const sum = childDone(await executeChild(orchestrationSum, { workflowId: `${parentId}-sum`, args: [[addedOne, ...doubled]] }));

  setProgress({ percent: 100, stage: 'completed', message: `${children} children finished` });
  return { added_one: addedOne, doubled, sum };
}
