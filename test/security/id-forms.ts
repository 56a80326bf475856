/** Every form an identifier could take in a file: text, hex, base64, and SQLite's integer encodings. */

export interface Form {
  name: string;
  bytes: Buffer;
}

/** Two's complement, big-endian, in `size` bytes; undefined when the value does not fit. */
function bigEndian(value: bigint, size: number): Buffer | undefined {
  const bits = BigInt(size * 8);
  const min = -(1n << (bits - 1n));
  const max = (1n << (bits - 1n)) - 1n;
  if (value < min || value > max) return undefined;
  let v = BigInt.asUintN(size * 8, value);
  const out = Buffer.alloc(size);
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * Base64 of `raw` at each of the three byte alignments it could have inside a longer encoded blob,
 * keeping only the characters that do not depend on the neighbours.
 */
function base64Forms(name: string, raw: Buffer): Form[] {
  const out: Form[] = [];
  for (const pad of [0, 1, 2]) {
    for (const alphabet of ["base64", "base64url"] as const) {
      const encoded = Buffer.concat([Buffer.alloc(pad), raw])
        .toString(alphabet)
        .replace(/=+$/, "");
      // Characters carrying any bit of the neighbours' bytes are left out.
      const start = Math.ceil((pad * 8) / 6);
      const end = Math.floor(((pad + raw.length) * 8) / 6);
      if (end - start >= 6)
        out.push({
          name: `${name} ${alphabet} @${pad}`,
          bytes: Buffer.from(encoded.slice(start, end), "latin1"),
        });
    }
  }
  return out;
}

/** Every form of one chat or user id the at-rest and log scans look for. */
export function idForms(id: number): Form[] {
  const n = BigInt(id);
  const abs = n < 0n ? -n : n;
  const decimals = new Set([String(id), String(abs)]);
  // A supergroup's -100… id also appears without its prefix (t.me/c/<id> links, MTProto).
  if (String(id).startsWith("-100")) decimals.add(String(id).slice(4));
  const forms: Form[] = [];
  for (const d of decimals) {
    forms.push({ name: `decimal ${d}`, bytes: Buffer.from(d) });
    forms.push({ name: `utf16le ${d}`, bytes: Buffer.from(d, "utf16le") });
    forms.push({ name: `utf16be ${d}`, bytes: Buffer.from(d, "utf16le").swap16() });
    forms.push(...base64Forms(`decimal ${d}`, Buffer.from(d)));
  }
  const numbers = new Set([n, ...[...decimals].map((d) => BigInt(d))]);
  const hexes = new Set([
    BigInt.asUintN(64, n).toString(16),
    ...[...numbers].map((v) => (v < 0n ? -v : v).toString(16)),
  ]);
  for (const hex of hexes) {
    forms.push({ name: `hex ${hex}`, bytes: Buffer.from(hex) });
    forms.push({ name: `HEX ${hex}`, bytes: Buffer.from(hex.toUpperCase()) });
  }
  // SQLite stores integers in 1, 2, 3, 4, 6 or 8 bytes, big-endian two's complement. Below 4 bytes a
  // pattern would match random bytes by chance, and no 10-digit id fits there anyway.
  for (const v of numbers)
    for (const size of [1, 2, 3, 4, 6, 8]) {
      const be = bigEndian(v, size);
      if (!be || size < 4) continue;
      forms.push({ name: `int${size * 8} be ${v}`, bytes: be });
      if (size >= 6) forms.push(...base64Forms(`int${size * 8} be ${v}`, be));
    }
  const int64 = bigEndian(n, 8) as Buffer;
  forms.push({ name: "int64 le", bytes: Buffer.from(int64).reverse() });
  const real = Buffer.alloc(8);
  real.writeDoubleBE(id);
  forms.push({ name: "float64 be", bytes: real });
  return forms;
}

/** Forms of a piece of text (a name, a username, a message): as UTF-8 and UTF-16. */
export function textForms(text: string): Form[] {
  return [
    { name: `utf8 ${text}`, bytes: Buffer.from(text) },
    { name: `utf16le ${text}`, bytes: Buffer.from(text, "utf16le") },
  ];
}

/** Which forms occur in `haystack`. */
export function findForms(haystack: Buffer, forms: Form[]): string[] {
  return forms.filter((f) => haystack.includes(f.bytes)).map((f) => f.name);
}
