import { isLang, type Lang } from "../../../core/article/model.js";

/** The operators' buttons: in /post and /edit conversations, and the /retract and /publish confirmations. */
export type OpAction =
  | { kind: "original"; lang: Lang }
  | { kind: "add"; lang: Lang }
  | { kind: "no-more" }
  | { kind: "join" }
  | { kind: "keep-first" }
  | { kind: "sensitive"; on: boolean }
  | { kind: "delete-after"; hours: number }
  | { kind: "source"; on: boolean }
  | { kind: "confirm" }
  | { kind: "cancel" }
  | { kind: "retract"; id: number }
  | { kind: "publish" }
  /** Cancel on a standalone /retract or /publish prompt: never confused with a draft's cancel. */
  | { kind: "dismiss" };

// "op:rt:999999999" is the widest: 15 bytes, far under Telegram's 64.
const PATTERN =
  /^op:(?:(l|add):([a-z]{2})|(done|join|first|ok|no|pub|x)|(sens|src):([01])|del:(\d{1,2})|rt:(\d{1,9}))$/;

const SIMPLE = {
  done: "no-more",
  join: "join",
  first: "keep-first",
  ok: "confirm",
  no: "cancel",
  pub: "publish",
  x: "dismiss",
} as const;

/** Buttons of standalone prompts: they work even while a draft is open. */
export const STANDALONE: ReadonlySet<OpAction["kind"]> = new Set(["retract", "publish", "dismiss"]);

export const opData = {
  pattern: PATTERN,
  encode(a: OpAction): string {
    switch (a.kind) {
      case "original":
        return `op:l:${a.lang}`;
      case "add":
        return `op:add:${a.lang}`;
      case "sensitive":
        return `op:sens:${a.on ? 1 : 0}`;
      case "source":
        return `op:src:${a.on ? 1 : 0}`;
      case "delete-after":
        return `op:del:${a.hours}`;
      case "retract":
        return `op:rt:${a.id}`;
      default: {
        const code = Object.entries(SIMPLE).find(([, kind]) => kind === a.kind)?.[0];
        return `op:${code}`;
      }
    }
  },
  decode(data: string): OpAction | undefined {
    const m = PATTERN.exec(data);
    if (!m) return undefined;
    const [, langKind, lang, simple, flag, flagValue, hours, id] = m;
    if (langKind) return isLang(lang) ? { kind: langKind === "l" ? "original" : "add", lang } : undefined;
    if (simple) return { kind: SIMPLE[simple as keyof typeof SIMPLE] } as OpAction;
    if (flag)
      return flag === "sens"
        ? { kind: "sensitive", on: flagValue === "1" }
        : { kind: "source", on: flagValue === "1" };
    if (hours !== undefined) {
      const h = Number(hours);
      return h >= 1 && h <= 47 ? { kind: "delete-after", hours: h } : undefined;
    }
    return id !== undefined && Number(id) > 0 ? { kind: "retract", id: Number(id) } : undefined;
  },
};
