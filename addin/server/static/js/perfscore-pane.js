// The perfscore task pane (templates/taskpane.html): for the selected row of the 自评表 it
// shows how the engine reads the rule, what the 实际完成值 cell accepts, the score and the
// points lost, as the server's /perfscore/item answers them. In Excel the form is filled from
// the selected row (through the sheet's defined names eval_rule, eval_actual, …); without
// Office (a plain browser) the same form is typed by hand. The 重新计算 button (here and on
// the ribbon) recalculates the workbook, custom functions included. Words and names come from
// the page (#perfscore-config, written by addin/server/pane.py).

const cfg = JSON.parse(document.getElementById("perfscore-config").textContent);
const L = cfg.labels;
const TOKEN_KEY = "perfscore.token";
const numberFormat = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 4 });

const $ = (id) => document.getElementById(id);

// The selected row's other cells (类型, 评价人调整得分, 不适用, the workbook's policies): kept
// while the user edits the rule, value or points by hand.
let lastRow = {};

// Selections change faster than the server answers: only the latest read and the latest
// answer are shown.
let selectionCount = 0;
let describeCount = 0;

function format(template, fields) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(fields[key] ?? ""));
}

function storedToken() {
  try {
    return localStorage.getItem(TOKEN_KEY) || "";
  } catch {
    return "";
  }
}

// The custom functions (xlwings' custom-functions-code.js) and this pane send the token the
// same way: xlwings calls globalThis.getAuth() before every request.
globalThis.getAuth = async () => {
  const token = storedToken();
  return { token: token ? `Bearer ${token}` : "", provider: "" };
};

// ------------------------------------------------------------------ the server's answer

function figure(value) {
  return value === null || value === undefined ? "—" : numberFormat.format(value);
}

function listItems(list, items, className) {
  list.replaceChildren(
    ...items.map((text) => {
      const li = document.createElement("li");
      if (className) li.className = className;
      li.textContent = text;
      return li;
    }),
  );
}

function showMessages(messages) {
  const list = $("messages");
  list.replaceChildren(
    ...messages.map((message) => {
      const li = document.createElement("li");
      li.className = message.level;
      if (message.code) {
        const code = document.createElement("span");
        code.className = "code";
        code.textContent = message.code;
        li.append(code, " ");
      }
      li.append(message.message);
      return li;
    }),
  );
  $("messages-block").hidden = messages.length === 0;
}

function showResult(data) {
  const rule = data.rule;
  $("final").textContent = figure(data.final ?? data.computed);
  $("lost").textContent = figure(data.lost);
  $("of-points").textContent =
    rule && rule.points !== null ? format(L.of_points, { points: figure(rule.points) }) : L.no_points;
  $("rule-block").hidden = !rule;
  if (rule) {
    $("explanation").textContent = rule.explanation;
    $("kind").textContent = rule.kind;
    $("answers-hint").textContent = rule.answers.hint;
    listItems($("choices"), rule.answers.choices, "choice");
    $("answers-more").textContent = rule.answers.more;
  }
  showMessages(data.messages);
  $("result").hidden = false;
}

function showFailure(text) {
  $("rule-block").hidden = true;
  $("final").textContent = "—";
  $("lost").textContent = "—";
  $("of-points").textContent = "";
  showMessages([{ level: "error", code: "", message: text }]);
  $("result").hidden = false;
}

async function describe(fields) {
  const count = ++describeCount;
  const auth = await globalThis.getAuth();
  const headers = { "Content-Type": "application/json" };
  if (auth.token) headers.Authorization = auth.token;
  let response;
  try {
    response = await fetch(cfg.itemUrl, { method: "POST", headers, body: JSON.stringify(fields) });
  } catch (error) {
    if (count === describeCount) showFailure(format(L.network_error, { detail: error.message }));
    return;
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (count !== describeCount) return;
  if (!response.ok) {
    const detail = data && typeof data.detail === "string" ? data.detail : response.statusText;
    if (response.status === 401 || response.status === 403) {
      $("token").hidden = false;
      showFailure(detail);
    } else {
      showFailure(format(L.server_error, { status: response.status, detail }));
    }
    return;
  }
  showResult(data);
}

// ------------------------------------------------------------------ the typed form

function formFields() {
  return { rule: $("rule").value, actual: $("actual").value, points: $("points").value };
}

async function checkForm(event) {
  event?.preventDefault();
  const button = $("check");
  button.disabled = true;
  button.textContent = L.checking;
  try {
    await describe({ ...lastRow, ...formFields() });
  } finally {
    button.disabled = false;
    button.textContent = L.check;
  }
}

function fillForm(row, texts) {
  $("rule").value = row.rule ?? "";
  $("actual").value = texts.actual ?? row.actual ?? "";
  $("points").value = row.points ?? "";
  $("item-title").textContent = row.name || row.code || L.item_none;
}

// ------------------------------------------------------------------ Excel

// The selected row's cells in the 自评表's named columns, and the workbook's policies. A name
// that is missing, refers to no range or to another sheet gives nothing (one sync per step:
// a null object's properties can only be read after the sync that found it).
async function readSelectedRow() {
  return Excel.run(async (context) => {
    const workbook = context.workbook;
    const cell = workbook.getActiveCell();
    cell.worksheet.load("name");
    const names = Object.entries(cfg.rowNames).map(([field, name]) => [
      field,
      workbook.names.getItemOrNullObject(name),
    ]);
    const policiesName = workbook.names.getItemOrNullObject(cfg.policiesName);
    await context.sync();

    const ranges = names
      .filter(([, item]) => !item.isNullObject)
      .map(([field, item]) => [field, item.getRangeOrNullObject()]);
    ranges.forEach(([, range]) => range.load("address"));
    const policies = policiesName.isNullObject ? null : policiesName.getRangeOrNullObject();
    if (policies) policies.load("values");
    await context.sync();

    const found = ranges.filter(([, range]) => !range.isNullObject);
    found.forEach(([, range]) => range.worksheet.load("name"));
    await context.sync();

    const cells = found
      .filter(([, range]) => range.worksheet.name === cell.worksheet.name)
      .map(([field, range]) => [field, range.getIntersectionOrNullObject(cell.getEntireRow())]);
    cells.forEach(([, own]) => own.load("values, text"));
    await context.sync();

    const row = {};
    const texts = {};
    for (const [field, own] of cells) {
      if (own.isNullObject) continue;
      row[field] = own.values[0][0];
      texts[field] = own.text[0][0];
    }
    if (policies && !policies.isNullObject) row.policies = policies.values[0][0];
    return { row, texts };
  });
}

async function onSelection() {
  const count = ++selectionCount;
  let selected;
  try {
    selected = await readSelectedRow();
  } catch (error) {
    if (count === selectionCount) showFailure(format(L.excel_error, { detail: error.message }));
    return;
  }
  if (count !== selectionCount) return;
  const { row, texts } = selected;
  if (row.rule === undefined || row.rule === "") {
    lastRow = {};
    $("item-title").textContent = L.not_in_form;
    return;
  }
  lastRow = row;
  fillForm(row, texts);
  await describe(row);
}

async function recalculate() {
  const status = $("recalculate-status");
  status.textContent = L.recalculating;
  await Excel.run(async (context) => {
    context.workbook.application.calculate(Excel.CalculationType.full);
    await context.sync();
  });
  status.textContent = format(L.recalculated, { time: new Date().toLocaleTimeString("zh-CN") });
  await onSelection();
}

async function onRecalculateClick() {
  const button = $("recalculate");
  button.disabled = true;
  try {
    await recalculate();
  } catch (error) {
    $("recalculate-status").textContent = format(L.excel_error, { detail: error.message });
  } finally {
    button.disabled = false;
  }
}

function connectExcel() {
  $("mode").textContent = L.mode_excel;
  $("item-heading").textContent = L.item;
  $("item-title").hidden = false;
  const button = $("recalculate");
  button.disabled = false;
  button.title = L.recalculate_tip;
  button.addEventListener("click", onRecalculateClick);
  Office.actions.associate(cfg.recalculateAction, async (event) => {
    try {
      await recalculate();
    } finally {
      event.completed();
    }
  });
  Office.context.document.addHandlerAsync(Office.EventType.DocumentSelectionChanged, onSelection);
  onSelection();
}

// Resolves with true in Excel, false in a plain browser, where Office.js is absent or never
// attaches to a host (the page then stays in the typed mode).
function inExcel() {
  if (typeof Office === "undefined" || typeof Office.onReady !== "function") {
    return Promise.resolve(false);
  }
  const timeout = new Promise((resolve) => setTimeout(() => resolve(false), cfg.officeTimeoutMs));
  const ready = Office.onReady().then(
    (info) => Boolean(info && info.host === Office.HostType.Excel),
    () => false,
  );
  return Promise.race([ready, timeout]);
}

// ------------------------------------------------------------------ start

function saveToken(event) {
  event.preventDefault();
  try {
    localStorage.setItem(TOKEN_KEY, $("token-value").value.trim());
    $("token-value").value = "";
    $("recalculate-status").textContent = L.token_saved;
  } catch (error) {
    showFailure(error.message);
  }
}

$("item-form").addEventListener("submit", checkForm);
$("token-form").addEventListener("submit", saveToken);

// A link may carry an example to show: taskpane.html?rule=…&actual=…&points=…
const query = new URLSearchParams(window.location.search);
if (query.has("rule")) {
  $("rule").value = query.get("rule");
  $("actual").value = query.get("actual") ?? "";
  $("points").value = query.get("points") ?? "";
  checkForm();
}

inExcel().then((excel) => {
  if (excel) connectExcel();
});
