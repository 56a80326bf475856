import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realEditions } from "./editions.js";

/** Debian's chromium (.ci/run installs it); never a browser downloaded by Playwright. */
const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** Where the 360-px screenshots go, to be looked at. */
const SHOTS = join(tmpdir(), "relay-offline-shots");

describe("the offline HTML file in headless Chromium", () => {
  let dir: string;
  let context: BrowserContext | undefined;
  /** Every request any page of the context attempted (all are blocked). */
  const requests: string[] = [];
  const editions = realEditions();

  let launched: Promise<BrowserContext> | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "relay-chromium-"));
  });

  /** The browser, launched by the first test: a missing or broken chromium fails each test, never skips it. */
  function browser(): Promise<BrowserContext> {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)`).toBe(
      true,
    );
    launched ??= (async () => {
      context = await chromium.launchPersistentContext(join(dir, "profile"), {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 1,
        offline: true,
      });
      context.on("request", (r) => void requests.push(r.url()));
      // Anything but the file itself is aborted (and was logged above).
      await context.route("**/*", (route) =>
        route.request().url().startsWith("file://") ? route.continue() : route.abort("blockedbyclient"),
      );
      return context;
    })();
    return launched;
  }

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a copy of `html` as a file, returning the page and the requests it made besides itself. */
  async function open(name: string, html: Buffer | string, hash = "") {
    const file = join(dir, name);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const from = requests.length;
    const page = await (await browser()).newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(url + hash, { waitUntil: "load" });
    await page.waitForTimeout(300); // late loads (fonts, prefetch) would show up here
    const others = requests.slice(from).filter((u) => u.split("#")[0] !== url);
    return { page, others, violations };
  }

  it("notices a request when a page makes one (the check below can fail)", async () => {
    const probe = '<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/probe.png"></body></html>';
    const { page, others } = await open("probe.html", probe);
    expect(others).toEqual(["http://127.0.0.1:9/probe.png"]);
    await page.close();
  }, 60_000);

  it.each(["fr", "en", "ru"] as const)(
    "%s: makes no request at all, fits 360 px without horizontal scrolling, and #s3p12 opens that paragraph",
    async (lang) => {
      const file = editions.file(lang, "html");
      expect(file.bytes.length).toBeLessThan(200 * 1024);
      const { page, others, violations } = await open(file.name, file.bytes);
      expect(others).toEqual([]);
      expect(violations).toEqual([]);

      // Evaluated in the page (a string: this project's types have no DOM).
      const layout = (await page.evaluate(`(() => {
        const widest = Math.max(...[...document.body.querySelectorAll("*")].map((e) => e.getBoundingClientRect().right));
        return {
          viewport: window.innerWidth,
          scrollWidth: document.documentElement.scrollWidth,
          widest,
          fontPx: parseFloat(getComputedStyle(document.querySelector("section p")).fontSize),
          title: document.querySelector("h1")?.textContent,
          links: document.querySelectorAll("nav a").length,
        };
      })()`)) as {
        viewport: number;
        scrollWidth: number;
        widest: number;
        fontPx: number;
        title?: string;
        links: number;
      };
      expect(layout.viewport).toBe(360);
      expect(layout.scrollWidth).toBeLessThanOrEqual(360);
      expect(layout.widest).toBeLessThanOrEqual(360);
      expect(layout.fontPx).toBeGreaterThanOrEqual(16);
      expect(layout.title).toBeTruthy();
      expect(layout.links).toBeGreaterThan(6);
      await page.screenshot({ path: join(mkdirp(SHOTS), `relay-${lang}-360.png`) });
      await page.close();

      const deep = await open(`deep-${file.name}`, file.bytes, "#s3p12");
      const place = (await deep.page.evaluate(
        `({ top: document.getElementById("s3p12")?.getBoundingClientRect().top, scrolled: window.scrollY })`,
      )) as { top?: number; scrolled: number };
      expect(place.scrolled).toBeGreaterThan(1000);
      expect(Math.abs(place.top ?? 999)).toBeLessThan(5);
      expect(deep.others).toEqual([]);
      await deep.page.screenshot({ path: join(SHOTS, `relay-${lang}-360-s3p12.png`) });
      await deep.page.close();
    },
    60_000,
  );
});

function mkdirp(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
