// xlsheet's WPS add-in: the ribbon tab 信息考核 for WPS Spreadsheets (Windows and Linux).
//
// Each button sends the active book's sheets, as xlwings' remote-protocol payload, to the
// local service (`xlsheet serve`) with the token from the user's token file, and applies
// the actions it answers: values, clearing, activating a sheet, messages. The service
// computes exactly what the Excel buttons compute (the same xlsheet.excel entry points).
//
// Plain ES2017 for WPS's embedded Chromium: no modules, no async functions (ribbon
// callbacks return at once; the answer is applied when the request completes).
// XLSHEET_CONFIG comes from config.js, which `xlsheet setup` writes: the token file's path,
// the guide sheet's name and every message (their one source is xlsheet/schema.py).
"use strict";

/** Ribbon callback name -> service action. */
var XLSHEET_ACTIONS = {
  XlsheetRecalculate: "recalculate",
  XlsheetCheck: "check",
  XlsheetReport: "report",
  XlsheetStatements: "statements",
  XlsheetYearEnd: "year_end",
  XlsheetNextYear: "next_year",
  XlsheetDoctor: "doctor"
};

/** The actions that write or read beside the book: they send its full path. */
var XLSHEET_NEEDS_PATH = ["report", "statements", "year_end", "next_year", "doctor"];

var XLSHEET_TIMEOUT_MS = 10 * 60 * 1000;

/** @param {string} key @param {Object<string, string|number>} [values] @returns {string} */
function xlsheetText(key, values) {
  var text = XLSHEET_CONFIG.text[key] || key;
  if (values) {
    Object.keys(values).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
  }
  return text;
}

/** @param {string} text */
function xlsheetSay(text) {
  alert(text);
}

/** Column number (1-based) -> letters: 1 -> A, 27 -> AA. @param {number} n @returns {string} */
function xlsheetColumn(n) {
  var letters = "";
  while (n > 0) {
    var rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = (n - rest - 1) / 26;
  }
  return letters;
}

/**
 * The A1 address of a block: 0-based first row and column, and its size.
 * @param {number} row @param {number} column @param {number} rows @param {number} columns
 * @returns {string}
 */
function xlsheetAddress(row, column, rows, columns) {
  var first = xlsheetColumn(column + 1) + (row + 1);
  if (rows === 1 && columns === 1) {
    return first;
  }
  return first + ":" + xlsheetColumn(column + columns) + (row + rows);
}

/**
 * A cell as the protocol carries it: empty cells as "", everything else as read.
 * @param {unknown} value @returns {string|number|boolean}
 */
function xlsheetCell(value) {
  if (value === null || value === undefined) {
    return "";
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") {
    return value;
  }
  return String(value);
}

/**
 * Whether a number format shows a date or a time (y, m, d, h or s outside quoted text,
 * escapes and [..] sections): "yyyy-mm-dd", 'yyyy"年"m"月"d"日"', but not "General",
 * "G/通用格式" or "0.00".
 * @param {unknown} format @returns {boolean}
 */
function xlsheetIsDateFormat(format) {
  if (typeof format !== "string") {
    return false;
  }
  var bare = format.replace(/"[^"]*"/g, "").replace(/\\./g, "").replace(/\[[^\]]*\]/g, "");
  return /[ymdhs]/i.test(bare);
}

/**
 * A date cell's serial number (what Value2 gives) as the ISO text xlwings' JavaScript
 * clients send, which the remote engine reads back as a date (it drops the final "Z"):
 * 46152 -> "2026-05-10T00:00:00.000Z".
 * @param {number} serial @returns {string}
 */
function xlsheetIsoDate(serial) {
  var ms = Date.UTC(1899, 11, 30) + Math.round(serial * 86400) * 1000;
  return new Date(ms).toISOString();
}

/**
 * A sheet's values from A1 to the last cell of its used range, as rows of cells. Value2
 * gives dates as serial numbers: numbers in cells formatted as dates become ISO dates
 * (one NumberFormat read per column where the column's numbers share a format).
 * @param {Et.Worksheet} sheet @returns {Array<Array<string|number|boolean>>}
 */
function xlsheetSheetValues(sheet) {
  var used = sheet.UsedRange;
  var rows = used.Row + used.Rows.Count - 1;
  var columns = used.Column + used.Columns.Count - 1;
  /** @type {unknown} */
  var read = sheet.Range(xlsheetAddress(0, 0, rows, columns)).Value2;
  /** @type {Array<Array<unknown>>} */
  var grid = Array.isArray(read) ? read : [[read]];
  var values = grid.map(function (row) {
    return (Array.isArray(row) ? row : [row]).map(xlsheetCell);
  });
  for (var c = 0; c < columns; c++) {
    /** @type {number[]} */
    var numbers = [];
    values.forEach(function (row, r) {
      if (typeof row[c] === "number") {
        numbers.push(r);
      }
    });
    if (numbers.length === 0) {
      continue;
    }
    var first = numbers[0];
    var last = numbers[numbers.length - 1];
    /** @type {unknown} */
    var shared = sheet.Range(xlsheetAddress(first, c, last - first + 1, 1)).NumberFormat;
    for (var i = 0; i < numbers.length; i++) {
      var r = numbers[i];
      var format = typeof shared === "string" ? shared : sheet.Range(xlsheetAddress(r, c, 1, 1)).NumberFormat;
      if (xlsheetIsDateFormat(format)) {
        values[r][c] = xlsheetIsoDate(/** @type {number} */ (values[r][c]));
      }
    }
  }
  return values;
}

/**
 * The book's sheets as xlwings' remote-protocol payload. xlwings' JavaScript clients name
 * themselves "Office.js", which the engine takes without a version lock.
 * @param {Et.Workbook} book
 */
function xlsheetPayload(book) {
  var sheets = [];
  var active = 0;
  for (var i = 1; i <= book.Worksheets.Count; i++) {
    var sheet = /** @type {Et.Worksheet} */ (book.Worksheets.Item(i));
    if (sheet.Name === book.ActiveSheet.Name) {
      active = i - 1;
    }
    sheets.push({ name: sheet.Name, values: xlsheetSheetValues(sheet), pictures: [], tables: [] });
  }
  return {
    client: "Office.js",
    version: "",
    book: { name: book.Name, active_sheet_index: active, selection: null },
    names: [],
    sheets: sheets
  };
}

/**
 * Apply the service's answer to the book, in order.
 * @param {Et.Workbook} book @param {Array<XlsheetAction>} actions
 */
function xlsheetApply(book, actions) {
  /** @type {string[]} */
  var messages = [];
  Application.ScreenUpdating = false;
  try {
    actions.forEach(function (action) {
      var sheet = action.sheet_position === undefined ? null
        : /** @type {Et.Worksheet} */ (book.Worksheets.Item(action.sheet_position + 1));
      var block = function () {
        return /** @type {Et.Worksheet} */ (sheet).Range(xlsheetAddress(
          action.start_row || 0, action.start_column || 0, action.row_count || 1, action.column_count || 1));
      };
      switch (action.func) {
        case "setValues":
          block().Value2 = /** @type {Array<Array<string|number|boolean>>} */ (action.values);
          break;
        case "setNumberFormat":
          block().NumberFormat = String((action.args || [""])[0]);
          break;
        case "rangeClearContents":
          block().ClearContents();
          break;
        case "sheetClearContents":
          /** @type {Et.Worksheet} */ (sheet).Cells.ClearContents();
          break;
        case "activateSheet":
          /** @type {Et.Worksheet} */ (sheet).Activate();
          break;
        case "alert":
          messages.push(String((action.args || [""])[0]));
          break;
        default:
          messages.push(xlsheetText("unknown_action", { func: action.func }));
      }
    });
  } finally {
    Application.ScreenUpdating = true;
  }
  messages.forEach(xlsheetSay);
}

/**
 * The running service's port and token, or a message saying why there are none.
 * @returns {{port: number, token: string} | string}
 */
function xlsheetToken() {
  var path = XLSHEET_CONFIG.tokenFile;
  if (!wps.FileSystem.Exists(path)) {
    return xlsheetText("not_running", { path: path });
  }
  try {
    var data = JSON.parse(wps.FileSystem.ReadFile(path));
    if (typeof data.port === "number" && typeof data.token === "string") {
      return { port: data.port, token: data.token };
    }
  } catch (error) {
    // an unreadable or half-written file: said below
  }
  return xlsheetText("bad_token_file", { path: path });
}

/**
 * Send the active book to the service for `action`, apply the answer when it comes.
 * Returns at once (the ribbon callback must not wait).
 * @param {string} action
 */
function xlsheetCall(action) {
  var book = Application.ActiveWorkbook;
  if (!book) {
    xlsheetSay(xlsheetText("no_book"));
    return;
  }
  var found = xlsheetToken();
  if (typeof found === "string") {
    xlsheetSay(found);
    return;
  }
  var port = found.port;
  var token = found.token;
  if (XLSHEET_NEEDS_PATH.indexOf(action) >= 0 && !book.Path) {
    xlsheetSay(xlsheetText("unsaved"));
    return;
  }
  var payload;
  try {
    Application.StatusBar = xlsheetText("reading");
    payload = JSON.stringify(xlsheetPayload(book));
  } catch (error) {
    Application.StatusBar = false;
    xlsheetSay(xlsheetText("read_failed", { error: String(error) }));
    return;
  }
  var request = new XMLHttpRequest();
  request.open("POST", "http://127.0.0.1:" + port + "/xlwings/" + action, true);
  request.setRequestHeader("Authorization", "Bearer " + token);
  request.setRequestHeader("Content-Type", "application/json");
  if (XLSHEET_NEEDS_PATH.indexOf(action) >= 0) {
    request.setRequestHeader("X-Book-Path", encodeURIComponent(book.FullName));
  }
  request.timeout = XLSHEET_TIMEOUT_MS;
  request.onload = function () {
    Application.StatusBar = false;
    var answer = null;
    try {
      answer = JSON.parse(request.responseText);
    } catch (error) {
      answer = null;
    }
    if (request.status === 200 && answer && Array.isArray(answer.actions)) {
      xlsheetApply(book, answer.actions);
    } else if (answer && typeof answer.error === "string") {
      xlsheetSay(answer.error);
    } else {
      xlsheetSay(xlsheetText("bad_answer", { status: request.status }));
    }
  };
  request.onerror = function () {
    Application.StatusBar = false;
    xlsheetSay(xlsheetText("unreachable", { port: port }));
  };
  request.ontimeout = function () {
    Application.StatusBar = false;
    xlsheetSay(xlsheetText("timeout"));
  };
  Application.StatusBar = xlsheetText("computing");
  request.send(payload);
}

/** @param {unknown} ribbon @returns {boolean} */
function OnAddinLoad(ribbon) {
  return true;
}

function XlsheetRecalculate() { xlsheetCall(XLSHEET_ACTIONS.XlsheetRecalculate); }
function XlsheetCheck() { xlsheetCall(XLSHEET_ACTIONS.XlsheetCheck); }
function XlsheetReport() { xlsheetCall(XLSHEET_ACTIONS.XlsheetReport); }
function XlsheetStatements() { xlsheetCall(XLSHEET_ACTIONS.XlsheetStatements); }
function XlsheetYearEnd() { xlsheetCall(XLSHEET_ACTIONS.XlsheetYearEnd); }
function XlsheetNextYear() { xlsheetCall(XLSHEET_ACTIONS.XlsheetNextYear); }
function XlsheetDoctor() { xlsheetCall(XLSHEET_ACTIONS.XlsheetDoctor); }

/** 帮助: the guide sheet, found by its code name (Sheet1) or else by its name. */
function XlsheetHelp() {
  var book = Application.ActiveWorkbook;
  if (!book) {
    xlsheetSay(xlsheetText("no_book"));
    return;
  }
  for (var i = 1; i <= book.Worksheets.Count; i++) {
    var sheet = /** @type {Et.Worksheet} */ (book.Worksheets.Item(i));
    if (sheet.CodeName === "Sheet1" || sheet.Name === XLSHEET_CONFIG.guideSheet) {
      sheet.Activate();
      return;
    }
  }
  xlsheetSay(xlsheetText("no_guide", { sheet: XLSHEET_CONFIG.guideSheet }));
}
