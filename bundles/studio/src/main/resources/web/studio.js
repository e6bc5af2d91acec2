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
  const present = new Set(elements.map((e) => e.name));
  for (const e of elements) seen.set(e.name, e);
  const list = $("palette");
  list.replaceChildren();
  for (const [name, e] of [...seen.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const li = el("li", { "data-name": name, class: present.has(name) ? "" : "gone" },
      el("span", { class: "name" }, name), el("span", { class: "kind" }, e.kind),
      el("span", { class: "desc" }, e.description || ""));
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
}

connect();
