import { InlineKeyboard } from "grammy";
import type { Lang } from "../../../core/article/model.js";
import { formatOffset } from "../../../core/delivery/digest-due.js";
import type { PersonalData } from "../../../db/personal-data.js";
import type { Subscription } from "../../../db/subscribers.js";
import { forgetData } from "../../callback-data/forget-data.js";
import type { Translate } from "../../i18n.js";
import { bold, escapeHtml } from "../../render/html.js";
import { isEmpty } from "../../render/personal-data.js";
import { hourOfDay, utcTime, weekdayName } from "../../render/time.js";

/** "UTC", "UTC+03:00", "UTC−05:30": the form /settings shows. */
const offset = formatOffset;

function cadence(t: Translate, lang: Lang, s: Subscription): string {
  const time = hourOfDay(s.hour);
  if (s.cadence === "daily") return t("mydata.cadence-daily", { time, offset: offset(s.offsetMinutes) });
  if (s.cadence === "weekly")
    return t("mydata.cadence-weekly", {
      weekday: weekdayName(lang, s.weekday),
      time,
      offset: offset(s.offsetMinutes),
    });
  return t("mydata.cadence-instant");
}

/** Every stored item, opened and explained, then the button to /forget. */
export function myDataMessage(
  t: Translate,
  lang: Lang,
  d: PersonalData,
  auditKeyHours = 48,
): { text: string; reply_markup?: InlineKeyboard } {
  const title = bold(escapeHtml(t("mydata.title")));
  if (isEmpty(d) && d.auditEntries === 0)
    return { text: [title, escapeHtml(t("mydata.nothing"))].join("\n\n") };

  const items: string[] = [];
  if (d.chatId !== undefined) items.push(t("mydata.chat-id", { id: String(d.chatId) }));
  if (d.language) items.push(t("mydata.language", { language: t(`language.name-${d.language}`) }));
  const s = d.subscription;
  if (s) {
    items.push(
      t("mydata.subscription", {
        day: s.createdDay,
        cadence: cadence(t, lang, s),
        language: t(`language.name-${s.lang}`),
      }),
    );
    if (s.lastDigestAt !== undefined) items.push(t("mydata.last-digest", { date: utcTime(s.lastDigestAt) }));
  }
  const ad = d.autoDelete;
  if (ad?.delaySeconds !== undefined)
    items.push(
      t("mydata.autodelete", {
        count: ad.pending,
        delay: t("autodelete.hours", { count: ad.delaySeconds / 3_600 }),
      }),
    );
  else if (ad) items.push(t("mydata.autodelete-pending", { count: ad.pending }));
  if (d.deliveries.pending > 0) items.push(t("mydata.pending", { count: d.deliveries.pending }));
  if (d.deliveries.deletions > 0) items.push(t("mydata.deletions", { count: d.deliveries.deletions }));
  if (d.deliveries.sent > 0) items.push(t("mydata.sent", { count: d.deliveries.sent }));
  if (d.deliveries.other > 0) items.push(t("mydata.other", { count: d.deliveries.other }));
  if (d.conversation)
    items.push(
      t("mydata.conversation", { bytes: d.conversation.bytes, date: utcTime(d.conversation.updatedAt) }),
    );
  if (d.progressMessages > 0) items.push(t("mydata.progress", { count: d.progressMessages }));
  if (d.auditEntries > 0)
    items.push(
      t("mydata.audit", { count: d.auditEntries, hours: t("privacy.hours", { count: auditKeyHours }) }),
    );

  const text = [
    title,
    items.map((i) => `• ${escapeHtml(i)}`).join("\n"),
    escapeHtml(t("mydata.nothing-else")),
  ].join("\n\n");
  return {
    text,
    reply_markup: new InlineKeyboard().text(t("mydata.forget-button"), forgetData.encode("ask")),
  };
}
