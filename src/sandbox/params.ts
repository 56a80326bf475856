/** Reading Bot API parameters the way the Bot API server does: strings from forms, JSON-encoded objects. */
import { badRequest, TEXT } from "./api-error.js";
import type { Params } from "./types.js";

/** Fields whose values are JSON-serialized objects or arrays when they arrive in a form body. */
const JSON_FIELDS = new Set([
  "reply_markup",
  "entities",
  "caption_entities",
  "results",
  "commands",
  "scope",
  "link_preview_options",
  "reply_parameters",
  "allowed_updates",
  "button",
  "message_ids",
  "media",
  "permissions",
  "rights",
  "menu_button",
  "input_message_content",
]);

/** Decodes JSON-encoded object fields; a field that is not valid JSON stays a string for the validators to reject. */
export function normalizeParams(raw: Params): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    if (typeof value === "string" && JSON_FIELDS.has(key)) {
      try {
        out[key] = JSON.parse(value);
      } catch {
        out[key] = value;
      }
    } else out[key] = value;
  }
  return out;
}

/** An integer parameter, from a number or a decimal string. */
export function optInt(p: Params, name: string): number | undefined {
  const v = p[name];
  if (v === undefined || v === "") return undefined;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string" && /^[+-]?\d{1,20}$/.test(v.trim())) return Number(v.trim());
  throw badRequest(`field "${name}" must be of type Integer`);
}

export function reqInt(p: Params, name: string, missing = `${name} is empty`): number {
  const v = optInt(p, name);
  if (v === undefined) throw badRequest(missing);
  return v;
}

export function optStr(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw badRequest(`field "${name}" must be of type String`);
}

export function optBool(p: Params, name: string): boolean {
  const v = p[name];
  return v === true || v === "true" || v === 1 || v === "1";
}

/** A chat_id: an integer, or "@username" for public chats. */
export function chatIdParam(p: Params, name = "chat_id"): number | string {
  const v = p[name];
  if (v === undefined || v === "") throw badRequest(`${name} is empty`);
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string") {
    const s = v.trim();
    if (/^-?\d{1,20}$/.test(s)) return Number(s);
    if (/^@\w{1,64}$/.test(s)) return s;
  }
  throw badRequest(TEXT.chatNotFound);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Byte length in UTF-8, the unit of callback_data, ids and offsets in the Bot API. */
export const utf8Length = (s: string) => Buffer.byteLength(s, "utf8");
