import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

/**
 * orchestration's child workflows, each a workflow type of its own (the bundle exports them under
 * these names). Each hands its arithmetic to an activity, as real children hand their work to workers.
 */
const { addOne, multiplyByTwo, sumValues } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });

export async function orchestrationAddOne(value: number): Promise<number> {
  return addOne(value);
}

export async function orchestrationDouble(value: number): Promise<number> {
  return multiplyByTwo(value);
}

export async function orchestrationSum(values: number[]): Promise<number> {
  return sumValues(values);
}
