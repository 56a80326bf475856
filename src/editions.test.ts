import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EditionsUsageError, parseEditionsArgs, writeEditions } from "./editions.js";

describe("npm run editions", () => {
  it("writes every edition in both formats and a SHA256SUMS that matches them, the same bytes each time", () => {
    const a = mkdtempSync(join(tmpdir(), "relay-editions-"));
    const b = mkdtempSync(join(tmpdir(), "relay-editions-"));
    try {
      const written = writeEditions(a, "relay_bot");
      writeEditions(b, "relay_bot");
      expect(readdirSync(a).sort()).toEqual(
        ["SHA256SUMS", ...["fr", "en", "ru"].flatMap((l) => [`relay-${l}.epub`, `relay-${l}.html`])].sort(),
      );
      const sums = readFileSync(join(a, "SHA256SUMS"), "utf8").trim().split("\n");
      expect(sums).toHaveLength(6);
      for (const line of sums) {
        const [hash, name] = line.split("  ") as [string, string];
        const bytes = readFileSync(join(a, name));
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(hash);
        expect(bytes.equals(readFileSync(join(b, name)))).toBe(true);
      }
      expect(written.map((f) => f.name)).toContain("relay-ru.epub");
      expect(readFileSync(join(a, "relay-fr.html"), "utf8")).toContain("https://t.me/relay_bot");
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  it("needs the bot's username, and refuses anything else", () => {
    expect(parseEditionsArgs(["--bot", "@relay_bot"])).toEqual({ bot: "relay_bot", out: "editions" });
    expect(parseEditionsArgs(["--out", "/tmp/x", "--bot", "relay_bot"])).toEqual({
      bot: "relay_bot",
      out: "/tmp/x",
    });
    for (const argv of [[], ["--bot"], ["--bot", "a b"], ["--bot", "relay_bot", "--zip"], ["--bot", "x"]])
      expect(() => parseEditionsArgs(argv)).toThrow(EditionsUsageError);
  });
});
