import * as m001 from "./001-preferences.js";
import * as m002 from "./002-subscribers.js";
import * as m003 from "./003-outbox.js";
import * as m004 from "./004-conversations.js";
import * as m007 from "./007-digest-counts.js";
import * as m009 from "./009-reader-privacy.js";
import * as m010 from "./010-content-version.js";
import * as m011 from "./011-edition-files.js";
import * as m013 from "./013-chunked-fan-out.js";
import * as m014 from "./014-subscription-language.js";

export interface Migration {
  version: number;
  up: string;
}

/** Every migration, in order; append only. */
export const migrations: Migration[] = [
  { version: 1, up: m001.up },
  { version: 2, up: m002.up },
  { version: 3, up: m003.up },
  { version: 4, up: m004.up },
  { version: 7, up: m007.up },
  { version: 9, up: m009.up + m009.autoDelete },
  { version: 10, up: m010.up },
  { version: 11, up: m011.up },
  { version: 13, up: m013.up },
  { version: 14, up: m014.up },
];
