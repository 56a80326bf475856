/** Callback data of the button under the table of contents: two bytes, the reader's language read at press time. */
export const DOWNLOAD_DATA = "dl";
/** The /start payload of the deep link t.me/<bot>?start=dl. */
export const DOWNLOAD_DEEP_LINK = "dl";
