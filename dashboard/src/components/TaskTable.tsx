import type { TaskSummary } from '../../../src/client/answers';
import { when } from '../format';
import { Link } from '../router';
import { StatusChip } from './StatusChip';

/** Task rows: short id (the last 12 characters; a link to the task), status (next to it, still on screen on a phone), type, queue, times, duration, result. */
export function TaskTable({ rows }: { rows: TaskSummary[] }) {
  return (
    <div className="table-wrap" tabIndex={0} aria-label="Tasks table, scrolls sideways on small screens">
      <table>
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Status</th>
            <th scope="col">Type</th>
            <th scope="col">Queue</th>
            <th scope="col">Created</th>
            <th scope="col">Completed</th>
            <th scope="col">Duration</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.task_id} data-task-id={row.task_id}>
              <td>
                <Link to={`/tasks/${encodeURIComponent(row.task_id)}`} title={row.task_id} className="mono">
                  {row.short_id}
                </Link>
              </td>
              <td>
                <StatusChip status={row.status} />
              </td>
              <td>{row.task_name ?? '—'}</td>
              <td>{row.queue}</td>
              <td>{when(row.created_at)}</td>
              <td>{when(row.finished_at)}</td>
              <td>{row.duration ?? '—'}</td>
              <td>{row.result_available ? 'Yes' : 'No'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
