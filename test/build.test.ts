/**
 * The production build (tsconfig.build.json, what the Docker image runs from dist/) leaves the Bot API
 * emulator out: no file of src/sandbox/ is compiled, and the built process without a token says so
 * and exits 1 instead of starting an emulator.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
// Under dist/ (ignored by git and Biome), so the built files still find node_modules/.
const OUT = join(ROOT, "dist", `test-build-${process.pid}`);
let build: ReturnType<typeof spawnSync>;

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [relative(OUT, join(dir, e.name))],
  );

beforeAll(() => {
  build = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", OUT],
    { cwd: ROOT, encoding: "utf8", timeout: 110_000 },
  );
}, 120_000);
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe("the production build", () => {
  it("compiles the bot, the backup and the key rotation, and nothing of the emulator", () => {
    expect(build.stdout, String(build.stdout)).toBe("");
    expect(build.status).toBe(0);
    const built = files(OUT);
    expect(built).toEqual(expect.arrayContaining(["main.js", "app.js", "backup.js", "rotate-key.js"]));
    expect(built.filter((f) => f.startsWith("sandbox/") || f.startsWith("dev-sandbox"))).toEqual([]);
    expect(existsSync(join(OUT, "sandbox"))).toBe(false);
  });

  it("without a token, says it has no sandbox and exits 1", () => {
    const run = spawnSync(process.execPath, [join(OUT, "main.js")], {
      cwd: ROOT,
      env: { PATH: process.env.PATH },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(run.stderr).toMatch(/^relay: BOT_TOKEN is required: this build has no sandbox/);
    expect(run.status).toBe(1);
  });

  it("imports exactly the production dependencies: each one is used, and nothing comes from devDependencies", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const imported = new Set<string>();
    for (const f of files(OUT).filter((f) => f.endsWith(".js"))) {
      const code = readFileSync(join(OUT, f), "utf8");
      for (const m of code.matchAll(/(?:from |import\()\s*"([^".][^"]*)"/g)) {
        const spec = m[1] as string;
        if (spec.startsWith("node:")) continue;
        const parts = spec.split("/");
        imported.add(spec.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] as string));
      }
    }
    expect([...imported].sort()).toEqual(Object.keys(pkg.dependencies).sort());
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(["tsx"]));
  });

  // Docker cannot run here: these read the Dockerfile's text; the commands it runs are the ones above.
  it("the Dockerfile builds better-sqlite3 from source on Node 22 LTS and runs the compiled dist/", () => {
    const docker = readFileSync(join(ROOT, "Dockerfile"), "utf8");
    const from = [...docker.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(from).toEqual(["node:22-bookworm-slim", "node:22-bookworm-slim"]);
    expect(docker).toMatch(/^RUN npm ci --build-from-source\b/m);
    expect(docker).toMatch(/^ENV npm_config_nodedir=\/usr\/local$/m);
    expect(docker).toMatch(/npx tsc -p tsconfig\.build\.json && npm prune --omit=dev/);
    expect(docker).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    expect(docker).not.toMatch(/^(RUN|CMD|ENTRYPOINT).*\btsx\b/m);
  });
});
