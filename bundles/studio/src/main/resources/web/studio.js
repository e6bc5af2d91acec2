// Atelier Studio: plain ES module, no build step. The host pushes the palette and the pipelines as
// server-sent events; the page keeps what it has seen, so a plugin that goes away stays listed, greyed.
const $ = (id) => document.getElementById(id);
const seen = new Map(); // element name -> last known description
let selected = null;

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return e;
}

function showPalette(elements) {
  // when the page first shows what the host has: the benchmark's page-load figure
  if (!performance.getEntriesByName("atelier-palette").length) performance.mark("atelier-palette");
  const present = new Set(elements.map((e) => e.name));
  for (const e of elements) seen.set(e.name, e);
  const list = $("palette");
  list.replaceChildren();
  for (const [name, e] of [...seen.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const li = el("li", { "data-name": name, class: present.has(name) ? "" : "gone" },
      el("span", { class: "name" }, name), el("span", { class: "kind" }, e.kind),
      el("span", { class: "desc" }, e.description || ""));
    if (e.kind === "filter" && present.has(name)) {
      const add = el("button", { class: "add", title: `add ${name} to the chain` }, "+");
      add.addEventListener("click", (ev) => { ev.stopPropagation(); addStep(e); });
      li.prepend(add);
    }
    if (name === selected) li.classList.add("selected");
    li.addEventListener("click", () => { selected = name; showPalette([...seen.values()].filter((x) => present.has(x.name))); showDetail(e); });
    list.append(li);
  }
  if (selected && seen.has(selected)) showDetail(seen.get(selected));
}

function showDetail(e) {
  $("detail-title").textContent = `${e.name} (${e.kind})`;
  $("detail-hint").textContent = `${e.description || ""} — from ${e.bundle}`;
  const table = $("detail");
  table.replaceChildren(el("tr", {}, el("th", {}, "parameter"), el("th", {}, "type"), el("th", {}, "default"), el("th", {}, "range or options"), el("th", {}, "what it does")));
  for (const p of e.parameters) {
    const range = p.options.length ? p.options.map((o) => o.value).join(", ") : [p.min, p.max].filter((x) => x != null).join(" .. ");
    table.append(el("tr", { "data-parameter": p.name }, el("td", {}, p.name), el("td", {}, p.type.toLowerCase()), el("td", {}, p.default ?? ""), el("td", {}, range), el("td", {}, p.description || "")));
  }
}

function showPipelines(pipelines) {
  const list = $("pipelines");
  list.replaceChildren();
  for (const p of pipelines) {
    const li = el("li", { "data-name": p.name, class: p.state },
      el("span", { class: "name" }, p.name), el("span", { class: `state ${p.state}` }, p.state),
      el("span", { class: "desc" }, p.state === "ready" ? (p.system ? "bundled" : p.file || "") : p.message));
    for (const q of p.problems) li.append(el("span", { class: "desc problem" }, `line ${q.line}: ${q.message}`));
    list.append(li);
  }
}

function connect() {
  const events = new EventSource("api/events");
  const status = $("connection");
  events.addEventListener("open", () => { status.textContent = "live"; status.className = "connection live"; });
  events.addEventListener("error", () => { status.textContent = "connection lost: retrying"; status.className = "connection lost"; });
  events.addEventListener("palette", (m) => showPalette(JSON.parse(m.data)));
  events.addEventListener("pipelines", (m) => showPipelines(JSON.parse(m.data)));
  events.addEventListener("runs", (m) => showRuns(JSON.parse(m.data)));
  events.addEventListener("panels", (m) => showPanels(JSON.parse(m.data)));
}

connect();

// ---- the chain editor and its live preview ----
const chain = []; // [{element, values: {param: string}}]
let previewSeq = 0, inFlight = null, debounce = null;

function quoted(v) {
  return /^[^\s!"'=]+$/.test(v) ? v : `"${v.replaceAll('"', "")}"`;
}

function chainText() {
  return chain.map((s) => [s.element.name, ...Object.entries(s.values)
    .filter(([k, v]) => v !== "" && v !== (s.element.parameters.find((p) => p.name === k)?.default ?? ""))
    .map(([k, v]) => `${k}=${quoted(v)}`)].join(" ")).join(" ! ");
}

const NUMERIC = new Set(["Integer", "Long", "Double", "Float", "Short", "Byte"]);

function control(step, p) {
  const value = step.values[p.name] ?? p.default ?? "";
  const row = el("div", { class: "param", "data-parameter": p.name, title: p.description || "" }, el("label", {}, p.name));
  const set = (v) => { step.values[p.name] = String(v); changed(); };
  if (p.options.length) {
    const sel = el("select", { name: p.name });
    for (const o of p.options) sel.append(el("option", { value: o.value }, o.label || o.value));
    sel.value = value;
    sel.addEventListener("change", () => set(sel.value));
    row.append(sel);
  } else if (p.type === "Boolean") {
    const box = el("input", { type: "checkbox", name: p.name });
    box.checked = value === "true";
    box.addEventListener("change", () => set(box.checked));
    row.append(box);
  } else if (NUMERIC.has(p.type) && p.min != null && p.max != null && Number(p.max) - Number(p.min) <= 10000) {
    const stride = p.type === "Double" || p.type === "Float" ? "any" : "1";
    const slider = el("input", { type: "range", name: p.name, min: p.min, max: p.max, step: stride === "any" ? String((p.max - p.min) / 200) : "1" });
    const number = el("input", { type: "number", min: p.min, max: p.max, step: stride });
    slider.value = number.value = value;
    slider.addEventListener("input", () => { number.value = slider.value; set(slider.value); });
    number.addEventListener("change", () => { slider.value = number.value; set(number.value); });
    row.append(slider, number);
  } else {
    const text = el("input", { type: "text", name: p.name, value });
    text.addEventListener("change", () => set(text.value));
    row.append(text);
  }
  return row;
}

function showChain() {
  const list = $("steps");
  list.replaceChildren();
  chain.forEach((step, i) => {
    const up = el("button", { title: "move up" }, "↑"), down = el("button", { title: "move down" }, "↓"), remove = el("button", { title: "remove", class: "remove" }, "✕");
    up.addEventListener("click", () => { if (i > 0) { [chain[i - 1], chain[i]] = [chain[i], chain[i - 1]]; showChain(); changed(); } });
    down.addEventListener("click", () => { if (i < chain.length - 1) { [chain[i + 1], chain[i]] = [chain[i], chain[i + 1]]; showChain(); changed(); } });
    remove.addEventListener("click", () => { chain.splice(i, 1); showChain(); changed(); });
    const li = el("li", { "data-step": step.element.name }, el("div", { class: "step-head" }, el("span", { class: "name" }, step.element.name), up, down, remove));
    for (const p of step.element.parameters) li.append(control(step, p));
    list.append(li);
  });
  $("chain-text").textContent = chainText();
}

function addStep(element) {
  chain.push({ element, values: {} });
  showChain();
  changed();
}

let lastChange = 0; // when a control last changed: the preview's time is counted from there

function changed() {
  lastChange = performance.now();
  $("chain-text").textContent = chainText();
  clearTimeout(debounce);
  // no pause: a slider sends at most one input event a frame, and a newer preview cancels the older one on the
  // host; the timeout only folds changes made in one task (a chain opened from a descriptor) into one preview
  debounce = setTimeout(preview, 0);
}

async function preview() {
  const status = $("preview-status");
  if (!chain.length || !$("input").value) { status.textContent = "add a filter to see a preview"; return; }
  const seq = ++previewSeq, started = performance.now(), changedAt = lastChange || started;
  if (inFlight) inFlight.abort(); // the host cancels the older job when this one arrives
  inFlight = new AbortController();
  const last = chain[chain.length - 1].element;
  const drawing = last.output === "drawing";
  status.className = "hint";
  status.textContent = "running…";
  try {
    const r = await fetch(`api/preview?input=${encodeURIComponent($("input").value)}&drawing=${drawing}&view=${$("view").value}`,
      { method: "POST", body: chainText(), signal: inFlight.signal, headers: { "Content-Type": "text/plain" } });
    if (seq !== previewSeq) return;
    if (!r.ok) {
      const text = await r.text();
      if (r.status !== 409) { status.className = "hint error"; status.textContent = text; }
      return;
    }
    const answered = performance.now();
    const blob = await r.blob();
    const received = performance.now();
    const img = $("after");
    const old = img.src;
    img.onload = () => {
      if (seq !== previewSeq) return;
      const ms = Math.round(performance.now() - started), sinceChange = Math.round(performance.now() - changedAt);
      // where the page's share went: to the answer's headers, to its last byte, to the image decoded
      img.dataset.phases = `sent ${Math.round(started - changedAt)} ms, headers ${Math.round(answered - started)} ms, body ${Math.round(received - answered)} ms, `
        + `shown ${Math.round(performance.now() - received)} ms`;
      status.textContent = `preview ${sinceChange} ms after the change (the host's job ${r.headers.get("X-Preview-Millis")} ms: ${r.headers.get("X-Preview-Steps") || ""})`;
      img.dataset.ms = ms;
      img.dataset.sinceChange = sinceChange;
      img.dataset.job = r.headers.get("X-Preview-Millis");
      img.dataset.steps = r.headers.get("X-Preview-Steps") || "";
      showReports(r.headers.get("X-Preview-Id"), r.headers.get("X-Preview-Reports"), seq);
      img.dataset.seq = seq;
      if (old.startsWith("blob:")) URL.revokeObjectURL(old);
    };
    img.src = URL.createObjectURL(blob);
  } catch (e) {
    if (e.name !== "AbortError") { status.className = "hint error"; status.textContent = String(e); }
  }
}

const showBefore = () => { $("before").src = `api/input?name=${encodeURIComponent($("input").value)}&view=${$("view").value}`; changed(); };
$("input").addEventListener("change", showBefore);
$("view").addEventListener("change", () => { $("compare").classList.toggle("crop", $("view").value === "crop"); showBefore(); });

async function loadInputs(select) {
  const r = await fetch("api/inputs");
  const names = await r.json();
  const sel = $("input");
  sel.replaceChildren(...names.map((n) => el("option", { value: n }, n)));
  if (select && names.includes(select)) sel.value = select;
  if (names.length) showBefore();
}

$("split").addEventListener("input", (e) => { $("after").style.clipPath = `inset(0 0 0 ${e.target.value}%)`; });
loadInputs();

// ---- the descriptor editor ----
let editorSeq = 0, editorTimer = null, opened = null;

async function openPipeline(name) {
  const r = await fetch(`api/pipeline?name=${encodeURIComponent(name)}`);
  if (!r.ok) { $("editor-status").textContent = await r.text(); return; }
  opened = await r.json();
  $("editor-name").value = opened.name;
  $("editor").value = opened.yaml;
  $("editor-status").textContent = opened.system
    ? `bundled with a plugin (read-only); Save writes your own copy to ${opened.file}, which then overrides it`
    : opened.file;
  checkEditor();
}

function scheduleCheck() {
  clearTimeout(editorTimer);
  editorTimer = setTimeout(checkEditor, 250);
}

function showProblems(problems) {
  const list = $("editor-problems");
  list.replaceChildren();
  if (!problems.length) { list.append(el("li", { class: "ok" }, "no problems: ready")); return; }
  for (const p of problems) {
    list.append(el("li", { class: p.waiting ? "waiting" : "", "data-line": p.line }, p.line > 0 ? `line ${p.line}: ${p.message}` : p.message));
  }
}

async function checkEditor() {
  const name = $("editor-name").value.trim();
  if (!name) return;
  const seq = ++editorSeq;
  const r = await fetch(`api/check?name=${encodeURIComponent(name)}`, { method: "POST", body: $("editor").value, headers: { "Content-Type": "text/plain" } });
  if (seq !== editorSeq) return;
  if (!r.ok) { showProblems([{ line: 0, message: await r.text() }]); return; }
  showProblems(await r.json());
}

$("editor").addEventListener("input", scheduleCheck);
$("editor-name").addEventListener("input", scheduleCheck);
$("editor-save").addEventListener("click", async () => {
  const name = $("editor-name").value.trim();
  const r = await fetch(`api/save?name=${encodeURIComponent(name)}`, { method: "POST", body: $("editor").value, headers: { "Content-Type": "text/plain" } });
  if (!r.ok) { $("editor-status").textContent = await r.text(); return; }
  const saved = await r.json();
  $("editor-status").textContent = `saved to ${saved.saved}`;
  showProblems(saved.problems);
});
$("editor-new").addEventListener("click", () => {
  opened = null;
  $("editor-name").value = "my-pipeline";
  $("editor").value = "name: my-pipeline\ndescription: what it is for\nsteps:\n  - dither: {palette: ega}\noutputs:\n  - file: {path: \"out/{input}.png\"}\n";
  $("editor-status").textContent = "a new descriptor";
  checkEditor();
});
$("editor-chain").addEventListener("click", async () => {
  // the steps of the version the host has loaded under this name (the last one saved)
  const r = await fetch(`api/pipeline?name=${encodeURIComponent($("editor-name").value.trim())}`);
  if (!r.ok) { $("editor-status").textContent = `${await r.text()} (save it first)`; return; }
  const loaded = await r.json();
  chain.length = 0;
  for (const s of loaded.steps) {
    const element = seen.get(s.name);
    if (element) chain.push({ element, values: { ...s.params } });
  }
  showChain();
  changed();
});
$("pipelines").addEventListener("click", (e) => {
  const li = e.target.closest("li[data-name]");
  if (li) openPipeline(li.dataset.name);
});

// ---- full-size runs and uploads ----
function showRuns(runs) {
  const list = $("runs");
  list.replaceChildren();
  for (const r of runs) {
    const done = ["succeeded", "failed", "cancelled"].includes(r.state);
    const head = el("div", { class: "run-title" }, el("strong", {}, `run ${r.id}`), ` ${r.what} `, el("span", { class: `state ${r.state}` }, r.state));
    if (!done) {
      const cancel = el("button", { class: "cancel" }, "Cancel");
      cancel.addEventListener("click", () => fetch(`api/cancel?run=${r.id}`, { method: "POST" }));
      head.append(cancel);
    }
    const bar = el("progress", { max: "1", value: String(r.progress) });
    const count = el("span", { class: "count" }, `${r.done}/${r.total} photos${r.failed ? `, ${r.failed} failed` : ""}`);
    const results = el("ul", { class: "results" }, ...r.results.map((x) => el("li", { class: x.ok ? "ok" : "error" }, x.ok ? `${x.input}: done` : `${x.input}: ${x.error}`)));
    const files = el("ul", { class: "files" }, ...r.files.map((f) => el("li", {},
      el("a", { href: `api/download?run=${r.id}&file=${encodeURIComponent(f.path)}`, download: f.path.split("/").pop() }, f.path),
      ` ${(f.bytes / 1024).toFixed(0)} KB`)));
    list.append(el("li", { "data-run": r.id, "data-state": r.state }, head, bar, count, results, files, el("p", { class: "hint" }, r.folder)));
  }
}

/** Starts a full-size run of the pipeline, or of the chain with its file outputs and then {@code then} (one more output); returns {id, folder}. */
async function run(pipeline, then, scope) {
  const input = $("input").value;
  if (!input) throw new Error("pick or add a photo first");
  let url = `api/run?input=${encodeURIComponent(input)}&scope=${scope}`;
  let body = "";
  if (pipeline) {
    url += `&pipeline=${encodeURIComponent(pipeline)}`;
  } else {
    if (!chain.length) throw new Error("add a filter to the chain first");
    url += `&drawing=${chain[chain.length - 1].element.output === "drawing"}`;
    if (then) url += `&then=${encodeURIComponent(then)}`;
    body = chainText();
  }
  const r = await fetch(url, { method: "POST", body, headers: { "Content-Type": "text/plain" } });
  if (!r.ok) throw new Error(await r.text());
  return r.json();
}

async function startRun(pipeline) {
  const status = $("run-status");
  try {
    const started = await run(pipeline, null, $("run-scope").value);
    status.className = "hint";
    status.textContent = `started run ${started.id}`;
  } catch (e) {
    status.className = "hint error";
    status.textContent = e.message;
  }
}

$("run-chain").addEventListener("click", () => startRun(null));
$("run-pipeline").addEventListener("click", () => {
  const name = $("editor-name").value.trim();
  if (!name) { $("run-status").textContent = "open a pipeline in the descriptor editor first"; return; }
  startRun(name);
});
$("upload").addEventListener("change", async (e) => {
  const status = $("run-status");
  let last = null;
  for (const file of e.target.files) {
    const r = await fetch(`api/upload?name=${encodeURIComponent(file.name)}`, { method: "POST", body: file });
    if (!r.ok) { status.className = "hint error"; status.textContent = await r.text(); return; }
    last = (await r.json()).input;
  }
  status.className = "hint";
  status.textContent = `added ${e.target.files.length} photo(s) to inputs/`;
  e.target.value = "";
  await loadInputs(last);
});

// ---- a preview's text reports (attachments its last filter declares: a mosaic's bill of materials) ----
async function showReports(id, names, seq) {
  const box = $("reports");
  const wanted = (names || "").split(",").filter((n) => n);
  const parts = [];
  for (const name of wanted) {
    const r = await fetch(`api/report?preview=${id}&name=${encodeURIComponent(name)}`);
    if (seq !== previewSeq) return; // a newer preview is on its way
    if (r.ok) parts.push(el("details", parts.length === 0 ? { open: "", "data-report": name } : { "data-report": name }, el("summary", {}, name), el("pre", {}, await r.text())));
  }
  box.replaceChildren(...parts);
}

// ---- panels that plugin bundles contribute (the cnc plugin's machine panel): listed live, each an ES module ----
// What a panel may use of the page; it gets this as mount(section, studio).
const studio = {
  el,
  quoted,
  chainText,
  input: () => $("input").value,
  drawing: () => chain.length > 0 && chain[chain.length - 1].element.output === "drawing",
  /** A full-size run of the chain on the chosen photo with one more output (e.g. "cnc port=/dev/ttyACM0"); listed with the runs. */
  run: (then) => run(null, then, "photo"),
};
const mounted = new Map(); // module address -> {section, module}

async function showPanels(panels) {
  const wanted = new Set(panels.map((p) => p.module));
  for (const [address, m] of mounted) {
    if (wanted.has(address)) continue;
    try { m.module?.unmount?.(); } catch (e) { /* its bundle is gone: nothing more to do */ }
    m.section.remove();
    mounted.delete(address);
  }
  for (const p of panels) {
    if (mounted.has(p.module)) continue;
    const section = el("section", { class: "plugin-panel", "data-panel": p.title, "data-bundle": p.bundle }, el("h2", {}, p.title));
    $("panels").append(section);
    const entry = { section, module: null };
    mounted.set(p.module, entry);
    try {
      // a fresh address per mount: a panel's bundle updated in deploy/ brings its new module
      entry.module = await import(`${p.module}?mounted=${Date.now()}`);
      await entry.module.mount(section, studio);
    } catch (e) {
      section.append(el("p", { class: "hint error" }, `the panel from ${p.bundle} failed: ${e.message || e}`));
    }
  }
}
