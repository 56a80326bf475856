/**
 * The terminal chat of the local sandbox: one sandbox user talks to the real bot through the emulator.
 * Lines are messages; "#N" presses button N of the latest bot message with buttons; "@query" runs an inline
 * query and "@#N" sends result N; "/sandbox …" switches user or chat, forwards a text or sends a photo;
 * "/quit" leaves. Piped input is processed line by line, each line waiting for the replies to the one before.
 */
import { createInterface } from "node:readline";
import type { InlineKeyboardButton } from "grammy/types";
import { buttonsOf } from "./actor-common.js";
import type { BotApiEmulator } from "./emulator.js";
import type { InlineAnswer } from "./inline-actions.js";
import { sandboxHelper } from "./sandbox-helper.js";
import { SANDBOX_HELPER_LINES } from "./sandbox-options.js";
import { DEFAULT_DOWNLOADS_DIR, saveDocument } from "./terminal-files.js";
import { renderBotMessage, renderText } from "./terminal-render.js";
import type { TestGroup } from "./test-group.js";
import type { TestUser } from "./test-user.js";
import type { MessageEvent, SentMessage } from "./types.js";

export interface TerminalChatOptions {
  emulator: BotApiEmulator;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  languageCode?: string;
  /** The sandbox user, when the caller made it first (e.g. to make it an operator). */
  user?: TestUser;
  /** Lines the banner adds: the configuration file read, the options in force. */
  bannerNotes?: readonly string[];
  interactive: boolean;
  /** Piped input: how long a line waits for the bot's first reply before the next line goes. */
  replyWaitMs?: number;
  /** Where documents the bot sends are saved (default: relay-sandbox-downloads in the temp folder). */
  downloadsDir?: string;
}

export interface ChatState {
  emulator: BotApiEmulator;
  users: TestUser[];
  user: TestUser;
  group?: TestGroup;
  inGroup: boolean;
  botUsername: string;
  lastWithButtons?: SentMessage;
  inline?: { query: string; answer: InlineAnswer };
  /** Bot messages, edits and toasts seen so far: a line's reply has arrived when this moved. */
  outputs: number;
}

/** Runs the chat until /quit or the end of input; resolves after the bot's last replies. */
export async function runTerminalChat(opts: TerminalChatOptions): Promise<void> {
  const { emulator, input, output, interactive } = opts;
  const styled = interactive && (output as { isTTY?: boolean }).isTTY === true;
  let prompting = false;
  // A reply that arrives while the prompt waits clears the prompt's line first, then draws it again below.
  const rl = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: styled,
    crlfDelay: Infinity,
  });
  const write = (line = "") => {
    if (styled && prompting) output.write("\r\x1b[2K");
    output.write(`${line}\n`);
    if (styled && prompting) rl.prompt(true);
  };
  const user =
    opts.user ??
    emulator.user({
      first_name: "You",
      username: "sandbox_reader",
      language_code: opts.languageCode ?? "en",
    });
  const state: ChatState = {
    emulator,
    users: [user],
    user,
    inGroup: false,
    botUsername: emulator.botInfo.username,
    outputs: 0,
  };
  banner(write, emulator, opts.bannerNotes ?? []);

  const chatLabel = (chatId: number): string | undefined => {
    if (state.group && chatId === state.group.id) return "[group] ";
    const i = state.users.findIndex((u) => u.id === chatId);
    if (i < 0) return undefined;
    return state.users.length > 1 ? `[user ${i + 1}] ` : "";
  };
  const onMessage = (event: MessageEvent) => {
    const label = chatLabel(event.message.chat_id);
    if (label === undefined) return;
    state.outputs++;
    for (const line of renderBotMessage(event.kind, event.message, styled)) write(label + line);
    if (event.kind === "sent") {
      const saved = saveDocument(
        event.message,
        (id) => emulator.file(id)?.bytes,
        opts.downloadsDir ?? DEFAULT_DOWNLOADS_DIR,
      );
      if (saved) write(label + saved);
    }
    if (event.kind !== "deleted" && buttonsOf(event.message.reply_markup).length > 0)
      state.lastWithButtons = event.message;
  };
  const onAnswer = () => void state.outputs++;
  emulator.on("message", onMessage);
  emulator.on("callbackAnswer", onAnswer);
  const idle = () =>
    emulator
      .waitForIdle(interactive ? 5000 : 15_000)
      .then(() => true)
      .catch(() => {
        write("(the bot is still busy; carrying on)");
        return false;
      });
  // Idle alone is "no request for 50 ms": a slow handler, or one waiting out a 429's retry_after, looks
  // idle before it replies, and a "#N" line would then press a button of a message not yet there. So a
  // line also waits for Telegram's retry_after to pass and, in a chat where the bot answers, for its reply.
  const settle = async (before: number, expectReply: boolean) => {
    if (!(await idle())) return;
    for (let due = retryDue(emulator); emulator.now() < due; due = retryDue(emulator)) {
      await new Promise((r) => setTimeout(r, due - emulator.now() + 50));
      if (!(await idle())) return;
    }
    if (interactive || !expectReply || state.outputs > before) return;
    const deadline = performance.now() + (opts.replyWaitMs ?? 5000);
    while (state.outputs === before && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    await settle(state.outputs, false);
  };
  if (interactive) rl.setPrompt("you › ");
  try {
    if (interactive) {
      rl.prompt();
      prompting = true;
    }
    for await (const raw of rl) {
      prompting = false;
      const line = raw.trim();
      if (line === "/quit" || line === "/exit") break;
      if (line !== "") {
        if (!interactive) write(`you › ${line}`);
        const before = state.outputs;
        const expectReply = await handleLine(line, state, write);
        await settle(before, expectReply);
      }
      if (interactive) {
        rl.prompt();
        prompting = true;
      }
    }
    prompting = false;
    await settle(state.outputs, false);
  } finally {
    emulator.off("message", onMessage);
    emulator.off("callbackAnswer", onAnswer);
    rl.close();
  }
}

/** When the bot may still retry the latest calls Telegram refused with retry_after (emulator clock, ms). */
function retryDue(emulator: BotApiEmulator): number {
  const calls = emulator.calls;
  let due = 0;
  for (let i = calls.length - 1; i >= Math.max(0, calls.length - 100); i--) {
    const call = calls[i];
    const after = call?.error?.parameters?.retry_after;
    if (call && after) due = Math.max(due, call.at + after * 1000);
  }
  return due;
}

function banner(write: (line?: string) => void, emulator: BotApiEmulator, notes: readonly string[]): void {
  write("━━ Relay · LOCAL SANDBOX ━━");
  write(
    `This chat talks to a Telegram emulator on 127.0.0.1 (${emulator.apiRoot}): nothing leaves this machine,`,
  );
  write("and the database is a throw-away copy deleted when you quit.");
  write("To run for real, set BOT_TOKEN (from @BotFather) and DATA_KEY; see README.");
  for (const note of notes) write(note);
  write(
    "Type /start. #N presses button N · @words runs an inline query · @#N sends result N · /quit leaves.",
  );
  for (const line of SANDBOX_HELPER_LINES) write(`  ${line}`);
  write();
}

/** Acts on one line; true when the bot is expected to answer it in the chat. */
async function handleLine(line: string, state: ChatState, write: (line?: string) => void): Promise<boolean> {
  const press = /^#(\d+)$/.exec(line);
  if (press) {
    await pressButton(Number(press[1]), state, write);
    return false;
  }
  const pick = /^@#(\d+)$/.exec(line);
  if (pick) return sendInlineResult(Number(pick[1]), state, write);
  if (line.startsWith("@")) {
    await runInline(line.slice(1).trim(), state, write);
    return false;
  }
  if (/^\/sandbox(?:\s|$)/i.test(line))
    return sandboxHelper(line.slice("/sandbox".length).trim(), state, write);
  if (state.inGroup && state.group) {
    state.group.send(state.user, line);
    return false; // in a group the bot answers commands only
  }
  state.user.send(line);
  return true;
}

/** The latest message with buttons, as it stands now, in the chat where it was sent. */
function currentWithButtons(state: ChatState): SentMessage | undefined {
  const message = state.lastWithButtons;
  if (!message) return undefined;
  return state.emulator.sent(message.chat_id).find((m) => m.message_id === message.message_id);
}

async function pressButton(n: number, state: ChatState, write: (line?: string) => void): Promise<void> {
  const current = currentWithButtons(state);
  const ref = buttonsOf(current?.deleted ? undefined : current?.reply_markup)[n - 1];
  if (!current || !ref) return write(`(no button ${n} on the latest message with buttons)`);
  const b: InlineKeyboardButton = ref.button;
  if ("callback_data" in b) {
    const { answer } = await state.user.press(current, { row: ref.row, col: ref.col });
    if (!answer) write("  (the bot did not answer this button)");
    else if (answer.text) write(`  ⟨${answer.show_alert ? "alert" : "toast"}⟩ ${answer.text}`);
    if (answer?.url) return openUrl(answer.url, state, write);
    return;
  }
  if ("url" in b) return openUrl(b.url, state, write);
  if ("switch_inline_query" in b) return runInline(b.switch_inline_query, state, write);
  if ("switch_inline_query_current_chat" in b)
    return runInline(b.switch_inline_query_current_chat, state, write);
  if ("switch_inline_query_chosen_chat" in b)
    return runInline(b.switch_inline_query_chosen_chat.query ?? "", state, write);
  if ("copy_text" in b) return write(`  (copied to the clipboard: ${b.copy_text.text})`);
  if ("login_url" in b) return write(`  ↗ would open ${b.login_url.url}`);
  if ("web_app" in b) return write(`  ↗ would open the web app ${b.web_app.url}`);
  write("  (this button does nothing in the sandbox)");
}

/** A t.me deep link to this bot is followed by sending /start PAYLOAD, as Telegram's apps do. */
function openUrl(url: string, state: ChatState, write: (line?: string) => void): void {
  const deep = /^(?:https?:\/\/)?t\.me\/([A-Za-z0-9_]+)\?start=([A-Za-z0-9_-]{1,64})$/.exec(url);
  if (deep?.[2] && deep[1]?.toLowerCase() === state.botUsername.toLowerCase()) {
    write(`  ↪ ${url}: sending /start ${deep[2]}`);
    state.user.send(`/start ${deep[2]}`);
    return;
  }
  write(`  ↗ would open ${url}`);
}

async function runInline(query: string, state: ChatState, write: (line?: string) => void): Promise<void> {
  let answer: InlineAnswer;
  try {
    answer = await state.user.inline(query);
  } catch {
    return write("  (the bot did not answer the inline query)");
  }
  state.inline = { query, answer };
  const start = answer.button?.start_parameter;
  if (answer.button) write(`  [0] ${answer.button.text}${start ? ` → /start ${start}` : ""}`);
  if (answer.results.length === 0) write("  (no results)");
  answer.results.forEach((r, i) => {
    const raw = r as unknown as Record<string, unknown>;
    const title = typeof raw.title === "string" ? raw.title : `${r.type} ${r.id}`;
    const description = typeof raw.description === "string" ? ` — ${raw.description}` : "";
    write(`  [${i + 1}] ${title}${description}`);
  });
}

function sendInlineResult(n: number, state: ChatState, write: (line?: string) => void): boolean {
  const inline = state.inline;
  if (!inline) {
    write("(run an inline query with @words first)");
    return false;
  }
  const start = inline.answer.button?.start_parameter;
  if (n === 0 && start) {
    write(`  ↪ sending /start ${start}`);
    state.user.send(`/start ${start}`);
    return true;
  }
  const result = inline.answer.results[n - 1];
  if (!result) {
    write(`(no result ${n})`);
    return false;
  }
  const sent = state.user.chooseInlineResult(result, inline.query);
  const text = sent.text ?? sent.caption ?? "";
  write(`you (via bot) › ${renderText(text, sent.entities ?? [])}`);
  return false; // a shared excerpt is for the chat, not a question to the bot
}
