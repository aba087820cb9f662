// A STAND-IN for the few WPS objects xlsheet's add-in touches (WPS cannot run here), and
// for the embedded browser's XMLHttpRequest (made on Node's http module, so requests reach
// the real `xlsheet serve`). Cells hold what WPS holds: Value2 (dates as serial numbers)
// and a NumberFormat; a string written with a leading apostrophe is stored as text
// without it, as WPS and Excel do.
"use strict";

const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const vm = require("node:vm");

function columnNumber(letters) {
  let n = 0;
  for (const ch of letters) {
    n = n * 26 + (ch.charCodeAt(0) - 64);
  }
  return n;
}

function parseAddress(address) {
  const parts = address.split(":").map((part) => {
    const m = /^([A-Z]+)(\d+)$/.exec(part);
    if (!m) {
      throw new Error(`stand-in: address ${address} is not of the A1 or A1:B2 form`);
    }
    return { row: Number(m[2]), column: columnNumber(m[1]) };
  });
  const [first, last] = [parts[0], parts[parts.length - 1]];
  return { row: first.row, column: first.column, rows: last.row - first.row + 1, columns: last.column - first.column + 1 };
}

class StandInRange {
  constructor(sheet, row, column, rows, columns) {
    Object.assign(this, { sheet, Row: row, Column: column });
    this.Rows = { Count: rows };
    this.Columns = { Count: columns };
  }

  cells() {
    const out = [];
    for (let r = 0; r < this.Rows.Count; r++) {
      const line = [];
      for (let c = 0; c < this.Columns.Count; c++) {
        line.push(this.sheet.cell(this.Row + r, this.Column + c));
      }
      out.push(line);
    }
    return out;
  }

  get Value2() {
    const grid = this.cells().map((line) => line.map((cell) => (cell ? cell.value : undefined)));
    return this.Rows.Count === 1 && this.Columns.Count === 1 ? grid[0][0] : grid;
  }

  set Value2(values) {
    const grid = Array.isArray(values) ? values : [[values]];
    if (grid.length !== this.Rows.Count || grid.some((line) => line.length !== this.Columns.Count)) {
      throw new Error("stand-in: the values do not fit the range");
    }
    grid.forEach((line, r) => line.forEach((value, c) => {
      const text = typeof value === "string" && value.startsWith("'") ? value.slice(1) : value;
      this.sheet.put(this.Row + r, this.Column + c, text === "" || text === null ? undefined : text);
    }));
  }

  get NumberFormat() {
    const formats = new Set(this.cells().flat().map((cell) => (cell ? cell.format : "G/通用格式")));
    return formats.size === 1 ? [...formats][0] : null;  // mixed formats read as null, as in WPS
  }

  set NumberFormat(format) {
    this.cells().forEach((line, r) => line.forEach((_, c) => this.sheet.format(this.Row + r, this.Column + c, format)));
  }

  ClearContents() {
    this.cells().forEach((line, r) => line.forEach((_, c) => this.sheet.put(this.Row + r, this.Column + c, undefined)));
    return true;
  }
}

class StandInWorksheet {
  constructor(book, index, data) {
    Object.assign(this, { book, Index: index, Name: data.name, CodeName: data.codeName });
    this.rows = data.values.map((line, r) => line.map((value, c) => ({
      value: value === null ? undefined : value, format: (data.formats[r] || [])[c] || "G/通用格式" })));
  }

  cell(row, column) {
    const line = this.rows[row - 1];
    return line ? line[column - 1] : undefined;
  }

  put(row, column, value) {
    while (this.rows.length < row) this.rows.push([]);
    const line = this.rows[row - 1];
    while (line.length < column) line.push({ value: undefined, format: "G/通用格式" });
    line[column - 1].value = value;
  }

  format(row, column, format) {
    this.put(row, column, this.cell(row, column) ? this.cell(row, column).value : undefined);
    this.rows[row - 1][column - 1].format = format;
  }

  /** Values from A1, trailing empty cells and rows left out: what a person sees. */
  grid() {
    const out = this.rows.map((line) => {
      const values = line.map((cell) => (cell.value === undefined ? null : cell.value));
      while (values.length && values[values.length - 1] === null) values.pop();
      return values;
    });
    while (out.length && out[out.length - 1].length === 0) out.pop();
    return out;
  }

  get UsedRange() {
    const grid = this.grid();
    const width = Math.max(1, ...grid.map((line) => line.length));
    return new StandInRange(this, 1, 1, Math.max(1, grid.length), width);
  }

  get Cells() {
    return new StandInRange(this, 1, 1, Math.max(1, this.rows.length), Math.max(1, ...this.rows.map((l) => l.length)));
  }

  Range(address) {
    const a = parseAddress(address);
    return new StandInRange(this, a.row, a.column, a.rows, a.columns);
  }

  Activate() {
    this.book.active = this;
  }
}

class StandInWorkbook {
  constructor(data) {
    Object.assign(this, { Name: data.name, FullName: data.fullName, Path: data.path });
    const sheets = data.sheets.map((s, i) => new StandInWorksheet(this, i + 1, s));
    this.sheets = sheets;
    this.Worksheets = { Count: sheets.length, Item: (i) => sheets[i - 1] };
    this.active = sheets[0];
  }

  get ActiveSheet() {
    return this.active;
  }

  sheet(name) {
    return this.sheets.find((s) => s.Name === name);
  }
}

/** A stand-in of the embedded browser's XMLHttpRequest on Node's http module. Every
 * request's completion is kept in `done`, so a test can wait for the add-in's callbacks. */
function makeXMLHttpRequest(done) {
  return class StandInXMLHttpRequest {
    constructor() {
      this.headers = {};
      this.status = 0;
      this.responseText = "";
      this.timeout = 0;
    }

    open(method, url, asynchronous) {
      if (asynchronous !== true) throw new Error("stand-in: the add-in must not block WPS");
      Object.assign(this, { method, url: new URL(url) });
    }

    setRequestHeader(name, value) {
      this.headers[name] = value;
    }

    send(body) {
      done.push(new Promise((resolve) => {
        const request = http.request({
          host: this.url.hostname, port: this.url.port, path: this.url.pathname, method: this.method,
          headers: { ...this.headers, Origin: "null", "Content-Length": Buffer.byteLength(body) },
          timeout: this.timeout,
        }, (response) => {
          const chunks = [];
          response.on("data", (chunk) => chunks.push(chunk));
          response.on("end", () => {
            this.status = response.statusCode;
            this.responseText = Buffer.concat(chunks).toString("utf8");
            this.onload();
            resolve();
          });
        });
        request.on("timeout", () => { request.destroy(); this.ontimeout(); resolve(); });
        request.on("error", () => { this.onerror(); resolve(); });
        request.end(body);
      }));
    }
  };
}

/** main.js loaded as WPS loads it (a classic script, its functions global) into a context
 * holding the stand-in WPS objects, the config.js that setup writes, and `alert`. */
function loadAddin(addinDir, configJs, bookData) {
  const book = bookData ? new StandInWorkbook(bookData) : null;
  const said = [];
  const done = [];
  const application = { ActiveWorkbook: book, ScreenUpdating: true, StatusBar: false };
  const context = vm.createContext({
    Application: application,
    wps: { FileSystem: { Exists: (p) => fs.existsSync(p), ReadFile: (p) => fs.readFileSync(p, "utf8") } },
    XMLHttpRequest: makeXMLHttpRequest(done),
    alert: (text) => said.push(text),
    encodeURIComponent, JSON, Date, Math, String, Object, Array,
  });
  vm.runInContext(configJs, context, { filename: "config.js" });
  vm.runInContext(fs.readFileSync(path.join(addinDir, "main.js"), "utf8"), context, { filename: "main.js" });
  return {
    book, said, application, context,
    settled: async () => { while (done.length) await done.shift(); },
  };
}

module.exports = { loadAddin, StandInWorkbook };
