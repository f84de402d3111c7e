import { STATUS_LABEL, type TaskStatus } from '../status';

/** A task's status as a coloured chip that always carries the word: colour is never the only signal. */
export function StatusChip({ status }: { status: TaskStatus }) {
  return <span className={`chip chip-${status}`}>{STATUS_LABEL[status]}</span>;
}
