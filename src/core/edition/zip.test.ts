import { describe, expect, it } from "vitest";
import { crc32, zip } from "./zip.js";

/** Reads the archive back through its central directory, as an EPUB reader would. */
function unzipStored(archive: Buffer): Array<{ name: string; data: Buffer; crc: number }> {
  const end = archive.length - 22;
  expect(archive.readUInt32LE(end)).toBe(0x06054b50);
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    expect(archive.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = archive.readUInt16LE(at + 28);
    const local = archive.readUInt32LE(at + 42);
    const size = archive.readUInt32LE(at + 24);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    expect(archive.readUInt32LE(local)).toBe(0x04034b50);
    expect(archive.readUInt16LE(local + 8)).toBe(0); // stored
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    out.push({ name, data: archive.subarray(start, start + size), crc: archive.readUInt32LE(at + 16) });
    at += 46 + nameLength;
  }
  return out;
}

describe("zip", () => {
  it("computes the standard CRC-32 check value", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it("writes entries in order, readable back with their CRCs, mimetype at offset 30 as EPUB requires", () => {
    const entries = [
      { name: "mimetype", data: Buffer.from("application/epub+zip") },
      { name: "EPUB/text.xhtml", data: Buffer.from("<p>Алматы «1986»</p>") },
    ];
    const archive = zip(entries);
    expect(archive.subarray(30, 38).toString()).toBe("mimetype");
    expect(archive.subarray(38, 58).toString()).toBe("application/epub+zip");
    const back = unzipStored(archive);
    expect(back.map((e) => e.name)).toEqual(["mimetype", "EPUB/text.xhtml"]);
    back.forEach((e, i) => {
      expect(e.data.equals(entries[i]?.data as Buffer)).toBe(true);
      expect(e.crc).toBe(crc32(e.data));
    });
  });

  it("gives the same bytes for the same entries", () => {
    const entries = [{ name: "a.txt", data: Buffer.from("same") }];
    expect(zip(entries).equals(zip(entries))).toBe(true);
  });
});
