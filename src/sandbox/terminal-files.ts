/** Files the bot sends in the terminal chat are written to a folder, so the person can open them. */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { SentMessage } from "./types.js";

/** Where the sandbox saves documents unless told otherwise; kept after /quit, unlike the database. */
export const DEFAULT_DOWNLOADS_DIR = join(tmpdir(), "relay-sandbox-downloads");

/** A file name that stays inside the folder, whatever the bot called the file. */
function safeName(name: string): string {
  const plain = basename(name)
    .replace(/[^\p{L}\p{N}._-]+/gu, "_")
    .replace(/^\.+/, "");
  return plain.slice(0, 100) || "file";
}

/**
 * Saves a sent document's bytes (as uploaded, or as first uploaded when resent by file_id) and returns
 * the line to print; undefined when the message carries no document.
 */
export function saveDocument(
  message: SentMessage,
  bytesOf: (fileId: string) => Buffer | undefined,
  dir: string,
): string | undefined {
  const doc = message.message.document;
  if (!doc) return undefined;
  const bytes = bytesOf(doc.file_id);
  if (!bytes) return "  (the sandbox has no copy of this file: it was not uploaded here)";
  mkdirSync(dir, { recursive: true });
  const path = join(dir, safeName(doc.file_name ?? doc.file_unique_id));
  writeFileSync(path, bytes);
  return `  (the sandbox saved this file to ${path}: open it from there)`;
}
