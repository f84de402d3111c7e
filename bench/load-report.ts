import type { Accounting } from './visibility-accounting';

export type LoadPath = 'api' | 'client';

/** One (cell, path) segment's figures, as printed and written to the artifact. */
export interface SegmentFigures {
  taskType: string;
  inFlight: number;
  path: LoadPath;
  /** Which of the cell's two segments this was (the paths alternate going first). */
  order: 1 | 2;
  tasks: number;
  wallSeconds: number;
  throughput: number;
  submitMs: { p50: number; p99: number };
  endToEndMs: { p50: number; p99: number };
  accounting: Accounting;
  accountedFor: boolean;
  /** The first few failed calls, if any. */
  errors: string[];
  cpuSecondsPer100Tasks: Record<string, number>;
  peakRssMb: Record<string, number>;
  /** CPU seconds of all four processes over the segment's wall time, as a share of the machine's cores. */
  machineCpuShare: number;
  /** How busy the machine's cores were over the segment, by any process (other work on the machine included). */
  machineBusyShare: number;
}

/** The processes, in the order the tables show them. */
export const PROCESSES = ['temporal', 'worker', 'api', 'bench'] as const;
const PROCESS_LABELS: Record<(typeof PROCESSES)[number], string> = { temporal: 'dev server', worker: 'worker', api: 'API', bench: 'benchmark' };
const PATH_LABELS: Record<LoadPath, string> = { api: 'Task API', client: 'Temporal client' };

const ms = (value: number): string => value.toFixed(0);

/** Markdown tables for one task type: rows in flight × path. */
export function printTaskType(label: string, segments: SegmentFigures[]): void {
  console.log(`\n### ${label}\n`);
  console.log('| in flight | path | tasks | tasks/s | API / client | submit p50 / p99 ms | end-to-end p50 / p99 ms | accepted / completed (visibility) / wrong / missing |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const s of segments) {
    const partner = segments.find((other) => other.inFlight === s.inFlight && other.path !== s.path);
    const ratio = s.path === 'api' && partner ? `${(s.throughput / partner.throughput).toFixed(2)}x` : '';
    const a = s.accounting;
    const accounting = `${a.accepted} / ${a.completedInVisibility} / ${a.wrong} / ${a.missing}${a.extra || a.notCompleted ? ` (extra ${a.extra}, not completed ${a.notCompleted})` : ''}${s.accountedFor ? '' : ' **NOT accounted for**'}`;
    console.log(
      `| ${s.inFlight} | ${PATH_LABELS[s.path]}${s.order === 1 ? ' (first)' : ''} | ${s.tasks} | ${s.throughput.toFixed(1)} | ${ratio} | ${ms(s.submitMs.p50)} / ${ms(s.submitMs.p99)} | ${ms(s.endToEndMs.p50)} / ${ms(s.endToEndMs.p99)} | ${accounting} |`,
    );
  }
  const names = PROCESSES.map((name) => PROCESS_LABELS[name]).join(' / ');
  console.log(`\n| in flight | path | CPU s per 100 tasks: ${names} | all four, share of the cores | machine busy (any process) | peak RSS MB: ${names} |`);
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const s of segments) {
    const cpu = PROCESSES.map((name) => (s.cpuSecondsPer100Tasks[name] ?? NaN).toFixed(2)).join(' / ');
    const rss = PROCESSES.map((name) => String(s.peakRssMb[name] ?? NaN)).join(' / ');
    console.log(`| ${s.inFlight} | ${PATH_LABELS[s.path]} | ${cpu} | ${(s.machineCpuShare * 100).toFixed(0)}% | ${(s.machineBusyShare * 100).toFixed(0)}% | ${rss} |`);
  }
}
