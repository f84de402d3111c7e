import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { TaskDetail, TaskPage, TaskSummary, TaskType } from '../../../src/client/answers';
import { ConveyorApiError } from '../../../src/client/errors';
import { taskPath } from '../../../src/client/http';
import { useSession } from '../api-context';
import { BulkControl } from '../components/BulkControl';
import { Empty, ErrorState, Loading } from '../components/States';
import { TaskTable } from '../components/TaskTable';
import { errorText } from '../format';
import { useEventStream } from '../live';
import { navigate, queryString, type Location } from '../router';
import { mayChange } from '../session';
import { TASK_STATUSES, STATUS_LABEL } from '../status';

/** Rows per page unless the URL says `limit` (1 to 1000, as GET /tasks takes it). */
const PAGE_SIZE = 25;
/** GET /tasks pages by offset up to here; deeper pages follow the cursor. */
const MAX_OFFSET = 10_000;
/** Changes that arrive together (a burst of tasks) reload the page once. */
const RELOAD_AFTER_MS = 300;

/** The list's filters and position, all kept in the URL so a view can be shared and reloaded. */
interface ListQuery {
  status: string;
  task_name: string;
  queue: string;
  id: string;
  /** The runs of one schedule (the Workers page links here). */
  schedule_id: string;
  /** Failed tasks of one failure type (the Failures page links here). */
  failure_type: string;
  offset: number;
  cursor: string;
  limit: number | undefined;
}

function readQuery(query: URLSearchParams): ListQuery {
  return {
    status: query.get('status') ?? '',
    task_name: query.get('task_name') ?? '',
    queue: query.get('queue') ?? '',
    id: query.get('id') ?? '',
    schedule_id: query.get('schedule_id') ?? '',
    failure_type: query.get('failure_type') ?? '',
    offset: Math.max(0, Number(query.get('offset') ?? 0) || 0),
    cursor: query.get('cursor') ?? '',
    limit: pageSize(query.get('limit')),
  };
}

function go(query: Partial<ListQuery>): void {
  navigate(`/tasks${queryString({ ...query, offset: query.offset || undefined })}`);
}

/** The `limit` in the URL, within what GET /tasks takes; undefined for the default. */
function pageSize(text: string | null): number | undefined {
  const asked = Math.trunc(Number(text));
  return asked >= 1 && asked <= 1000 && asked !== PAGE_SIZE ? asked : undefined;
}

type Loaded = { kind: 'page'; page: TaskPage } | { kind: 'search'; rows: TaskSummary[]; note?: string };

/** /admin/tasks: the tasks in the API's order, filtered and paged with real counts, kept live from GET /tasks/events. */
export function TaskList({ location }: { location: Location }) {
  const { api, me } = useSession();
  const q = readQuery(location.query);
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();
  const [types, setTypes] = useState<TaskType[]>([]);
  const key = location.query.toString();

  // Loads overlap (filters changed in quick succession, a live reload): only the last one started
  // may show its answer, or a slower earlier answer would show another filter's tasks under this one.
  const latestLoad = useRef(0);
  const load = useCallback(async () => {
    const mine = ++latestLoad.current;
    setError(undefined);
    try {
      const answer: Loaded = q.id ? await searchById(q.id) : { kind: 'page', page: await listPage(q) };
      if (mine === latestLoad.current) setLoaded(answer);
    } catch (failure) {
      if (mine === latestLoad.current) setError(errorText(failure));
    }
    // `key`, the query string, is the whole of q.
  }, [api, key]);
  // The live reload's timer calls the load of the filters shown when it fires, not of those it was set under.
  const currentLoad = useRef(load);
  currentLoad.current = load;
  const reloadTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  async function listPage(query: ListQuery): Promise<TaskPage> {
    const params = { ...listFilter(query), limit: query.limit ?? PAGE_SIZE };
    const position = query.cursor ? { cursor: query.cursor } : { offset: query.offset };
    return (await api.request<TaskPage>('GET', '/tasks', { query: { ...params, ...position } })).body;
  }

  /** The id search: a full id, or any unique part of one (the short id), as every /tasks/{id} route takes it. */
  async function searchById(id: string): Promise<Loaded> {
    try {
      const task = (await api.request<TaskDetail>('GET', taskPath(id))).body;
      return { kind: 'search', rows: [task] };
    } catch (failure) {
      if (failure instanceof ConveyorApiError && failure.code === 'task_not_found') return { kind: 'search', rows: [] };
      if (failure instanceof ConveyorApiError && failure.code === 'ambiguous_task_id') {
        const details = failure.details as { candidates?: TaskSummary[] } | undefined;
        return { kind: 'search', rows: details?.candidates ?? [], note: 'Several tasks match; type more of the id.' };
      }
      throw failure;
    }
  }

  useEffect(() => {
    clearTimeout(reloadTimer.current);
    setLoaded(undefined);
    void load();
  }, [load]);
  useEffect(() => {
    void api.request<{ types: TaskType[] }>('GET', '/tasks/types').then(
      (answer) => setTypes(answer.body.types),
      () => setTypes([]),
    );
  }, [api]);

  useEffect(() => () => clearTimeout(reloadTimer.current), []);
  const reloadSoon = () => {
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(() => void currentLoad.current(), RELOAD_AFTER_MS);
  };

  useEventStream('/tasks/events', (event) => {
    if (event.event !== 'task' || !loaded) return;
    const row = JSON.parse(event.data) as TaskSummary;
    const rows = loaded.kind === 'page' ? loaded.page.tasks : loaded.rows;
    const shown = rows.some((r) => r.task_id === row.task_id);
    if (shown) {
      const update = (list: TaskSummary[]) => list.map((r) => (r.task_id === row.task_id ? { ...r, ...row } : r));
      setLoaded(loaded.kind === 'page' ? { kind: 'page', page: { ...loaded.page, tasks: update(loaded.page.tasks) } } : { ...loaded, rows: update(loaded.rows) });
    }
    // A task that joins or leaves this page's filters changes its order and counts: ask the API again.
    if (loaded.kind === 'page' && matches(q, row) !== shown && (shown || (q.offset === 0 && !q.cursor))) reloadSoon();
  });

  const page = loaded?.kind === 'page' ? loaded.page : undefined;
  return (
    <section aria-labelledby="tasks-heading">
      <h1 id="tasks-heading">Tasks</h1>
      <Filters query={q} types={types} />
      {mayChange(me) && !q.id ? <BulkControl key={JSON.stringify(listFilter(q))} filter={listFilter(q)} admin={me.role === 'admin'} /> : null}
      {error ? (
        <ErrorState onRetry={() => void load()}>Could not load the tasks: {error}</ErrorState>
      ) : !loaded ? (
        <Loading what="tasks" />
      ) : loaded.kind === 'search' ? (
        <>
          {loaded.note ? <p>{loaded.note}</p> : null}
          {loaded.rows.length === 0 ? <Empty>No task has an id matching “{q.id}”.</Empty> : <TaskTable rows={loaded.rows} />}
        </>
      ) : page && page.tasks.length === 0 ? (
        <Empty>{Object.keys(listFilter(q)).length > 0 ? 'No tasks match these filters.' : 'No tasks yet. Submit one to see it here.'}</Empty>
      ) : page ? (
        <>
          <TaskTable rows={page.tasks} />
          <Pager page={page} query={q} />
        </>
      ) : null}
    </section>
  );
}

/** The list's filters as GET /tasks and POST /tasks/batch take them: the ones set. */
type ListFilter = Partial<Record<'status' | 'task_name' | 'queue' | 'schedule_id' | 'failure_type', string>>;

function listFilter(q: ListQuery): ListFilter {
  const filter: Required<ListFilter> = { status: q.status, task_name: q.task_name, queue: q.queue, schedule_id: q.schedule_id, failure_type: q.failure_type };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== ''));
}

/**
 * Whether a row belongs under the filters (the statuses the list route takes, in Conveyor's words).
 * A row does not say its failure type: any failed one may belong under a failure type filter.
 */
function matches(q: ListQuery, row: TaskSummary): boolean {
  const statuses = q.status ? q.status.split(',') : [];
  return (
    (statuses.length === 0 || statuses.includes(row.status)) &&
    (!q.task_name || row.task_name === q.task_name) &&
    (!q.queue || row.queue === q.queue) &&
    (!q.schedule_id || row.schedule_id === q.schedule_id) &&
    (!q.failure_type || row.status === 'failed')
  );
}

function Filters({ query, types }: { query: ListQuery; types: TaskType[] }) {
  const [queue, setQueue] = useState(query.queue);
  const [failureType, setFailureType] = useState(query.failure_type);
  const [id, setId] = useState(query.id);
  useEffect(() => {
    setQueue(query.queue);
    setFailureType(query.failure_type);
    setId(query.id);
  }, [query.queue, query.failure_type, query.id]);
  // Any change applies the whole form (a queue typed but not yet applied included), on top of what
  // the URL holds now: `query` is the last render's, and a select changed right after Apply would
  // otherwise build its URL from the filters before Apply.
  const apply = (changes: Partial<ListQuery> = {}) =>
    go({ ...readQuery(new URLSearchParams(window.location.search)), queue: queue.trim(), failure_type: failureType.trim(), id: id.trim(), ...changes, offset: 0, cursor: '' });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    apply();
  };
  return (
    <form className="filters" onSubmit={onSubmit} role="search" aria-label="Filter tasks">
      <label>
        Status
        <select value={query.status} onChange={(e) => apply({ status: e.target.value })}>
          <option value="">any</option>
          {TASK_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABEL[status]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Type
        <select value={query.task_name} onChange={(e) => apply({ task_name: e.target.value })}>
          <option value="">any</option>
          {types.map((type) => (
            <option key={type.name} value={type.name}>
              {type.name}
            </option>
          ))}
          {query.task_name && !types.some((t) => t.name === query.task_name) ? <option value={query.task_name}>{query.task_name}</option> : null}
        </select>
      </label>
      <label>
        Queue
        <input value={queue} onChange={(e) => setQueue(e.target.value)} placeholder="any" />
      </label>
      <label>
        Failure type
        <input value={failureType} onChange={(e) => setFailureType(e.target.value)} placeholder="any" title="Failed tasks whose failure has this type, e.g. StepFailed" />
      </label>
      <label>
        Task id
        <input value={id} onChange={(e) => setId(e.target.value)} placeholder="id or short id" />
      </label>
      <button type="submit">Apply</button>
      {query.schedule_id ? <span className="note">Runs of schedule <span className="mono">{query.schedule_id}</span></span> : null}
      {Object.keys(listFilter(query)).length > 0 || query.id ? (
        <button type="button" className="secondary" onClick={() => go({})}>
          Clear
        </button>
      ) : null}
    </form>
  );
}

function Pager({ page, query }: { page: TaskPage; query: ListQuery }) {
  const first = page.offset === null ? undefined : page.offset + 1;
  const last = page.offset === null ? undefined : page.offset + page.tasks.length;
  const next = (): Partial<ListQuery> => {
    const offset = (page.offset ?? MAX_OFFSET) + page.limit;
    // Offsets reach 10,000; past that, and after any cursor page, the cursor goes on.
    return page.offset !== null && offset <= MAX_OFFSET ? { offset, cursor: '' } : { offset: 0, cursor: page.next_cursor ?? '' };
  };
  const previous = (): Partial<ListQuery> => ({ offset: Math.max(0, (page.offset ?? 0) - page.limit), cursor: '' });
  return (
    <nav className="pager" aria-label="Pages">
      <span aria-live="polite">
        {first !== undefined && last !== undefined ? `${first.toLocaleString()}–${last.toLocaleString()} of ${page.total.toLocaleString()}` : `${page.total.toLocaleString()} in all`}
      </span>
      <button type="button" disabled={!page.offset && page.offset !== null} onClick={() => go({ ...query, ...previous() })}>
        {page.offset === null ? 'First page' : 'Previous'}
      </button>
      <button type="button" disabled={!page.has_more} onClick={() => go({ ...query, ...next() })}>
        Next
      </button>
    </nav>
  );
}
