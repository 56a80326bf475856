import type { Correction, Retraction } from "../../../db/updates.js";
import type { Translate } from "../../i18n.js";

/** What /retract removed and what it could not, digests included: the operator must know what remains. */
export function retractionReport(t: Translate, id: number, r: Retraction): string {
  const lines = [
    t("operators.retracted", { id, cancelled: r.cancelled, deletions: r.deletions, tooOld: r.tooOld }),
  ];
  if (r.digests > 0) lines.push(t("operators.digests-removing", { count: r.digests }));
  if (r.digestsPending > 0) lines.push(t("operators.digests-pending-without", { count: r.digestsPending }));
  if (r.digestsTooOld > 0) lines.push(t("operators.digests-unreached-retract", { count: r.digestsTooOld }));
  return lines.join("\n");
}

/** What /edit corrected and what still shows the old text, digests included. */
export function correctionReport(t: Translate, id: number, c: Correction): string {
  const lines = [t("operators.edited", { id, edits: c.edits, tooOld: c.tooOld })];
  if (c.digests > 0) lines.push(t("operators.digests-correcting", { count: c.digests }));
  if (c.digestsTooOld > 0) lines.push(t("operators.digests-unreached-edit", { count: c.digestsTooOld }));
  return lines.join("\n");
}
