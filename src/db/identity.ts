import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * Turns chat and user ids into what the database may hold: a keyed lookup hash (equality only)
 * and a sealed copy (AES-256-GCM) for when the bot must write to that chat again.
 * Both keys come from DATA_KEY through HKDF, so the database alone reveals no identity.
 */
export interface Identity {
  /** HMAC-SHA256 of the id: the column an id is looked up by. */
  lookupKey(id: number | string): Buffer;
  /** AES-256-GCM of the id, random nonce: iv ‖ tag ‖ ciphertext. */
  seal(id: number | string): Buffer;
  /** Inverse of seal; throws on a forged or foreign blob. */
  unseal(blob: Buffer): number;
  /** Encrypts arbitrary bytes (conversation state, drafts). */
  sealBytes(plain: Buffer | string): Buffer;
  openBytes(blob: Buffer): Buffer;
  /** A short keyed hash for logs that must correlate one chat's events. */
  logTag(id: number | string): string;
}

const IV = 12;
const TAG = 16;

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

  return {
    lookupKey: (id) => createHmac("sha256", hmacKey).update(String(id)).digest(),
    seal: (id) => sealBytes(String(id)),
    unseal(blob) {
      const id = Number(openBytes(blob).toString("utf8"));
      if (!Number.isSafeInteger(id)) throw new Error("sealed id is not an integer");
      return id;
    },
    sealBytes,
    openBytes,
    logTag: (id) => createHmac("sha256", logKey).update(String(id)).digest("base64url").slice(0, 8),
  };
}
