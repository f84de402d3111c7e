import { percentile } from './percentile';

/** One arm's figures: B's waits (submit to its activity's start), and A's when A flooded first. */
export interface ArmFigures {
  arm: 'baseline' | 'flood';
  bWaitsMs: number[];
  /** How long A's starts took to submit. */
  floodSubmitMs?: number;
  /** A's tasks whose activity had not started when B submitted: the backlog B met. */
  aQueuedWhenBSubmitted?: number;
  /** From A's first submit to the end of A's last task's turn. */
  aDrainedMs?: number;
  /** A's activities that started between B's submit and B's last start. */
  aStartsWhileBWaited?: number;
  /** B's share of the starts in that window (0.5: an even split). */
  bShareWhileWaiting?: number;
  /** The share of the machine's cores busy during the arm, whoever used them (this stack or anyone else). */
  machineBusy: number;
}

/** One dev server's run: its fairness setting, what the probe read back, its arms. */
export interface ServerFigures {
  fairness: 'on' | 'off';
  /** Where the probe's one B task came among 101 (up to 10th: fairness on; 51st or later: arrival order). */
  probePlace: number;
  arms: ArmFigures[];
}

export interface FairnessSettings {
  flood: number;
  bTasks: number;
  slots: number;
  holdMs: number;
}

interface Machine {
  cores: number;
  node: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
}

const seconds = (ms: number | undefined): string => (ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`);

/** Prints the table and the target check (issue 25): with fairness on, B's median wait within the baseline's plus one slot's turn. */
export function printReport(servers: ServerFigures[], settings: FairnessSettings, machine: Machine): { targetMet: boolean } {
  const loads = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(
    `\nA floods ${settings.flood} tasks, then B submits ${settings.bTasks}; one worker, ${settings.slots} activity slots, each task holds its slot ${settings.holdMs} ms ` +
      `(${machine.cores} cores, Node ${machine.node}; load average ${loads(machine.loadAverageAtStart)} at the start, ${loads(machine.loadAverageAtEnd)} at the end)\n`,
  );
  console.log("| server | arm | B's median wait | B's p90 | B's shortest wait | B's longest | A submitted in | A queued when B submitted | B's share of starts while it waited | A drained after | machine busy |");
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const server of servers) {
    for (const arm of server.arms) {
      const w = arm.bWaitsMs;
      const cells = [
        `fairness ${server.fairness}`,
        arm.arm === 'baseline' ? 'baseline: B alone' : `A floods ${settings.flood}, then B`,
        seconds(percentile(w, 50)),
        seconds(percentile(w, 90)),
        seconds(Math.min(...w)),
        seconds(Math.max(...w)),
        seconds(arm.floodSubmitMs),
        arm.aQueuedWhenBSubmitted === undefined ? '–' : String(arm.aQueuedWhenBSubmitted),
        arm.bShareWhileWaiting === undefined ? '–' : `${(arm.bShareWhileWaiting * 100).toFixed(0)}% (${settings.bTasks} to A's ${arm.aStartsWhileBWaited})`,
        seconds(arm.aDrainedMs),
        `${(arm.machineBusy * 100).toFixed(0)}%`,
      ];
      console.log(`| ${cells.join(' | ')} |`);
    }
  }
  const waitsOf = (fairness: 'on' | 'off', arm: ArmFigures['arm']) => servers.find((s) => s.fairness === fairness)?.arms.find((a) => a.arm === arm)?.bWaitsMs ?? [];
  const baseline = percentile(waitsOf('on', 'baseline'), 50);
  const flooded = percentile(waitsOf('on', 'flood'), 50);
  const off = percentile(waitsOf('off', 'flood'), 50);
  const targetMet = flooded <= baseline + settings.holdMs;
  // The same bound for B's first task alone: what an even share can promise whatever B's batch.
  const firstBaseline = Math.min(...waitsOf('on', 'baseline'));
  const firstFlooded = Math.min(...waitsOf('on', 'flood'));
  console.log(
    `\nProbe: the one B task among 101 came in place ${servers.map((s) => `${s.probePlace} with fairness ${s.fairness}`).join(', ')}.` +
      `\nTarget (fairness on: B's median wait ≤ baseline's + one slot's turn): ${seconds(flooded)} against ${seconds(baseline)} + ${seconds(settings.holdMs)} = ${seconds(baseline + settings.holdMs)}: ${targetMet ? 'MET' : 'NOT MET'}` +
      `\nThe same bound for B's first task (its shortest wait): ${seconds(firstFlooded)} against ${seconds(firstBaseline)} + ${seconds(settings.holdMs)} = ${seconds(firstBaseline + settings.holdMs)}: ${firstFlooded <= firstBaseline + settings.holdMs ? 'within' : 'over'}` +
      `\nB's median wait behind the flood / alone: ${(flooded / baseline).toFixed(2)}x with fairness on, ${(off / baseline).toFixed(2)}x with it off.`,
  );
  return { targetMet };
}
