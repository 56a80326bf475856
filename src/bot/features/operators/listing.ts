import { LANGS } from "../../../core/article/model.js";
import { openingWords } from "../../../core/delivery/opening-words.js";
import type { StoredUpdate } from "../../../db/updates.js";
import type { Translate } from "../../i18n.js";

const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** One entry of /updates: id, time, languages, delivery progress and flags, then its opening words. */
export function updateLine(t: Translate, u: StoredUpdate & { pending: number }): string {
  const languages =
    u.kind === "article" ? t("operators.article") : LANGS.filter((l) => u.content.bodies[l]).join(", ");
  const flags = [
    u.sensitive ? t("operators.flag-sensitive") : undefined,
    u.editedAt ? t("operators.flag-edited") : undefined,
    u.retractedAt ? t("operators.flag-retracted") : undefined,
  ].filter(Boolean);
  const line = t("operators.updates-line", {
    id: u.id,
    time: when(u.createdAt),
    languages,
    sent: u.sent,
    total: u.recipients,
    failed: u.failed,
    pending: u.pending,
    digestSent: u.digestSent,
    digestTotal: u.digestRecipients,
  });
  const head = flags.length ? `${line} · ${flags.join(" · ")}` : line;
  if (u.kind === "article") return head;
  const text = openingWords(u.content.bodies[u.content.original]?.text ?? "");
  return `${head}\n${text ? t("operators.updates-opening", { text }) : t("operators.no-caption")}`;
}
