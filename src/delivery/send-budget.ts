import type { Transformer } from "grammy";
import type { Pacer, Ticket } from "../core/delivery/pacing.js";

/** Methods Telegram counts against a bot's flood limits: messages, and (in groups) edits. */
const SENDS = /^(send(?!ChatAction)\w+|copyMessages?|forwardMessages?)$/;
const EDITS = /^editMessage\w+$/;

interface Waiter {
  tag: string;
  isGroup: boolean;
  edit: boolean;
  resolve: (ticket: Ticket) => void;
}

/**
 * One send budget per bot token: replies, edits, deliveries, progress messages and /publish posts all
 * take from the same pacer, so together they stay within Telegram's limits. Replies go first: while
 * one waits, the dispatcher holds back (see `replyWaiting`), and deliveries get what is left. A 429 on
 * a reply holds that chat for `retry_after` (replies and deliveries to it alike).
 */
export class SendBudget {
  private readonly waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly pacer: Pacer,
    private readonly now: () => number,
    /** The pacing key of a chat (the dispatcher's keyed tag), so replies and deliveries to it are counted together. */
    private readonly tagOf: (chatId: number | string) => string,
  ) {}

  /**
   * True while a reply waits for a global slot: deliveries step aside. A reply held only by its own
   * chat's limit (an operator's second message within the second) leaves the rest to deliveries.
   */
  get replyWaiting(): boolean {
    const t = this.now();
    return this.waiting.some((w) => this.pacer.replyChatReadyAt(w.tag, w.isGroup, w.edit, t) <= t);
  }

  /** Waits for a reply's slot in `chatId`; resolve the ticket with done() when the answer arrives. */
  reply(chatId: number | string, edit: boolean): Promise<Ticket> {
    const tag = this.tagOf(chatId);
    const isGroup = typeof chatId === "string" || chatId < 0;
    return new Promise((resolve) => {
      this.waiting.push({ tag, isGroup, edit, resolve });
      this.serve();
    });
  }

  /**
   * A transformer for bot.api (and any Api whose calls are replies: the conversations plugin's):
   * each counted call waits for its slot, first come first served among replies.
   */
  readonly transformer: Transformer = async (prev, method, payload, signal) => {
    const edit = EDITS.test(method);
    const chatId = (payload as { chat_id?: number | string } | undefined)?.chat_id;
    if ((!edit && !SENDS.test(method)) || chatId === undefined) return prev(method, payload, signal);
    const ticket = await this.reply(chatId, edit);
    try {
      const res = await prev(method, payload, signal);
      // Telegram says this chat got too much: nothing more to it, reply or delivery, until it may.
      if (!res.ok && res.error_code === 429)
        this.pacer.pauseChat(this.tagOf(chatId), this.now() + (res.parameters?.retry_after ?? 1) * 1000);
      return res;
    } finally {
      ticket.done(this.now());
    }
  };

  /**
   * Grants every waiting reply whose chat and the global limit allow it now; sleeps until the next.
   * While the global slot is taken, replies other than private edits cannot start whatever their chat:
   * they are passed over without asking their chat, so a burst of N waiting costs O(N), not O(N) pacer
   * look-ups each.
   */
  private serve(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    let next = Number.POSITIVE_INFINITY;
    let t = this.now();
    let globalAt = this.pacer.globalReadyAt(t);
    for (let i = 0; i < this.waiting.length; ) {
      const w = this.waiting[i] as Waiter;
      if (!w.edit && globalAt > t) {
        next = Math.min(next, globalAt);
        i++;
        continue;
      }
      const at = this.pacer.replyReadyAt(w.tag, w.isGroup, w.edit, t);
      if (at <= t) {
        this.waiting.splice(i, 1);
        w.resolve(this.pacer.takeReply(w.tag, w.isGroup, w.edit, t));
        t = this.now();
        globalAt = this.pacer.globalReadyAt(t);
        continue;
      }
      next = Math.min(next, at);
      i++;
    }
    if (this.waiting.length === 0) return;
    // Infinity: the windows wait for answers in flight; look again shortly.
    const wait = Number.isFinite(next) ? Math.max(1, next - this.now()) : 20;
    this.timer = setTimeout(() => this.serve(), Math.min(wait, 1000));
  }
}
