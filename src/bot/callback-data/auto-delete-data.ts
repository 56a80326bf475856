import { AUTO_DELETE_DELAYS } from "../../db/auto-delete.js";

export type AutoDeleteAction = { kind: "menu" } | { kind: "set"; delaySeconds: number | undefined };

// "ad:169200" is the widest: 9 bytes, far under Telegram's 64.
const PATTERN = /^ad:(menu|off|\d{1,6})$/;

/** The auto-delete buttons: open the menu, turn it off, or choose one of the allowed delays. */
export const autoDeleteData = {
  pattern: PATTERN,
  encode(a: AutoDeleteAction): string {
    if (a.kind === "menu") return "ad:menu";
    return a.delaySeconds === undefined ? "ad:off" : `ad:${a.delaySeconds}`;
  },
  decode(data: string): AutoDeleteAction | undefined {
    const m = PATTERN.exec(data)?.[1];
    if (m === undefined) return undefined;
    if (m === "menu") return { kind: "menu" };
    if (m === "off") return { kind: "set", delaySeconds: undefined };
    const n = Number(m);
    return (AUTO_DELETE_DELAYS as readonly number[]).includes(n)
      ? { kind: "set", delaySeconds: n }
      : undefined;
  },
};
