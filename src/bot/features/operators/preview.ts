import type { InlineKeyboardMarkup } from "grammy/types";
import { LANGS } from "../../../core/article/model.js";
import { type Body, renderUpdate, type Source, type UpdateContent } from "../../../core/delivery/content.js";
import { subscriberKeyboard } from "../../../delivery/subscriber-keyboard.js";
import { toEntities } from "../../../delivery/telegram-content.js";
import { renderLines, type Texts } from "../../../delivery/texts.js";
import type { RelayConversationContext } from "../../context.js";

export interface DraftUpdate {
  content: UpdateContent;
  source?: Source;
  sensitive: boolean;
}

/** Sends one body as subscribers get it: text or media with caption, their buttons, protection if sensitive. */
export async function sendAsSubscribersSee(
  ctx: RelayConversationContext,
  draft: DraftUpdate,
  body: Body,
  reply_markup: InlineKeyboardMarkup,
): Promise<void> {
  const entities = toEntities(body);
  const protect_content = draft.sensitive || undefined;
  const media = draft.content.media;
  if (!media) return void (await ctx.reply(body.text, { entities, reply_markup, protect_content }));
  const opts = { caption: body.text, caption_entities: entities, reply_markup, protect_content };
  if (media.kind === "photo") await ctx.replyWithPhoto(media.fileId, opts);
  else if (media.kind === "video") await ctx.replyWithVideo(media.fileId, opts);
  else await ctx.replyWithDocument(media.fileId, opts);
}

/** The preview: the update exactly as a subscriber reading each language will receive it. */
export async function sendPreview(
  ctx: RelayConversationContext,
  texts: Texts,
  draft: DraftUpdate,
): Promise<void> {
  await ctx.reply(ctx.t("operators.preview-intro"));
  for (const reader of LANGS) {
    const body = renderUpdate(draft.content, reader, renderLines(texts), draft.source);
    await sendAsSubscribersSee(ctx, draft, body, subscriberKeyboard(texts, reader));
  }
}
