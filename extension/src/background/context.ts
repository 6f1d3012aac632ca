/** What every action gets: the host connection and the verified caller. */
import type { NativeHost } from "./host";
import type { Settings } from "./settings";

/** The verified context of one page API call. */
export interface ActionContext {
  host: NativeHost;
  /** Origin from the browser's sender info, already checked. */
  origin: string;
  /** The calling tab. */
  tabId: number;
  settings: Settings;
}
