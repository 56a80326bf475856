import {
  type ConversationData,
  conversations,
  createConversation,
  type VersionedState,
} from "@grammyjs/conversations";
import { Composer, InlineKeyboard, type Middleware, type MiddlewareFn, type Transformer } from "grammy";
import type { Lang } from "../../../core/article/model.js";
import type { Audit } from "../../../db/audit.js";
import { CONVERSATION_IDLE_MS, type ConversationStore } from "../../../db/conversations.js";
import type { Outbox } from "../../../db/outbox.js";
import type { Subscribers } from "../../../db/subscribers.js";
import type { Updates } from "../../../db/updates.js";
import type { Publication } from "../../../delivery/publication-jobs.js";
import { findData } from "../../callback-data/find-data.js";
import type { RelayContext, RelayConversationContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { Translator } from "../../i18n.js";
import { operatorAccess } from "./access.js";
import { conversationApi } from "./conversation-api.js";
import { editConversation } from "./edit-conversation.js";
import { operatorButtons } from "./operator-buttons.js";
import { operatorCommandList } from "./operator-commands.js";
import { postConversation } from "./post-conversation.js";

/** What operators keep between their messages: the conversations plugin's state. */
export type OperatorDraft = VersionedState<ConversationData>;

/** The parts of the repositories operators use (built once in src/app.ts). */
export interface OperatorRepositories {
  updates: Pick<
    Updates,
    | "publish"
    | "publishArticle"
    | "get"
    | "recent"
    | "pending"
    | "retract"
    | "edit"
    | "withinEditWindow"
    | "setProgressMessage"
    | "totals"
    | "fanningUpdates"
  >;
  subs: Pick<Subscribers, "breakdown">;
  audit: Pick<Audit, "record">;
  outbox: Pick<Outbox, "counts" | "counters">;
  conversations: Pick<ConversationStore<OperatorDraft>, "read" | "write" | "delete">;
}

export interface OperatorDeps extends OperatorRepositories {
  translator: Translator;
  operatorIds: readonly number[];
  now: () => number;
  /** The i18n middleware, installed again inside conversations (plugins do not carry over). */
  i18n: MiddlewareFn<RelayContext>;
  /** bot.api's transformers (retries, pacing): the conversations' own Api gets them too (conversation-api.ts). */
  apiTransformers: () => readonly Transformer[];
  /** Wakes the dispatcher after something was enqueued. */
  kick(): void;
  channel?: { chatId: number | string; lang: Lang };
  publication?: Publication;
}

export interface OperatorsFeature extends Feature {
  /** Conversations and /cancel: installed before every other feature, so a draft's messages reach them. */
  conversations: Composer<RelayContext>;
  /** The one gate: create-bot.ts mounts everything above behind `filter(isOperator)`. */
  isOperator(ctx: RelayContext): boolean;
}

/** Drafts idle for longer than this are abandoned (the storage expires them after as long). */
const IDLE_MS = CONVERSATION_IDLE_MS;

/** Operator commands (/post /updates /retract /edit /stats /publish /cancel), all behind one check. */
export function operators(deps: OperatorDeps): OperatorsFeature {
  const { isOperator } = operatorAccess(deps.operatorIds);
  const { updates: ups, subs, audit: log, outbox: box, conversations: store } = deps;

  const post = postConversation({
    texts: deps.translator,
    publish(update, operatorId, relayed, audience) {
      const result = ups.publish({ ...update, channel: update.sensitive ? undefined : deps.channel });
      if (result.created) {
        log.record(operatorId, relayed ? "relay" : "post", result.id);
        deps.kick();
      }
      // A large audience is queued in chunks after this reply (delivery/fan-out.ts): the operator is told
      // the size confirmed a moment ago, not the first chunk's, and no second count of every subscriber.
      if (!ups.fanningUpdates().includes(result.id)) return result;
      return { ...result, recipients: audience.instant + (audience.channel ? 1 : 0) };
    },
    setProgressMessage: (id, messageId) => ups.setProgressMessage(id, messageId),
    audience(sensitive) {
      const counts = subs.breakdown();
      const instant = counts.filter((c) => c.cadence === "instant").reduce((n, c) => n + c.n, 0);
      const all = counts.reduce((n, c) => n + c.n, 0);
      return { instant, digest: all - instant, channel: deps.channel !== undefined && !sensitive };
    },
  });
  const edit = editConversation({
    texts: deps.translator,
    get: (id) => ups.get(id),
    edit(id, content, operatorId) {
      const result = ups.edit(id, content);
      if (result) {
        log.record(operatorId, "edit", id);
        deps.kick();
      }
      return result;
    },
  });

  // Installed before the other features, behind the operator filter (create-bot.ts).
  const ops = new Composer<RelayContext>();
  ops.use(
    conversations<RelayContext, RelayConversationContext>({
      storage: { type: "key", version: 1, adapter: store, getStorageKey: (ctx) => ctx.chatId?.toString() },
      plugins: (conversation) => [
        deps.i18n as unknown as Middleware<RelayConversationContext>,
        conversationApi(deps.apiTransformers)(conversation),
      ],
    }),
  );
  ops.command("cancel", async (ctx) => {
    const active = Object.keys(ctx.conversation.active()).length > 0;
    await ctx.conversation.exitAll();
    await ctx.reply(ctx.t(active ? "operators.cancelled" : "operators.nothing-to-cancel"));
  });
  ops.use(createConversation(post, { id: "post", maxMillisecondsToWait: IDLE_MS }));
  ops.use(createConversation(edit, { id: "edit", maxMillisecondsToWait: IDLE_MS }));
  // A channel post forwarded by an operator: offered for relay, through the same steps as /post.
  ops.on("message", async (ctx, next) => {
    if (ctx.message.forward_origin?.type !== "channel") return next();
    if (Object.keys(ctx.conversation.active()).length > 0) return next();
    // Beside the offer, the same "where does this come from" answer any reader gets for a forward.
    await ctx.reply(ctx.t("operators.relay-offer"), {
      reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
      reply_markup: new InlineKeyboard().text(ctx.t("ask.find-in-article"), findData.encode()),
    });
    await ctx.conversation.enter("post", { relay: true });
  });

  const tools = { deps, ups, subs, log, box };
  return {
    commands: [],
    operatorCommands: operatorCommandList(tools),
    composer: operatorButtons(tools),
    conversations: ops,
    isOperator,
  };
}
