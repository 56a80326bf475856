/** What every method handler receives. */
import type { EmulatorCore } from "../core.js";
import type { UploadedFile } from "../request-body.js";
import type { Params } from "../types.js";

export interface CallContext {
  core: EmulatorCore;
  /** Files uploaded in a multipart body, by part name (grammY refers to them as attach://name). */
  files: Map<string, UploadedFile>;
  /** Aborted when the client goes away (ends a long poll early). */
  signal: AbortSignal;
}

export type Handler = (params: Params, call: CallContext) => unknown;

/** Two days, the window in which bots may delete (and, in this emulator, edit) a message. */
export const FORTY_EIGHT_HOURS_MS = 48 * 60 * 60 * 1000;

/** JSON with sorted keys, to compare markups and entities regardless of key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
