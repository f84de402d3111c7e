import { allHandlersFinished, condition, continueAsNew, ParentClosePolicy, setHandler, startChild, upsertMemo, uuid4, workflowInfo } from '@temporalio/workflow';
import { answerOf, DEBOUNCE_MEMO, debounceSubmitUpdate, debounceWindowsQuery, pendingTaskOf, runsAtMs, withSubmit, type DebounceWindow } from '../contract/debounce';
import { WAIT_REASON_MEMO } from '../contract/flow-control';
import { withTaskId } from '../contract/task-start-spec';

/** How long a debounce workflow started without a submit waits for one (Update-with-Start always brings one). */
const FIRST_SUBMIT_TIMEOUT = '1 minute';

/**
 * One per (task type, submitter, key): collects the submits of a window, each answered with the
 * task id that will run, and when the window closes (`windowMs` without a submit, or `maxWaitMs`
 * after the first) starts that task as an abandoned child with the last submit's start spec: an
 * ordinary task, as a direct start would make it. Submits that arrive while the run starts open
 * the next window, which the workflow continues as new with; none lands in a run that has started.
 */
export async function conveyorDebounce(carried?: DebounceWindow): Promise<void> {
  // [0]: the open window (then the one whose run is starting); [1]: the next, once [0] fires.
  const windows: DebounceWindow[] = carried ? [carried] : [];
  let firing = false;
  const record = () => upsertMemo({ [WAIT_REASON_MEMO]: 'debouncing', [DEBOUNCE_MEMO]: windows.map(pendingTaskOf) });
  setHandler(debounceSubmitUpdate, (submit) => {
    const index = firing ? 1 : 0;
    const window = withSubmit(windows[index], submit, Date.now(), () => `${submit.taskIdPrefix}-${uuid4()}`);
    windows[index] = window;
    record();
    return answerOf(window);
  });
  setHandler(debounceWindowsQuery, () => windows);
  if (carried) record();
  if (!(await condition(() => windows[0] !== undefined, FIRST_SUBMIT_TIMEOUT))) return;

  for (;;) {
    const open = windows[0] as DebounceWindow;
    const waitMs = runsAtMs(open) - Date.now();
    if (waitMs <= 0) break;
    const submits = open.submits;
    // A submit moves the deadline: wait again from it.
    await condition(() => windows[0]?.submits !== submits, waitMs);
    // A window that submits keep open (no maxWait) must not outgrow Temporal's history limit.
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof conveyorDebounce>(windows[0]);
    }
  }

  firing = true;
  const closed = windows[0] as DebounceWindow;
  // Resolves once the child has started: from then on its id describes the task itself.
  await startChild(closed.spec.workflowType, { ...withTaskId(closed.spec, closed.taskId), parentClosePolicy: ParentClosePolicy.ABANDON });
  await condition(allHandlersFinished);
  const next = windows[1];
  // A submit the server admits while this run ends is refused to its sender, who sends it again (debounceTask): it opens a new window.
  if (next) await continueAsNew<typeof conveyorDebounce>(next);
}
