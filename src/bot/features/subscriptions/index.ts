import { Composer } from "grammy";
import { SUBSCRIBER_BUTTONS } from "../../../core/delivery/subscriber-buttons.js";
import type { Subscribers } from "../../../db/subscribers.js";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { Translator } from "../../i18n.js";
import { canManageSubscription } from "./group-admin.js";
import { settingsData } from "./settings-data.js";
import { describeDelivery, settingsView } from "./settings-view.js";

export interface SubscriptionDeps {
  subs: Pick<Subscribers, "subscribe" | "unsubscribe" | "get" | "change" | "retire">;
  translator: Translator;
  /** Deletes a person's language choice (when they block the bot). */
  forgetLanguage?: (userId: number) => void;
}

const isGroupChat = (ctx: RelayContext) => ctx.chat?.type === "group" || ctx.chat?.type === "supergroup";

/**
 * /subscribe, /unsubscribe and /settings, for a private chat or (by its administrators) a group; the
 * [Unsubscribe] [Settings] buttons under every update; and retirement when the bot is blocked or removed.
 */
export function subscriptions(deps: SubscriptionDeps): Feature {
  const { subs } = deps;

  /** Runs `action` when this sender may manage the chat's subscription; otherwise a short refusal. */
  const managed = async (ctx: RelayContext, action: (chatId: number, group: boolean) => Promise<unknown>) => {
    const chat = ctx.chat;
    if (!chat || chat.type === "channel") return;
    if (!(await canManageSubscription(ctx))) {
      if (ctx.callbackQuery)
        return void (await ctx.answerCallbackQuery({
          text: ctx.t("subscriptions.admins-only"),
          show_alert: true,
        }));
      return void (await ctx.reply(ctx.t("subscriptions.admins-only")));
    }
    await action(chat.id, isGroupChat(ctx));
  };

  const subscribe = async (ctx: RelayContext, chatId: number, group: boolean) => {
    const outcome = subs.subscribe(chatId, { isGroup: group, lang: ctx.lang });
    const prefix = group ? "subscriptions.group-" : "subscriptions.";
    if (outcome === "created") return ctx.reply(ctx.t(`${prefix}subscribed`));
    const s = subs.get(chatId);
    return ctx.reply(ctx.t(`${prefix}already`, { delivery: s ? describeDelivery(ctx.t, ctx.lang, s) : "" }));
  };

  const unsubscribe = async (ctx: RelayContext, chatId: number, group: boolean) => {
    const prefix = group ? "subscriptions.group-" : "subscriptions.";
    return ctx.reply(ctx.t(subs.unsubscribe(chatId) ? `${prefix}unsubscribed` : `${prefix}not-subscribed`));
  };

  /** A group's settings speak the group subscription's language, the same before and after a press. */
  const viewLang = (ctx: RelayContext, chatId: number, group: boolean) =>
    group ? (subs.get(chatId)?.lang ?? ctx.lang) : ctx.lang;

  const showSettings = (ctx: RelayContext, chatId: number, group: boolean) => {
    const lang = viewLang(ctx, chatId, group);
    const view = settingsView(deps.translator.t(lang), lang, subs.get(chatId), group);
    return ctx.reply(view.text, { reply_markup: view.reply_markup });
  };

  const commands = [
    relayCommand("subscribe", deps.translator, (ctx) =>
      managed(ctx, (id, group) => subscribe(ctx, id, group)),
    ),
    relayCommand("unsubscribe", deps.translator, (ctx) =>
      managed(ctx, (id, group) => unsubscribe(ctx, id, group)),
    ),
    relayCommand("settings", deps.translator, (ctx) =>
      managed(ctx, (id, group) => showSettings(ctx, id, group)),
    ),
  ];

  const composer = new Composer<RelayContext>();

  composer.callbackQuery(SUBSCRIBER_BUTTONS.unsubscribe, (ctx) =>
    managed(ctx, async (id, group) => {
      await ctx.answerCallbackQuery();
      await unsubscribe(ctx, id, group);
    }),
  );
  composer.callbackQuery(SUBSCRIBER_BUTTONS.settings, (ctx) =>
    managed(ctx, async (id, group) => {
      await ctx.answerCallbackQuery();
      await showSettings(ctx, id, group);
    }),
  );

  composer.callbackQuery(settingsData.pattern, (ctx) =>
    managed(ctx, async (chatId, group) => {
      const action = settingsData.decode(ctx.callbackQuery.data);
      if (!action) return void (await ctx.answerCallbackQuery(ctx.t("subscriptions.stale-button")));
      // Every change but "subscribe" needs a subscription: a button left from before /unsubscribe is stale.
      if (action.kind !== "subscribe" && !subs.get(chatId))
        return void (await ctx.answerCallbackQuery(ctx.t("subscriptions.stale-button")));
      switch (action.kind) {
        case "subscribe":
          subs.subscribe(chatId, { isGroup: group, lang: ctx.lang });
          break;
        case "lang":
          // The language updates arrive in, stored with the subscription and nowhere else: the language
          // Relay writes to this person in is /lang's alone (issue 15 point 2).
          subs.change(chatId, { lang: action.lang });
          break;
        case "cadence":
          subs.change(chatId, { cadence: action.cadence });
          break;
        case "hour":
          subs.change(chatId, { hour: action.hour });
          break;
        case "weekday":
          subs.change(chatId, { weekday: action.weekday });
          break;
        case "offset":
          subs.change(chatId, { offsetMinutes: action.minutes });
          break;
      }
      const lang = viewLang(ctx, chatId, group);
      const t = deps.translator.t(lang);
      const view = settingsView(t, lang, subs.get(chatId), group);
      await ctx.answerCallbackQuery(
        action.kind === "lang"
          ? t("subscriptions.delivery-language-saved", { language: t(`language.name-${action.lang}`) })
          : t("subscriptions.saved"),
      );
      await ctx.editMessageText(view.text, { reply_markup: view.reply_markup });
    }),
  );

  // Blocked in a private chat, or removed from a group or channel: retire at once, before the next
  // broadcast. A person who blocks the bot also loses their language choice: nothing of them stays.
  composer.on("my_chat_member", (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status !== "kicked" && status !== "left") return;
    subs.retire(ctx.chat.id);
    if (ctx.chat.type === "private") deps.forgetLanguage?.(ctx.chat.id);
  });

  return { commands, composer };
}
