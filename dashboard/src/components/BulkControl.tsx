import { useState, type FormEvent } from 'react';
import type { TaskFilter } from '../../../src/client/create-client';
import { BulkFlow, type BulkActionName } from './BulkAction';

/**
 * The task list's bulk action: one action on every task the list's filters match (not only the
 * page shown), through {@link BulkFlow}'s confirmation with the count. Terminate is an admin's,
 * as on a task's page; the API narrows a submitter to its own tasks.
 */
export function BulkControl({ filter, admin }: { filter: TaskFilter; admin: boolean }) {
  const [action, setAction] = useState<BulkActionName>('cancel');
  const [open, setOpen] = useState<BulkActionName>();
  // Every task there is is never one click away: the CLI asks for a filter too.
  const unfiltered = Object.keys(filter).length === 0;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setOpen(action);
  };
  return (
    <div className="bulk-control">
      <form className="filters compact" aria-label="Bulk action" onSubmit={onSubmit}>
        <label>
          Bulk action
          <select value={action} onChange={(e) => setAction(e.target.value as BulkActionName)} disabled={open !== undefined}>
            <option value="cancel">cancel</option>
            {admin ? <option value="terminate">terminate</option> : null}
            <option value="rerun">re-run</option>
          </select>
        </label>
        <button type="submit" className="secondary" disabled={unfiltered || open !== undefined}>
          Act on all matching…
        </button>
        {unfiltered ? <span className="note">Filter the list first: a bulk action acts on every task the filters match.</span> : null}
      </form>
      {open ? <BulkFlow filter={filter} action={open} onClose={() => setOpen(undefined)} /> : null}
    </div>
  );
}
