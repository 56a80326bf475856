import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zip } from "../../src/core/edition/zip.js";
import { realEditions } from "./editions.js";

/** Debian's epubcheck package (.ci/run installs it). Its /usr/bin wrapper needs binfmt_misc, so run the jar. */
const JAR = "/usr/share/java/epubcheck.jar";
const run = promisify(execFile);

interface Report {
  checker: { nFatal: number; nError: number; nWarning: number };
  messages: Array<{ ID: string; severity: string; message: string }>;
}

/** Runs epubcheck with a JSON report; its exit code is not the verdict, the report is. */
async function epubcheck(file: string): Promise<Report> {
  // In the test, not a hook: a missing epubcheck fails every test instead of skipping them.
  expect(existsSync(JAR), `${JAR} is missing: apt-get install -y epubcheck (see .ci/run)`).toBe(true);
  const out = `${file}.json`;
  // Quick-start JVM flags: epubcheck is a short run, where full JIT and parallel GC only cost time,
  // and one core is enough (the other test files run alongside).
  const jvm = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1", "-jar", JAR];
  await run("java", [...jvm, file, "--json", out], { timeout: 120_000 }).catch((e: unknown) => {
    if (!existsSync(out)) throw e;
  });
  return JSON.parse(readFileSync(out, "utf8")) as Report;
}

describe("the EPUB against epubcheck", () => {
  let dir: string;
  const editions = realEditions();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "relay-epubcheck-"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(["fr", "en", "ru"] as const)(
    "%s: no fatal error, no error, no warning",
    async (lang) => {
      const file = editions.file(lang, "epub");
      const path = join(dir, file.name);
      writeFileSync(path, file.bytes);
      const report = await epubcheck(path);
      expect(report.messages.filter((m) => m.severity !== "USAGE" && m.severity !== "INFO")).toEqual([]);
      expect(report.checker).toMatchObject({ nFatal: 0, nError: 0, nWarning: 0 });
    },
    120_000,
  );

  it("reports a broken EPUB (the check above can fail)", async () => {
    const path = join(dir, "broken.epub");
    writeFileSync(
      path,
      zip([
        { name: "mimetype", data: Buffer.from("application/epub+zip") },
        { name: "META-INF/container.xml", data: Buffer.from("<container/>") },
      ]),
    );
    const report = await epubcheck(path);
    expect(report.checker.nError + report.checker.nFatal).toBeGreaterThan(0);
  }, 120_000);
});
