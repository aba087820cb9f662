// xlsheet's WPS add-in (xlsheet/wps/main.js) on a stand-in of WPS, against the real local
// service. tests/test_wps_addin.py starts `xlsheet serve`, writes the fixture folder named
// by XLSHEET_WPS_FIXTURE (the demo year's book as WPS holds it, config.js files as
// `xlsheet setup` writes them, the headless recalc's outputs) and runs this file.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const acorn = require("acorn");
const { loadAddin } = require("./standin.js");

const ADDIN = path.resolve(__dirname, "..", "..", "xlsheet", "wps");
const FIXTURE = process.env.XLSHEET_WPS_FIXTURE;
const read = (name) => fs.readFileSync(path.join(FIXTURE, name), "utf8");
const expected = FIXTURE ? JSON.parse(read("expected.json")) : null;
const book = () => JSON.parse(read("book.json"));
const grids = (standIn) => Object.fromEntries(standIn.book.sheets.map((s) => [s.Name, s.grid()]));

test("main.js is plain ES2017 with no async or generator functions", () => {
  const source = fs.readFileSync(path.join(ADDIN, "main.js"), "utf8");
  const tree = acorn.parse(source, { ecmaVersion: 2017, sourceType: "script" });
  const found = [];
  (function walk(node) {
    if (node && typeof node.type === "string" && /Function/.test(node.type) && (node.async || node.generator)) {
      found.push(node.start);
    }
    for (const value of Object.values(node || {})) {
      if (value && typeof value === "object") walk(value);
    }
  })(tree);
  assert.deepEqual(found, []);
  assert.throws(() => acorn.parse("var a = {...b};", { ecmaVersion: 2017 }));  // the check does bite
});

test("重新计算 fills the output sheets as the headless recalc does, cell for cell", async () => {
  const wps = loadAddin(ADDIN, read("config.js"), book());
  wps.context.XlsheetRecalculate();
  assert.equal(wps.application.StatusBar, expected.text.computing);  // the callback returned at once
  await wps.settled();
  const after = grids(wps);
  for (const [name, rows] of Object.entries(expected.outputs)) {
    assert.deepEqual(after[name], rows, name);
  }
  for (const [name, columns] of Object.entries(expected.number_formats)) {  // the 参数's decimals, below the header
    const sheet = wps.book.sheets.find((s) => s.Name === name);
    for (const [column, format] of Object.entries(columns)) {
      const shown = expected.outputs[name].slice(1).map((_, r) => sheet.cell(r + 2, Number(column) + 1).format);
      assert.deepEqual([...new Set(shown)], [format], `${name} column ${Number(column) + 1}`);
    }
  }
  const before = grids(loadAddin(ADDIN, read("config.js"), book()));
  for (const name of expected.inputs) {
    assert.deepEqual(after[name], before[name], name);  // inputs untouched
  }
  assert.equal(wps.said.length, 1);
  assert.equal(wps.said[0], expected.recalc_alert);
  assert.equal(wps.application.ScreenUpdating, true);
  assert.equal(wps.application.StatusBar, false);
});

test("检查数据 writes nothing and shows the counts", async () => {
  const wps = loadAddin(ADDIN, read("config.js"), book());
  const before = grids(wps);
  wps.context.XlsheetCheck();
  await wps.settled();
  assert.deepEqual(grids(wps), before);
  assert.deepEqual(wps.said, [expected.check_alert]);
});

test("季度通报 writes the bulletin beside the book and says where", async () => {
  const wps = loadAddin(ADDIN, read("config.js"), book());
  wps.context.XlsheetReport();
  await wps.settled();
  assert.equal(wps.said.length, 1);
  assert.equal(wps.said[0], expected.report_alert);
  assert.ok(fs.existsSync(expected.report_path));
});

test("环境自检 reports the service running and the book complete", async () => {
  const wps = loadAddin(ADDIN, read("config.js"), book());
  wps.context.XlsheetDoctor();
  await wps.settled();
  assert.equal(wps.said.length, 1);
  for (const line of expected.doctor_lines) {
    assert.ok(wps.said[0].includes(line), line);
  }
});

test("帮助 shows the guide sheet", () => {
  const wps = loadAddin(ADDIN, read("config.js"), book());
  wps.book.active = wps.book.sheets[3];
  wps.context.XlsheetHelp();
  assert.equal(wps.book.ActiveSheet.Name, expected.guide);
  assert.deepEqual(wps.said, []);
});

test("a button that cannot reach the service says in Chinese what to do", async () => {
  for (const [config, message] of expected.unreachable) {
    const wps = loadAddin(ADDIN, read(config), book());
    wps.context.XlsheetRecalculate();
    await wps.settled();
    assert.deepEqual(wps.said, [message], config);
    assert.equal(wps.application.StatusBar, false);
  }
});

test("a button that writes beside the book asks for it to be saved first", async () => {
  const data = book();
  data.path = "";
  data.fullName = data.name;
  const wps = loadAddin(ADDIN, read("config.js"), data);
  wps.context.XlsheetStatements();
  await wps.settled();
  assert.deepEqual(wps.said, [expected.text.unsaved]);
});

test("with no book open, a button says so", () => {
  const wps = loadAddin(ADDIN, read("config.js"), null);
  wps.context.XlsheetCheck();
  assert.deepEqual(wps.said, [expected.text.no_book]);
});
