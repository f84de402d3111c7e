import path from 'node:path';
import type { Command } from 'commander';
import { writeWorkflowBundle } from '../../worker/workflow-bundle';
import { commandContext } from '../context';

/** `conveyor worker bundle --out file`: pre-builds the workflow bundle (for images; CONVEYOR_WORKFLOW_BUNDLE). */
export function registerWorkerBundleCommand(worker: Command): void {
  worker
    .command('bundle')
    .description('build the workflow bundle into a file, for CONVEYOR_WORKFLOW_BUNDLE')
    .requiredOption('--out <file>', 'where to write the bundle')
    .action(async (options: { out: string }) => {
      const { log } = commandContext('bundle');
      await writeWorkflowBundle(path.resolve(options.out), log);
    });
}
