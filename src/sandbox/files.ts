/**
 * Files the emulated Telegram knows: uploaded by the bot (with their bytes, so tests and the terminal can
 * read what was sent) or seen in an update (a user's photo). A file_id in the emulator's own form that
 * this instance never gave out (one from an earlier run, like a file_id of another bot or from before a
 * token change) is refused as Telegram refuses it. Other unknown ids are accepted: fixtures stand for
 * files users uploaded in a world the emulator does not model.
 */
import { createHash } from "node:crypto";
import { ApiError, badRequest } from "./api-error.js";
import type { UploadedFile } from "./request-body.js";

/** Telegram's cap on files a bot uploads (Bot API reference, sendDocument: "up to 50 MB"). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** The prefix of every file_id the emulator mints. */
const MINTED = "SANDBOX-";

export interface KnownFile {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
  file_name?: string;
  mime_type?: string;
  /** The uploaded bytes; undefined for files only seen in updates. */
  bytes?: Buffer;
}

/** A file_unique_id from the content when known, so the same bytes always get the same one. */
const uniqueOf = (seed: string | Buffer) =>
  `AgAD${createHash("sha1").update(seed).digest("base64url").slice(0, 12)}`;

export class FileRegistry {
  private readonly byId = new Map<string, KnownFile>();
  private minted = 0;

  /** A new upload: Telegram's 50 MB and non-empty checks, then a new file_id. */
  upload(kind: string, file: UploadedFile): KnownFile {
    // 413 "Request Entity Too Large" is what client libraries report for an oversized upload; the Bot API
    // server's source does not spell it out (unverified, like the 400 texts below, also from client libraries).
    if (file.size > MAX_UPLOAD_BYTES) throw new ApiError(413, "Request Entity Too Large");
    if (file.size === 0) throw badRequest("file must be non-empty");
    const known: KnownFile = {
      file_id: `${MINTED}${kind}-upload-${file.size}-${++this.minted}-${Date.now().toString(36)}`,
      file_unique_id: uniqueOf(file.data),
      file_size: file.size,
      file_name: file.filename || undefined,
      mime_type: file.contentType,
      bytes: file.data,
    };
    this.byId.set(known.file_id, known);
    return known;
  }

  /** A file Telegram fetched from a URL: the emulator fetches nothing, but mints an id as Telegram would. */
  fromUrl(kind: string, url: string): KnownFile {
    const fileId = `${MINTED}${kind}-url-${++this.minted}-${Date.now().toString(36)}`;
    const known = { file_id: fileId, file_unique_id: uniqueOf(url), file_size: 1024 };
    this.byId.set(fileId, known);
    return known;
  }

  /** A file_id sent again; 400 for one of the emulator's own form that this instance never gave out. */
  resend(fileId: string): KnownFile {
    const known = this.byId.get(fileId);
    if (known) return known;
    if (fileId.startsWith(MINTED)) throw badRequest("wrong file identifier/HTTP URL specified");
    return { file_id: fileId, file_unique_id: uniqueOf(fileId), file_size: 1024 };
  }

  get(fileId: string): KnownFile | undefined {
    return this.byId.get(fileId);
  }

  /** Learns every file in an update (a user's photo, document…): the bot may send those file_ids on. */
  learnFrom(value: unknown, depth = 0): void {
    if (depth > 8 || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const v of value) this.learnFrom(v, depth + 1);
      return;
    }
    const o = value as Record<string, unknown>;
    if (typeof o.file_id === "string" && typeof o.file_unique_id === "string" && !this.byId.has(o.file_id))
      this.byId.set(o.file_id, {
        file_id: o.file_id,
        file_unique_id: o.file_unique_id,
        file_size: typeof o.file_size === "number" ? o.file_size : undefined,
      });
    for (const v of Object.values(o)) this.learnFrom(v, depth + 1);
  }
}
