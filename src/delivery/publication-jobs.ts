import type { Api } from "grammy";
import type { DeliveryRow } from "../db/outbox.js";
import type { Logger } from "../logger.js";
import type { Job } from "./jobs.js";

/** The article, as /publish posts it to the channel (Telegram HTML, in the channel's language). */
export interface Publication {
  /** Every post, in order: one per page of each section. */
  posts(): Array<{ section: number; page: number }>;
  /** One page of one section. */
  page(section: number, page: number): string | undefined;
  /** The table of contents, its entries linking to each section's first post. */
  toc(links: Map<number, string>): string;
  /** The offline files (HTML, EPUB per language) posted after the contents, one post each; none if absent. */
  files?: {
    count(): number;
    /** Sends file `index` (its file_id once uploaded); resolves to the message id. */
    send(
      api: Api,
      chatId: number | string,
      index: number,
      extra: { allow_paid_broadcast?: boolean },
    ): Promise<number>;
  };
}

/**
 * /publish's rows: each page of the article, then the pinned contents linking to each section's first
 * post, then the offline files.
 */
export function publicationJobs(deps: {
  paid: boolean;
  publication?: Publication;
  firstPosts?(updateId: number): Map<number, number> | undefined;
  /** True once a publication's contents and earlier posts are settled: its offline files come after, in order. */
  fileReady?(updateId: number, part: number): boolean;
  logger: Logger;
}) {
  const paid = deps.paid ? { allow_paid_broadcast: true } : {};
  const html = { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...paid } as const;

  const publishFile = (row: DeliveryRow, index: number): Job | "later" | undefined => {
    const files = deps.publication?.files;
    if (!files || index >= files.count() || row.updateId === null) return undefined;
    if (!deps.fileReady?.(row.updateId, row.part)) return "later"; // after the pinned contents, in order
    return { operation: "send", run: (api, chatId) => files.send(api, chatId, index, paid) };
  };

  const publish = (row: DeliveryRow): Job | "later" | undefined => {
    const { section, page, file } = JSON.parse(row.payload ?? "{}") as {
      section?: number;
      page?: number;
      file?: number;
    };
    if (file !== undefined) return publishFile(row, file);
    const text = section && page ? deps.publication?.page(section, page) : undefined;
    if (!text) return undefined;
    return {
      operation: "send",
      async run(api, chatId) {
        return (await api.sendMessage(chatId, text, html)).message_id;
      },
    };
  };

  const usernames = new Map<string, string | undefined>();
  /** t.me/<name>/<id> for a public channel, t.me/c/<id>/<id> for a private one. */
  const channelLink = async (api: Api, chatId: number | string, messageId: number): Promise<string> => {
    if (typeof chatId === "string") return `https://t.me/${chatId.replace(/^@/, "")}/${messageId}`;
    if (!usernames.has(String(chatId))) {
      const chat = await api.getChat(chatId);
      usernames.set(String(chatId), "username" in chat ? chat.username : undefined);
    }
    const name = usernames.get(String(chatId));
    return name
      ? `https://t.me/${name}/${messageId}`
      : `https://t.me/c/${String(chatId).replace(/^-100/, "")}/${messageId}`;
  };

  const toc = (row: DeliveryRow): Job | "later" | undefined => {
    const { publication, firstPosts } = deps;
    if (!publication || !firstPosts || row.updateId === null) return undefined;
    const posts = firstPosts(row.updateId);
    if (!posts) return "later"; // pages still on their way: the contents link to all of them
    return {
      operation: "send",
      async run(api, chatId) {
        const links = new Map<number, string>();
        for (const [section, messageId] of posts)
          links.set(section, await channelLink(api, chatId, messageId));
        const m = await api.sendMessage(chatId, publication.toc(links), html);
        // Pinning is a courtesy: the contents are posted either way, so a refusal is only logged.
        await api
          .pinChatMessage(chatId, m.message_id, { disable_notification: true })
          .catch((err: unknown) => deps.logger.warn({ err }, "could not pin the contents"));
        return m.message_id;
      },
    };
  };

  return { publish, toc };
}
