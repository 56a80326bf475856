import * as m001 from "./001-preferences.js";

export interface Migration {
  version: number;
  up: string;
}

/** Every migration, in order; append only. */
export const migrations: Migration[] = [{ version: 1, up: m001.up }];
