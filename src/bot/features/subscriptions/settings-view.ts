import { InlineKeyboard } from "grammy";
import { LANGS, type Lang } from "../../../core/article/model.js";
import { formatOffset, MAX_OFFSET, MIN_OFFSET } from "../../../core/delivery/digest-due.js";
import { SUBSCRIBER_BUTTONS } from "../../../core/delivery/subscriber-buttons.js";
import type { Subscription } from "../../../db/subscribers.js";
import { autoDeleteData } from "../../callback-data/auto-delete-data.js";
import type { Translate } from "../../i18n.js";
import { LANGUAGE_NAMES } from "../../render/languages.js";
import { hourOfDay, weekdayName } from "../../render/time.js";
import { settingsData } from "./settings-data.js";

const OFFSET_STEP_KEYS: Record<number, string> = {
  [-60]: "subscriptions.offset-minus-hour",
  [-15]: "subscriptions.offset-minus-quarter",
  15: "subscriptions.offset-plus-quarter",
  60: "subscriptions.offset-plus-hour",
};
const capital = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);
const mark = (on: boolean, label: string) => (on ? `✓ ${label}` : label);

/** How this subscription delivers, in a phrase: "a daily digest at 09:00 (UTC+01:00)". */
export function describeDelivery(t: Translate, lang: Lang, s: Subscription): string {
  const vars = {
    time: hourOfDay(s.hour),
    offset: formatOffset(s.offsetMinutes),
    weekday: weekdayName(lang, s.weekday),
  };
  return t(`subscriptions.cadence-${s.cadence}`, vars);
}

/** The /settings message: what is chosen now, and one button per choice, the current one ticked. */
export function settingsView(t: Translate, lang: Lang, s: Subscription | undefined, isGroup: boolean) {
  const kb = new InlineKeyboard();
  const lines: string[] = [];
  if (!s) {
    lines.push(
      t(isGroup ? "subscriptions.group-not-subscribed-settings" : "subscriptions.not-subscribed-settings"),
    );
    kb.text(t("subscriptions.button-subscribe"), settingsData.encode({ kind: "subscribe" })).row();
  } else {
    lines.push(t(isGroup ? "subscriptions.group-settings-title" : "subscriptions.settings-title"));
    lines.push(t("subscriptions.delivery-line", { delivery: describeDelivery(t, lang, s) }));
    lines.push(t("subscriptions.language-line", { language: t(`language.name-${s.lang}`) }));
    // A person's reading language is /lang's; these buttons never store it (issue 15 point 2).
    if (!isGroup) lines.push(t("subscriptions.language-hint"));
    for (const cadence of ["instant", "daily", "weekly"] as const)
      kb.text(
        mark(s.cadence === cadence, t(`subscriptions.button-${cadence}`)),
        settingsData.encode({ kind: "cadence", cadence }),
      );
    kb.row();
    if (s.cadence !== "instant") {
      const prev = (s.hour + 23) % 24;
      const next = (s.hour + 1) % 24;
      kb.text(`◀ ${hourOfDay(prev)}`, settingsData.encode({ kind: "hour", hour: prev }))
        .text(mark(true, hourOfDay(s.hour)), settingsData.encode({ kind: "hour", hour: s.hour }))
        .text(`${hourOfDay(next)} ▶`, settingsData.encode({ kind: "hour", hour: next }))
        .row();
      if (s.cadence === "weekly") {
        const before = s.weekday === 1 ? 7 : s.weekday - 1;
        const after = s.weekday === 7 ? 1 : s.weekday + 1;
        kb.text(
          `◀ ${capital(weekdayName(lang, before))}`,
          settingsData.encode({ kind: "weekday", weekday: before }),
        )
          .text(
            mark(true, capital(weekdayName(lang, s.weekday))),
            settingsData.encode({ kind: "weekday", weekday: s.weekday }),
          )
          .text(
            `${capital(weekdayName(lang, after))} ▶`,
            settingsData.encode({ kind: "weekday", weekday: after }),
          )
          .row();
      }
      for (const step of [-60, -15, 0, 15, 60]) {
        const minutes = Math.min(MAX_OFFSET, Math.max(MIN_OFFSET, s.offsetMinutes + step));
        const label = step === 0 ? mark(true, formatOffset(minutes)) : t(OFFSET_STEP_KEYS[step] as string);
        kb.text(label, settingsData.encode({ kind: "offset", minutes }));
      }
      kb.row();
      lines.push("", t("subscriptions.offset-hint"));
    }
  }
  // The subscription's language: without a subscription there is nothing for these buttons to change.
  if (s) {
    for (const l of LANGS)
      kb.text(mark(s.lang === l, LANGUAGE_NAMES[l]), settingsData.encode({ kind: "lang", lang: l }));
    kb.row().text(t("subscriptions.button-unsubscribe"), SUBSCRIBER_BUTTONS.unsubscribe);
  }
  // A private chat's own messages can be deleted automatically (features/auto-delete).
  if (!isGroup) kb.row().text(t("autodelete.settings-button"), autoDeleteData.encode({ kind: "menu" }));
  return { text: lines.join("\n"), reply_markup: kb };
}
