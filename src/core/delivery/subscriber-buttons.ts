/**
 * The callback data of the [Unsubscribe] [Settings] buttons under every update and digest. Shared by
 * the dispatcher, which attaches them, and the subscriptions feature, which answers them.
 */
export const SUBSCRIBER_BUTTONS = { unsubscribe: "sub:off", settings: "sub:set" } as const;
