/** Runs one Bot API call: stateless validation, then the method, then the record. */
import { ApiError, notFound } from "./api-error.js";
import type { EmulatorCore } from "./core.js";
import type { CallContext, Handler } from "./methods/context.js";
import { methodTable } from "./methods/index.js";
import type { UploadedFile } from "./request-body.js";
import type { ApiErrorBody, CallRecord, Params } from "./types.js";
import { assertValidCall } from "./validate.js";

export type Outcome = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody };

export class Dispatcher {
  private readonly methods: Map<string, Handler>;

  constructor(private readonly core: EmulatorCore) {
    this.methods = methodTable(core);
  }

  /** Executes a call and returns Telegram's outcome; unexpected exceptions propagate. */
  async execute(
    method: string,
    params: Params,
    files: Map<string, UploadedFile> = new Map(),
    signal: AbortSignal = new AbortController().signal,
  ): Promise<Outcome> {
    const handler = this.methods.get(method.toLowerCase());
    try {
      if (!handler) throw notFound();
      // A file part no attach:// names is the parameter it is named after (curl -F document=@file).
      const attached = new Set(
        [...JSON.stringify(params).matchAll(/attach:\/\/([^"\\]+)/g)].map((m) => m[1]),
      );
      for (const name of files.keys())
        if (!attached.has(name) && params[name] === undefined) params[name] = `attach://${name}`;
      assertValidCall(method, params);
      const call: CallContext = { core: this.core, files, signal };
      return { ok: true, result: await handler(params, call) };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return { ok: false, error: e.toBody() };
    }
  }

  /** Adds a call to the record and announces it. */
  record(
    method: string,
    params: Params,
    at: number,
    outcome: Outcome,
    extra: Partial<CallRecord> = {},
  ): CallRecord {
    const call: CallRecord = outcome.ok
      ? { method, params, at, ok: true, result: outcome.result, ...extra }
      : { method, params, at, ok: false, error: outcome.error, ...extra };
    this.core.recorder.record(call);
    this.core.events.emit("call", call);
    return call;
  }

  /** Executes and records in one step (in-process calls and webhook replies). */
  async run(method: string, params: Params, via: CallRecord["via"]): Promise<Outcome> {
    const at = this.core.now();
    const outcome = await this.execute(method, params);
    this.record(method, params, at, outcome, { via });
    return outcome;
  }
}
