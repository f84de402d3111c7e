import { log } from '@temporalio/workflow';
import { setProgress } from 'conveyor/workflow';

/** A completed step's undo, pushed as the step completes. */
export interface Compensation {
  name: string;
  run: () => Promise<unknown>;
}

/** Which compensations ran, in order, and which of them failed. */
export interface CompensationReport {
  ran: string[];
  failed: string[];
}

/**
 * Runs the compensations of the completed steps, the latest first. A compensation that fails is
 * logged and the others still run: one undo that cannot be done must not keep the rest from it.
 */
export async function compensate(stack: readonly Compensation[], percent: number): Promise<CompensationReport> {
  const report: CompensationReport = { ran: [], failed: [] };
  for (const compensation of [...stack].reverse()) {
    setProgress({ percent, stage: `compensating: ${compensation.name}` });
    report.ran.push(compensation.name);
    try {
      await compensation.run();
    } catch (error) {
      report.failed.push(compensation.name);
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      log.error('a compensation failed; the other compensations still run', {
        compensation: compensation.name,
        error: cause instanceof Error ? cause.message : String(cause),
      });
    }
  }
  return report;
}
