import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { FastifyBaseLogger } from 'fastify';
import { summarizeExecution, type TaskSummary } from './task-summary';
import { visibilityQuery } from './visibility-query';

/**
 * How long the feed waits between reads of visibility while anyone listens. Half a second keeps
 * a task's end on every feed stream within a second of it (a cycle plus its two list calls),
 * at four list calls a second per API process however many streams listen.
 */
const POLL_MS = 500;
/**
 * Visibility records may lag their executions (about a second on Elasticsearch), and the API's
 * clock may differ from Temporal's: closed tasks are looked for this far before the last read.
 */
const CLOSE_LOOKBACK_MS = 10_000;
const PAGE_SIZE = 1000;
/** Beyond this many running tasks the feed follows the newest only (and says so in the log). */
const MAX_TRACKED = 10_000;
/** How many recent changes the feed keeps for streams that reconnect (a resume from further back gets the current rows). */
export const FEED_REMEMBERS = 10_000;

/** A row the feed hands on, with the position a stream that reconnects resumes after (an SSE `id:`). */
export interface TaskChange {
  row: TaskSummary;
  id: string;
}

export type TaskChangeListener = (change: TaskChange) => void;

export interface TaskChangeSubscription {
  /**
   * What the listener has not seen yet: the changes after the position it resumes from, when the
   * feed still remembers that position; else every task the feed follows now (running, queued, or
   * closed moments ago), each with the current position.
   */
  current: TaskChange[];
  /** Whether `current` is the changes after the position asked for (not the current rows). */
  resumed: boolean;
  unsubscribe(): void;
}

/**
 * Task changes across the namespace, for GET /tasks/events. One read loop per API process,
 * however many streams listen: started by the first listener, stopped after the last one.
 * Each cycle lists every queued or running task and every task closed since the previous cycle,
 * and hands on the rows that changed: a new task, a task a worker picked up, a task that ended.
 * Progress is not in visibility; it is asked per task (GET /tasks/{id}/events).
 *
 * Each change has a position, `<read loop>-<sequence>`, and the last FEED_REMEMBERS are kept, so a
 * stream that reconnects gets exactly what changed while it was away. A read loop that stopped
 * (nobody listened) saw nothing in between: its positions are not resumed from.
 */
export class TaskChangeFeed {
  private readonly listeners = new Set<TaskChangeListener>();
  /** Each followed task's row as of the last cycle. */
  private readonly known = new Map<string, TaskSummary>();
  /** The recent changes, oldest first, numbered without gaps. */
  private readonly remembered: { sequence: number; row: TaskSummary }[] = [];
  /** Names the read loop under way: positions from an earlier one are not resumed from. */
  private loopId = '';
  private sequence = 0;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private lastReadAt: number | undefined;
  private failing = false;
  private closed = false;

  constructor(
    private readonly client: Client,
    private readonly log: FastifyBaseLogger,
    /** How many recent changes to keep for resumes (smaller in tests). */
    private readonly remember = FEED_REMEMBERS,
  ) {}

  /** Listens from now on; `after` is the position (an `id`) the listener has seen up to, if it resumes. */
  subscribe(listener: TaskChangeListener, after?: string): TaskChangeSubscription {
    const missed = this.loop ? this.changesAfter(after) : undefined;
    // A new read loop: positions from an earlier one name changes it never saw.
    if (!this.loop) this.renumber();
    const position = this.position(this.sequence);
    const current = missed ?? [...this.known.values()].map((row) => ({ row, id: position }));
    const resumed = missed !== undefined;
    if (this.closed) return { current, resumed, unsubscribe: () => undefined };
    this.listeners.add(listener);
    this.loop ??= this.run();
    return {
      current,
      resumed,
      unsubscribe: () => {
        this.listeners.delete(listener);
        if (this.listeners.size === 0) this.wake?.();
      },
    };
  }

  /** Stops reading; resolves once no call to Temporal is under way (before its connection closes). */
  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.loop;
  }

  private renumber(): void {
    this.loopId = randomUUID().slice(0, 8);
    this.sequence = 0;
    this.remembered.length = 0;
  }

  private position(sequence: number): string {
    return `${this.loopId}-${sequence}`;
  }

  /** The remembered changes after `after`, or undefined when `after` is not a position this loop still remembers. */
  private changesAfter(after: string | undefined): TaskChange[] | undefined {
    const match = after?.match(/^(.+)-(\d+)$/);
    if (!match || match[1] !== this.loopId) return undefined;
    const sequence = Number(match[2]);
    const oldest = this.remembered[0]?.sequence ?? this.sequence + 1;
    if (sequence > this.sequence || sequence < oldest - 1) return undefined;
    return this.remembered.filter((change) => change.sequence > sequence).map((change) => ({ row: change.row, id: this.position(change.sequence) }));
  }

  private async run(): Promise<void> {
    while (this.listeners.size > 0 && !this.closed) {
      try {
        await this.cycle();
        if (this.failing) this.log.info('task change feed reads visibility again');
        this.failing = false;
      } catch (error) {
        // Streams stay open through an outage and catch up when Temporal answers again.
        if (!this.failing) this.log.warn({ err: error }, 'task change feed could not read visibility; retrying');
        this.failing = true;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    // Nobody listens: forget, so the next listener starts from what is true then.
    this.loop = undefined;
    this.known.clear();
    this.remembered.length = 0;
    this.lastReadAt = undefined;
  }

  private async cycle(): Promise<void> {
    const readAt = Date.now();
    const closedAfter = new Date((this.lastReadAt ?? readAt) - CLOSE_LOOKBACK_MS);
    // Closed first: a task that ends between the two reads is then in one of them (or in the
    // next cycle's look back), never in both.
    const closed = await this.read(visibilityQuery({ statuses: [], closedAfter }));
    const open = await this.read(visibilityQuery({ statuses: ['queued', 'running'] }));
    const latest = new Map<string, TaskSummary>();
    for (const row of [...closed, ...open]) {
      // A reused task id: the task is its newest run.
      const other = latest.get(row.task_id);
      if (!other || row.created_at > other.created_at) latest.set(row.task_id, row);
    }
    for (const row of latest.values()) {
      const before = this.known.get(row.task_id);
      this.known.set(row.task_id, row);
      if (before?.status !== row.status || before.finished_at !== row.finished_at) this.emit(row);
    }
    // A task that is neither running nor recently closed is no longer followed.
    for (const id of this.known.keys()) if (!latest.has(id)) this.known.delete(id);
    this.lastReadAt = readAt;
  }

  private async read(query: string): Promise<TaskSummary[]> {
    const rows: TaskSummary[] = [];
    for await (const info of this.client.workflow.list({ query, pageSize: PAGE_SIZE })) {
      if (rows.length === MAX_TRACKED) {
        this.log.warn({ query, limit: MAX_TRACKED }, 'task change feed follows the newest tasks only');
        break;
      }
      rows.push(summarizeExecution(info));
    }
    return rows;
  }

  private emit(row: TaskSummary): void {
    this.sequence += 1;
    this.remembered.push({ sequence: this.sequence, row });
    if (this.remembered.length > this.remember) this.remembered.shift();
    const change = { row, id: this.position(this.sequence) };
    for (const listener of this.listeners) listener(change);
  }
}
