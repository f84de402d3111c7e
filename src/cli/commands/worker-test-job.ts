import type { Command } from 'commander';
import { defineSubmit } from './submit';

/**
 * `conveyor worker test-job <task>`: the previous task system's name for `conveyor submit`, kept so
 * its users' habits (`worker test-job example_long_running --params='{"duration": 10}' --wait`) work.
 */
export function registerWorkerTestJobCommand(worker: Command): void {
  defineSubmit(worker.command('test-job').description("submit under the previous task system's name: the same command as `conveyor submit`"));
}
