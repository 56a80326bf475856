import type { Logger } from "../../logger.js";

export interface SlowLaneOptions {
  /** Longest a task waits for its turn (a gap between other updates, a free place, its pace); then it runs anyway. Default 3 s. */
  maxWaitMs?: number;
  /** Tasks started per second at most, until they are overdue: a flood's answers spread out rather than burst. Default 200. */
  perSecond?: number;
  /** Tasks running at once. Default 2. */
  concurrency?: number;
  /** Tasks running at once while the oldest is overdue, so a sustained flood cannot grow the lane without end. Default 8. */
  overdueConcurrency?: number;
  /** Longest one task may hold its place (a sleeping auto-retry, a hung request); then the next starts. Default 5 s. */
  holdMs?: number;
  /**
   * Tasks waiting at most; beyond it the oldest is dropped (its press keeps a spinner until the app gives
   * up): a flood from many accounts at once must not grow memory without end. Default 10,000.
   */
  maxPending?: number;
}

/**
 * A low-priority lane for the answers a flood is owed ("slow down" to a press, an empty answer to an
 * inline query): each is sent exactly once, but only while no other update is being handled, or once
 * it has waited `maxWaitMs`, and at most `perSecond` a second until then. A flood's ~1,000 answers a
 * second would otherwise go out in bursts of a hundred between a reader's update and its replies, on the
 * same cores and the same connection as theirs.
 * Tasks are small closures (an answer's id and text, nothing of the person) held in memory until sent,
 * and let go as soon as they start; nothing about them is stored.
 */
export class SlowLane {
  private readonly maxWaitMs: number;
  private readonly concurrency: number;
  private readonly overdueConcurrency: number;
  private readonly holdMs: number;
  private readonly gapMs: number;
  private nextStartAt = 0;
  private timerAt = Number.POSITIVE_INFINITY;
  private readonly maxPending: number;
  private readonly queue: Array<{ task: () => Promise<unknown>; since: number } | undefined> = [];
  private head = 0;
  private busy = 0;
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private dropped = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly logger: Logger,
    options: SlowLaneOptions = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.maxWaitMs = options.maxWaitMs ?? 3_000;
    this.gapMs = 1000 / (options.perSecond ?? 200);
    this.concurrency = options.concurrency ?? 2;
    this.overdueConcurrency = Math.max(this.concurrency, options.overdueConcurrency ?? 8);
    this.holdMs = options.holdMs ?? 5_000;
    this.maxPending = options.maxPending ?? 10_000;
  }

  /** Marks an update other than the flood's as being handled; call the returned function when it is done. */
  enter(): () => void {
    this.busy++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.busy--;
      if (this.busy === 0) this.pump();
    };
  }

  /** Queues one answer; its failure is counted and logged once a batch, never per task. */
  push(task: () => Promise<unknown>): void {
    this.queue.push({ task, since: this.now() });
    if (this.pending > this.maxPending) {
      this.queue[this.head++] = undefined;
      if (this.dropped++ % 100 === 0)
        this.logger.warn({ dropped: this.dropped }, "flood answers dropped: lane full");
    }
    this.pump();
  }

  /** Tasks not yet started. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  /** Resolves once every queued task has been sent (or given up its place): for a clean stop. */
  idle(): Promise<void> {
    if (this.pending === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.pending > 0 && this.running < this.overdueConcurrency) {
      const oldest = this.queue[this.head];
      if (!oldest) break;
      const overdue = this.now() - oldest.since >= this.maxWaitMs;
      // Not yet due: wait for a gap between other updates, a free place and its pace, or until overdue.
      const t = this.now();
      if (!overdue && (this.busy > 0 || this.running >= this.concurrency || t < this.nextStartAt)) {
        const due = oldest.since + this.maxWaitMs;
        this.wakeAt(
          this.busy === 0 && this.running < this.concurrency ? Math.min(due, this.nextStartAt) : due,
        );
        return;
      }
      if (!overdue) this.nextStartAt = Math.max(t, this.nextStartAt) + this.gapMs;
      this.queue[this.head++] = undefined; // let the task go once started
      this.start(oldest.task);
    }
    // Drop the consumed prefix now and then, so the array does not grow for ever.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (this.pending === 0 && this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  private wakeAt(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.pump();
      },
      Math.max(0, at - this.now()),
    );
    this.timer.unref?.();
  }

  private start(task: () => Promise<unknown>): void {
    this.running++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(hold);
      this.running--;
      this.pump();
    };
    const hold = setTimeout(finish, this.holdMs);
    hold.unref?.();
    Promise.resolve()
      .then(task)
      .catch((err: unknown) => {
        // A flood's answers fail together (an outage, a revoked token): one line per hundred, not per press.
        if (this.failures++ % 100 === 0)
          this.logger.warn({ err, failures: this.failures }, "answers to a flood failed");
      })
      .finally(finish);
  }
}
