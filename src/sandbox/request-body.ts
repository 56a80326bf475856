/** Turns an HTTP request body (JSON, urlencoded, multipart) plus its query string into call parameters. */
import { badRequest } from "./api-error.js";
import { normalizeParams } from "./params.js";
import type { Params } from "./types.js";

export interface UploadedFile {
  field: string;
  filename: string;
  size: number;
  /** The part's bytes, kept so the emulator can hand back what the bot uploaded. */
  data: Buffer;
  contentType?: string;
}

export interface ParsedBody {
  params: Params;
  files: Map<string, UploadedFile>;
}

/** Parses a body by its content type; fields in the body win over the query string. */
export function parseRequestBody(
  contentType: string | undefined,
  body: Buffer,
  query: URLSearchParams,
): ParsedBody {
  const raw: Params = Object.fromEntries(query.entries());
  const files = new Map<string, UploadedFile>();
  const type = (contentType ?? "").toLowerCase();
  if (body.length > 0) {
    if (type.startsWith("application/json")) Object.assign(raw, parseJsonObject(body));
    else if (type.startsWith("multipart/form-data")) parseMultipart(contentType ?? "", body, raw, files);
    else if (type.startsWith("application/x-www-form-urlencoded") || type === "")
      Object.assign(raw, Object.fromEntries(new URLSearchParams(body.toString("utf8")).entries()));
  }
  return { params: normalizeParams(raw), files };
}

function parseJsonObject(body: Buffer): Params {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw badRequest("can't parse JSON encoded request");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw badRequest("can't parse JSON encoded request");
  return value as Params;
}

/** Minimal RFC 7578 reader; lenient about header spacing because grammY writes `content-disposition:form-data;name="x"`. */
function parseMultipart(
  contentType: string,
  body: Buffer,
  out: Params,
  files: Map<string, UploadedFile>,
): void {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw badRequest("can't parse multipart/form-data request");
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break; // closing "--"
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    let end = next;
    if (body[end - 2] === 0x0d && body[end - 1] === 0x0a) end -= 2;
    readPart(body.subarray(start, end), out, files);
    pos = next;
  }
}

function readPart(part: Buffer, out: Params, files: Map<string, UploadedFile>): void {
  const split = part.indexOf("\r\n\r\n");
  if (split === -1) return;
  const headers = part.subarray(0, split).toString("utf8");
  const content = part.subarray(split + 4);
  const disposition = /content-disposition\s*:([^\r\n]*)/i.exec(headers)?.[1] ?? "";
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) return;
  const filename = /\bfilename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(disposition);
  if (filename) {
    const type = /content-type\s*:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim();
    files.set(name, {
      field: name,
      filename: (filename[1] ?? filename[2] ?? "").trim(),
      size: content.length,
      data: Buffer.from(content),
      ...(type ? { contentType: type } : {}),
    });
  } else out[name] = content.toString("utf8");
}
