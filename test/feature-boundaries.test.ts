import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const FEATURES = resolve(dirname(fileURLToPath(import.meta.url)), "../src/bot/features");

/** Every import specifier of a TypeScript file, static or dynamic. */
function imports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) found.push(m[1] as string);
  return found;
}

/** The feature a path inside src/bot/features belongs to, or undefined outside them. */
function featureOf(path: string): string | undefined {
  const rel = relative(FEATURES, path);
  return rel.startsWith("..") ? undefined : rel.split(sep)[0];
}

function crossFeatureImports(root = FEATURES): string[] {
  const offences: string[] = [];
  for (const feature of readdirSync(root)) {
    const dir = join(root, feature);
    for (const file of readdirSync(dir, { recursive: true }) as string[]) {
      if (!file.endsWith(".ts")) continue;
      const path = join(dir, file);
      for (const spec of imports(readFileSync(path, "utf8"))) {
        if (!spec.startsWith(".")) continue;
        const target = featureOf(resolve(dirname(path), spec));
        if (target !== undefined && target !== featureOf(path))
          offences.push(`${relative(root, path)} → ${spec}`);
      }
    }
  }
  return offences;
}

describe("feature boundaries", () => {
  it("no feature imports another feature's files: what several share lives in src/bot/render, callback-data, offline-editions", () => {
    expect(crossFeatureImports()).toEqual([]);
  });

  it("would see one", () => {
    const sample = `import { x } from "../reading/page-data.js";\nconst y = await import("../notes/render.js");`;
    expect(imports(sample)).toEqual(["../reading/page-data.js", "../notes/render.js"]);
    expect(featureOf(resolve(FEATURES, "ask", "../reading/page-data.js"))).toBe("reading");
    expect(featureOf(resolve(FEATURES, "ask", "../../render/page.js"))).toBeUndefined();
  });
});
