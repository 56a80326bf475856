import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * Turns chat and user ids into what the database may hold: a keyed lookup hash (equality only)
 * and a sealed copy (AES-256-GCM) for when the bot must write to that chat again.
 * Both keys come from DATA_KEY through HKDF, so the database alone reveals no identity.
 */
export interface Identity {
  /** HMAC-SHA256 of the id: the column an id is looked up by. */
  lookupKey(id: number | string): Buffer;
  /** AES-256-GCM of the id padded to SEALED_ID_WIDTH, random nonce: iv ‖ tag ‖ ciphertext. */
  seal(id: number | string): Buffer;
  /** Inverse of seal for a numeric id; throws on a forged or foreign blob. */
  unseal(blob: Buffer): number;
  /** Inverse of seal for a chat: a number, or a channel's @username. */
  openChat(blob: Buffer): number | string;
  /** Encrypts arbitrary bytes (conversation state, drafts). */
  sealBytes(plain: Buffer | string): Buffer;
  openBytes(blob: Buffer): Buffer;
  /**
   * A short keyed tag for logs that must correlate one chat's events within a day: derived under its own
   * key from the id or its lookup key, so no log line holds a value that keys a row, and it changes daily.
   */
  logTag(subject: number | string | Buffer, at: number): string;
}

const IV = 12;
const TAG = 16;
/**
 * Every sealed chat id has this many plaintext bytes, so its length says nothing about the id: a
 * -100… supergroup id (14 characters), a user id (up to 10) and a channel's @username (up to 33) alike.
 */
export const SEALED_ID_WIDTH = 40;
const DAY_MS = 86_400_000;

export function createIdentity(dataKey: Buffer): Identity {
  if (dataKey.length !== 32) throw new Error("DATA_KEY must be 32 bytes");
  const derive = (info: string) =>
    Buffer.from(hkdfSync("sha256", dataKey, Buffer.alloc(0), `relay/${info}`, 32));
  const hmacKey = derive("lookup-v1");
  const encKey = derive("seal-v1");
  const logKey = derive("log-v1");

  const sealBytes = (plain: Buffer | string): Buffer => {
    const iv = randomBytes(IV);
    const cipher = createCipheriv("aes-256-gcm", encKey, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  };
  const openBytes = (blob: Buffer): Buffer => {
    const decipher = createDecipheriv("aes-256-gcm", encKey, blob.subarray(0, IV));
    decipher.setAuthTag(blob.subarray(IV, IV + TAG));
    return Buffer.concat([decipher.update(blob.subarray(IV + TAG)), decipher.final()]);
  };
  // Rows sealed before the fixed width have no padding: stripping trailing NULs reads both.
  const openId = (blob: Buffer): string => openBytes(blob).toString("utf8").replace(/\0+$/, "");

  return {
    lookupKey: (id) => createHmac("sha256", hmacKey).update(String(id)).digest(),
    seal(id) {
      const text = Buffer.from(String(id), "utf8");
      if (text.length > SEALED_ID_WIDTH) throw new Error("chat id too long to seal");
      return sealBytes(Buffer.concat([text, Buffer.alloc(SEALED_ID_WIDTH - text.length)]));
    },
    unseal(blob) {
      const id = Number(openId(blob));
      if (!Number.isSafeInteger(id)) throw new Error("sealed id is not an integer");
      return id;
    },
    openChat(blob) {
      const raw = openId(blob);
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    },
    sealBytes,
    openBytes,
    logTag: (subject, at) =>
      createHmac("sha256", logKey)
        .update(`${Math.floor(at / DAY_MS)}:`)
        .update(Buffer.isBuffer(subject) ? subject : String(subject))
        .digest("base64url")
        .slice(0, 8),
  };
}
