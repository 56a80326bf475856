import { afterEach, describe, expect, it } from "vitest";
import { BotApiEmulator } from "../../src/sandbox/emulator.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { TELEGRAM_RATES } from "../e2e/delivery-harness.js";
import { kill, type ProcessHarness, processHarness, until } from "./relay-process.js";

const OPERATOR = 5_000_000_101;

const lastWithButtons = (u: TestUser) =>
  u
    .replies()
    .filter((m) => m.reply_markup)
    .at(-1);
const shows = (u: TestUser, pattern: RegExp) =>
  until(() => pattern.test(u.lastReply?.text ?? ""), 20_000, pattern.source);

describe("an operator's draft across kill -9", () => {
  let emulator: BotApiEmulator;
  let ph: ProcessHarness;
  afterEach(async () => {
    ph.cleanup();
    await emulator.close();
  });

  it("resumes where it was after the process is killed mid-draft and started again", async () => {
    emulator = await BotApiEmulator.start({ rateLimit: TELEGRAM_RATES });
    ph = processHarness(emulator, [OPERATOR]);
    const op = emulator.user({ id: OPERATOR, language_code: "fr" });
    const reader = emulator.user({ language_code: "fr" });

    const first = await ph.start();
    reader.send("/subscribe");
    op.send("/post");
    await shows(op, /^Envoyez la mise à jour/);
    op.send("Deux journalistes relâchés à Almaty.");
    await shows(op, /^En quelle langue/);
    await op.press(lastWithButtons(op) as never, "Français");
    await shows(op, /^Langues pour l’instant : français/);
    expect(await kill(first, "SIGKILL")).toBeNull();
    expect(first.child.signalCode).toBe("SIGKILL");

    const second = await ph.start();
    // The button pressed before the kill belongs to the same draft: it moves on from there.
    await op.press(lastWithButtons(op) as never, "Pas d’autre langue");
    await shows(op, /^Cette mise à jour est-elle sensible/);
    await op.press(lastWithButtons(op) as never, "Pas sensible");
    await shows(op, /^Publier maintenant \? Tout de suite : 1 abonné ;/);
    await op.press(lastWithButtons(op) as never, "Publier");
    await until(() => reader.lastReply?.text === "Deux journalistes relâchés à Almaty.", 20_000, "delivery");
    expect(await kill(second, "SIGTERM")).toBe(0);
  }, 90_000);
});
