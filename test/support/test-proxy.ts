/** A small SOCKS5 or HTTP CONNECT proxy on 127.0.0.1 that counts the Bot API calls it carries (tests only). */
import { createServer as createHttpServer } from "node:http";
import { type AddressInfo, connect, createServer, type Server, type Socket } from "node:net";

export interface TestProxy {
  url: string;
  /** Bot API methods seen in the tunnels, in order (the target is plain HTTP, so requests are readable). */
  methods: string[];
  /** Connections that failed authentication. */
  refused: number;
  close(): Promise<void>;
}

const METHOD = /POST \/bot[^/\s]+\/(\w+) HTTP/g;

/** Pipes a client to its target both ways, noting each Bot API request line that passes. */
function tunnel(client: Socket, host: string, port: number, methods: string[], ready: () => void) {
  const target = connect(port, host, ready);
  let tail = "";
  client.on("data", (chunk: Buffer) => {
    const text = tail + chunk.toString("latin1");
    for (const m of text.matchAll(METHOD)) methods.push(m[1] as string);
    tail = text.slice(-200).replace(/^[\s\S]*HTTP/, "");
  });
  client.pipe(target).pipe(client);
  const end = () => {
    client.destroy();
    target.destroy();
  };
  client.on("error", end);
  target.on("error", end);
  client.on("close", end);
  target.on("close", end);
}

/** Starts the proxy; with `auth`, clients must give that user and password. */
export async function startTestProxy(
  kind: "socks5" | "http",
  auth?: { user: string; password: string },
): Promise<TestProxy> {
  const methods: string[] = [];
  const sockets = new Set<Socket>();
  const state = { refused: 0 };
  let server: Server;
  if (kind === "http") {
    const http = createHttpServer((_, res) => res.writeHead(405).end());
    http.on("connect", (req, client: Socket) => {
      sockets.add(client);
      const expected = auth
        ? `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString("base64")}`
        : undefined;
      if (expected && req.headers["proxy-authorization"] !== expected) {
        state.refused++;
        client.end("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
        return;
      }
      const [host, port] = (req.url ?? "").split(":");
      tunnel(client, host as string, Number(port), methods, () =>
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n"),
      );
    });
    server = http;
  } else {
    server = createServer((client) => {
      sockets.add(client);
      client.once("data", (greeting: Buffer) => {
        const offered = [...greeting.subarray(2, 2 + (greeting[1] ?? 0))];
        const method = auth ? 0x02 : 0x00;
        if (greeting[0] !== 0x05 || !offered.includes(method)) return void client.end(Buffer.from([5, 0xff]));
        client.write(Buffer.from([5, method]));
        const request = () =>
          client.once("data", (req: Buffer) => {
            let host: string;
            let at: number;
            if (req[3] === 0x01) {
              host = [...req.subarray(4, 8)].join(".");
              at = 8;
            } else if (req[3] === 0x03) {
              const len = req[4] ?? 0;
              host = req.subarray(5, 5 + len).toString();
              at = 5 + len;
            } else return void client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0]));
            const port = req.readUInt16BE(at);
            tunnel(client, host, port, methods, () =>
              client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0])),
            );
          });
        if (!auth) return request();
        client.once("data", (sub: Buffer) => {
          const ulen = sub[1] ?? 0;
          const user = sub.subarray(2, 2 + ulen).toString();
          const plen = sub[2 + ulen] ?? 0;
          const password = sub.subarray(3 + ulen, 3 + ulen + plen).toString();
          const ok = user === auth.user && password === auth.password;
          if (!ok) state.refused++;
          client.write(Buffer.from([1, ok ? 0 : 1]));
          if (ok) request();
          else client.end();
        });
      });
    });
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const credentials = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@` : "";
  return {
    url: `${kind}://${credentials}127.0.0.1:${port}`,
    methods,
    get refused() {
      return state.refused;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
