import type { Agent } from "node:http";
import { HttpsProxyAgent } from "https-proxy-agent";
import { SocksProxyAgent } from "socks-proxy-agent";

/**
 * The connection agent for TELEGRAM_PROXY (validated in config.ts), or undefined for a direct connection.
 * SOCKS5 (socks5h: names resolved by the proxy) or an HTTP(S) proxy, tunnelled with CONNECT for
 * http and https targets alike, so an HTTPS Bot API stays end to end encrypted through it.
 */
export function telegramProxyAgent(proxy: string | undefined): Agent | undefined {
  if (!proxy) return undefined;
  const url = new URL(proxy);
  // Kept alive like grammY's own agents: long polling and a broadcast reuse their connections.
  if (url.protocol.startsWith("socks")) return new SocksProxyAgent(url, { keepAlive: true });
  return new HttpsProxyAgent(url, { keepAlive: true });
}

/** grammY client options that route its calls through `agent` (node-fetch takes it in the fetch config). */
export const throughAgent = (agent: Agent | undefined) => (agent ? { baseFetchConfig: { agent } } : {});
