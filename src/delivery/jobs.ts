import type { Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Lang } from "../core/article/model.js";
import { type Body, limitOf, renderUpdate, styled, TEXT_LIMIT, truncate } from "../core/delivery/content.js";
import { renderDigestPart } from "../core/delivery/digest-bundle.js";
import type { Operation } from "../core/delivery/retry-class.js";
import { getOrMake } from "../core/memo.js";
import type { DeliveryRow } from "../db/outbox.js";
import type { StoredUpdate, Updates } from "../db/updates.js";
import type { Logger } from "../logger.js";
import { type Publication, publicationJobs } from "./publication-jobs.js";
import { createRenderCache } from "./render-cache.js";
import { subscriberKeyboard } from "./subscriber-keyboard.js";
import { toEntities } from "./telegram-content.js";
import { renderLines, type Texts } from "./texts.js";

/** One Bot API action for one outbox row: what it is (for retry rules) and how to do it. */
export interface Job {
  operation: Operation;
  /** The update's content version the message is rendered from (db/outbox.ts corrects an older one). */
  contentVersion?: number;
  /** Performs the call; resolves to the message id when a message was sent. */
  run(api: Api, chatId: number | string): Promise<number | undefined>;
}

export interface JobDeps {
  updates: Updates;
  texts: Texts;
  /** Above 30 messages a second, every send is a paid broadcast. */
  paid: boolean;
  publication?: Publication;
  /** Message ids of the first page of each section posted for a publication; undefined while some are pending. */
  firstPosts?(updateId: number): Map<number, number> | undefined;
  /** True once a publication's contents and earlier posts are settled: its offline files come after, in order. */
  fileReady?(updateId: number, part: number): boolean;
  logger: Logger;
  /** DELIVERY_MAX_AGE_HOURS in ms: an update older than this is not sent any more (see README). */
  maxAgeMs?: number;
  now?: () => number;
}

/** What a digest message carries (its delivery row's payload, copied to the rows that edit it later). */
interface DigestPlanPart {
  ids?: number[];
  header?: boolean;
  total?: number;
}

/** The digest plan in a payload; undefined for other payloads (an edit row's is null or "channel"). */
function digestPlanOf(payload: string | null): DigestPlanPart | undefined {
  if (!payload?.startsWith("{")) return undefined;
  return JSON.parse(payload) as DigestPlanPart;
}

/** Builds the Bot API call for a row, or undefined when there is nothing left to do (retracted, gone). */
export function createJobs(deps: JobDeps) {
  const lines = renderLines(deps.texts);
  const paid = deps.paid ? { allow_paid_broadcast: true } : {};
  const channel = publicationJobs(deps);
  // Each update opened once per version and rendered once per language (render-cache.ts).
  const cache = createRenderCache(deps.updates);
  const rendered = (u: StoredUpdate, lang: Lang) =>
    cache.render(u, `body:${lang}`, () => renderUpdate(u.content, lang, lines, u.source));
  const keyboards = new Map<Lang, InlineKeyboardMarkup>();
  const keyboard = (lang: Lang) => getOrMake(keyboards, lang, () => subscriberKeyboard(deps.texts, lang));

  const sendUpdate = (u: StoredUpdate, row: DeliveryRow, withButtons: boolean): Job => {
    // The call's options are the same for every reader of this language: built once, shared by the sends.
    const call = cache.render(u, `send:${row.lang}:${withButtons}`, () => {
      const body = truncate(rendered(u, row.lang), limitOf(u.content));
      const reply_markup = withButtons ? keyboard(row.lang) : undefined;
      const common = { reply_markup, protect_content: u.sensitive || undefined, ...paid };
      return {
        text: body.text,
        message: { ...common, entities: toEntities(body) },
        media: { ...common, caption: body.text, caption_entities: toEntities(body) },
      };
    });
    const media = u.content.media;
    return {
      operation: "send",
      contentVersion: u.version,
      async run(api, chatId) {
        if (!media) return (await api.sendMessage(chatId, call.text, call.message)).message_id;
        const opts = call.media;
        if (media.kind === "photo") return (await api.sendPhoto(chatId, media.fileId, opts)).message_id;
        if (media.kind === "video") return (await api.sendVideo(chatId, media.fileId, opts)).message_id;
        return (await api.sendDocument(chatId, media.fileId, opts)).message_id;
      },
    };
  };

  /** True when an update waited past DELIVERY_MAX_AGE_HOURS (an outage of days): news that old misleads. */
  const stale = (u: StoredUpdate) =>
    deps.maxAgeMs !== undefined && deps.now !== undefined && deps.now() - u.createdAt > deps.maxAgeMs;

  /** The updates a digest plan names, minus any retracted since. */
  const liveOf = (plan: DigestPlanPart): StoredUpdate[] =>
    (plan.ids ?? []).map((id) => cache.live(id)).filter((u): u is StoredUpdate => u !== undefined);

  /** A digest message as it stands now: its updates minus any retracted since, each in its current text. */
  const renderDigest = (row: DeliveryRow, plan: DigestPlanPart, live = liveOf(plan)): Body | undefined => {
    const ids = plan.ids ?? [];
    const items = live.map((u) => rendered(u, row.lang));
    if (items.length === 0) return undefined;
    const t = deps.texts.t(row.lang);
    const total = (plan.total ?? ids.length) - (ids.length - items.length);
    const header = plan.header ? styled(t("delivery.digest-header", { count: total }), "bold") : undefined;
    return truncate(renderDigestPart(header, items), TEXT_LIMIT);
  };

  const digest = (row: DeliveryRow): Job | "stale" | undefined => {
    const plan = digestPlanOf(row.payload) ?? {};
    const live = liveOf(plan);
    const fresh = live.filter((u) => !stale(u));
    if (live.length > 0 && fresh.length === 0) return "stale";
    const body = renderDigest(row, plan, fresh);
    if (!body) return undefined;
    return {
      operation: "send",
      async run(api, chatId) {
        const m = await api.sendMessage(chatId, body.text, {
          entities: toEntities(body),
          reply_markup: keyboard(row.lang),
          link_preview_options: { is_disabled: true },
          ...paid,
        });
        return m.message_id;
      },
    };
  };

  /** A digest already sent, after /retract or /edit: edited to what it carries now, or deleted if nothing. */
  const digestEdit = (row: DeliveryRow, plan: DigestPlanPart): Job | undefined => {
    const messageId = row.messageId;
    if (messageId === null) return undefined;
    const body = renderDigest(row, plan);
    if (!body)
      return {
        operation: "delete",
        async run(api, chatId) {
          await api.deleteMessage(chatId, messageId);
          return undefined;
        },
      };
    return {
      operation: "edit",
      async run(api, chatId) {
        await api.editMessageText(chatId, messageId, body.text, {
          entities: toEntities(body),
          reply_markup: keyboard(row.lang),
          link_preview_options: { is_disabled: true },
        });
        return undefined;
      },
    };
  };

  const edit = (u: StoredUpdate, row: DeliveryRow): Job | undefined => {
    const messageId = row.messageId;
    if (messageId === null) return undefined;
    const body = truncate(rendered(u, row.lang), limitOf(u.content));
    const reply_markup = row.payload === "channel" ? undefined : keyboard(row.lang);
    return {
      operation: "edit",
      async run(api, chatId) {
        if (u.content.media)
          await api.editMessageCaption(chatId, messageId, {
            caption: body.text,
            caption_entities: toEntities(body),
            reply_markup,
          });
        else
          await api.editMessageText(chatId, messageId, body.text, {
            entities: toEntities(body),
            reply_markup,
          });
        return undefined;
      },
    };
  };

  return {
    /**
     * The job for a row; undefined when there is nothing left to do; "later" when it must wait for others;
     * "stale" when its update is older than DELIVERY_MAX_AGE_HOURS.
     */
    build(row: DeliveryRow): Job | "later" | "stale" | undefined {
      switch (row.kind) {
        case "update":
        case "channel": {
          const u = row.updateId === null ? undefined : cache.live(row.updateId);
          if (!u) return undefined;
          if (stale(u)) return "stale";
          return sendUpdate(u, row, row.kind === "update");
        }
        case "digest":
          return digest(row);
        case "edit": {
          const plan = digestPlanOf(row.payload);
          if (plan) return digestEdit(row, plan);
          const u = row.updateId === null ? undefined : cache.live(row.updateId);
          return u ? edit(u, row) : undefined;
        }
        case "delete": {
          const messageId = row.messageId;
          if (messageId === null) return undefined;
          return {
            operation: "delete",
            async run(api, chatId) {
              await api.deleteMessage(chatId, messageId);
              return undefined;
            },
          };
        }
        case "publish":
          return channel.publish(row);
        case "toc":
          return channel.toc(row);
      }
    },
  };
}

export type Jobs = ReturnType<typeof createJobs>;
