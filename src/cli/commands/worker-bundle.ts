import path from 'node:path';
import { Option, type Command } from 'commander';
import type * as WorkflowBundle from '../../worker/workflow-bundle';
import { commandContext, commandProject, configOption } from '../context';

/** `conveyor worker bundle --out file`: pre-builds the workflow bundle (for images; CONVEYOR_WORKFLOW_BUNDLE). */
export function registerWorkerBundleCommand(worker: Command): void {
  worker
    .command('bundle')
    .description('build the workflow bundle into a file, for CONVEYOR_WORKFLOW_BUNDLE')
    .requiredOption('--out <file>', 'where to write the bundle')
    .addOption(configOption())
    .option('--tracing', "trace workflows (Temporal's OpenTelemetry workflow interceptors): for workers with OTEL_EXPORTER_OTLP_ENDPOINT set")
    // The worker's bundle cache asks for the list of files the bundle was built from.
    .addOption(new Option('--inputs <file>', 'also write the files the bundle was built from (JSON)').hideHelp())
    .action(async (options: { out: string; config?: string; inputs?: string; tracing?: boolean }) => {
      const project = await commandProject(options);
      const { log } = commandContext('bundle');
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, see main.ts
      const { writeWorkflowBundle } = require('../../worker/workflow-bundle') as typeof WorkflowBundle;
      await writeWorkflowBundle(project, path.resolve(options.out), log, options.inputs && path.resolve(options.inputs), options.tracing ?? false);
    });
}
