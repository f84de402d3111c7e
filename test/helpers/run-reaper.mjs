// The reaper of one test run (test/helpers/run-lifeline.ts starts it, detached, with a pipe from
// the run's main vitest process on its stdin). When that pipe closes — the run ended, was
// interrupted (Ctrl-C, SIGTERM) or killed (SIGKILL): the operating system closes it in every case —
// it stops every process that still carries the run's mark in its environment (dev servers,
// workers, browsers the run started, however deep), then removes the run's temporary folder.
// Plain JavaScript, no dependencies: it must start in milliseconds and outlive everything else.
//
//   node run-reaper.mjs <run id> <temporary folder>
import { readdirSync, readFileSync, rmSync } from 'node:fs';

const [runId, tmpRoot] = process.argv.slice(2);
const MARK = `CONVEYOR_TEST_RUN=${runId}`;
/** How long the processes get to stop on SIGTERM (a worker drains, a dev server flushes) before SIGKILL. */
const GRACE_MS = 5_000;

/** Every live process (Linux /proc) whose environment holds the run's mark, with its command line. */
function markedProcesses() {
  let pids;
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return []; // no /proc (not Linux): the run's own teardown is all there is
  }
  const marked = [];
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(MARK)) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (command) marked.push({ pid: Number(pid), command }); // a zombie has no command line left
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return marked;
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

let reaping = false;
async function reap() {
  if (reaping) return;
  reaping = true;
  const left = markedProcesses();
  if (left.length > 0) {
    process.stderr.write(`test run ${runId}: stopping ${left.length} process(es) it left running:\n${left.map((p) => `  ${p.pid} ${p.command.slice(0, 160)}`).join('\n')}\n`);
    for (const { pid } of left) signal(pid, 'SIGTERM');
    const deadline = Date.now() + GRACE_MS;
    while (markedProcesses().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    for (const { pid } of markedProcesses()) signal(pid, 'SIGKILL');
  }
  if (tmpRoot) rmSync(tmpRoot, { recursive: true, force: true });
  process.exit(0);
}

// Whoever read this process's stderr may be gone by now: a line that cannot be written is dropped.
process.stderr.on('error', () => {});
process.stdin.on('data', () => {});
process.stdin.once('close', () => void reap());
process.stdin.once('end', () => void reap());
// The run's own Ctrl-C reaches this process only if it shares the terminal's process group; it does
// not (detached), and must not stop before the run it watches.
process.on('SIGINT', () => {});
