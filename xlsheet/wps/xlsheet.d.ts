// What main.js uses that Kingsoft's et-jsapi-declare does not declare: the configuration
// `xlsheet setup` writes as config.js, and the actions of xlwings' remote protocol.
// (Used by `tsc --checkJs` only; not installed with the add-in.)

interface XlsheetConfig {
  /** The token file of `xlsheet serve`: JSON {"port": N, "token": "..."}. */
  tokenFile: string;
  /** The name of the guide sheet (说明). */
  guideSheet: string;
  /** Every message the add-in shows, by key; {name} placeholders. */
  text: { [key: string]: string };
}

declare const XLSHEET_CONFIG: XlsheetConfig;

/** One action of the service's answer, as xlwings' remote engine records it. */
interface XlsheetAction {
  func: string;
  args?: unknown[];
  values?: unknown;
  sheet_position?: number;
  start_row?: number;
  start_column?: number;
  row_count?: number;
  column_count?: number;
}
