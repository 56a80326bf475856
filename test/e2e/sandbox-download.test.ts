import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");

describe("/download in the tokenless sandbox", () => {
  it("shows both files in the terminal chat and says where it saved them, byte for byte as sent", () => {
    const tmp = mkdtempSync(join(tmpdir(), "relay-sandbox-dl-"));
    try {
      const run = spawnSync(TSX, ["src/main.ts"], {
        cwd: ROOT,
        input: "/download ru\n",
        // TMPDIR moves the sandbox's temporary folder (and so its downloads folder) here.
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TMPDIR: tmp },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(run.status).toBe(0);
      for (const name of ["relay-ru.html", "relay-ru.epub"]) {
        const path = join(tmp, "relay-sandbox-downloads", name);
        expect(run.stdout).toContain(`the sandbox saved this file to ${path}`);
        const hash = createHash("sha256").update(readFileSync(path)).digest("hex");
        expect(run.stdout).toContain(`SHA-256: ${hash.slice(0, 16)}…`);
      }
      expect(run.stdout).toContain("bot › [document relay-ru.html] Казахстан");
      expect(run.stdout).toContain("bot › [document relay-ru.epub] Казахстан");
      expect(readFileSync(join(tmp, "relay-sandbox-downloads", "relay-ru.html"), "utf8")).toMatch(
        /^<!DOCTYPE html>\n<html lang="ru">/,
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 70_000);
});
