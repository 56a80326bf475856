import { it } from "vitest";
import { everyStepScenario, TOO_MANY } from "./operator-faults.js";

it("with a 429 injected at every step, on Telegram's limits, /post publishes, /edit corrects, /retract retracts", async () => {
  await everyStepScenario(TOO_MANY);
}, 180_000);
