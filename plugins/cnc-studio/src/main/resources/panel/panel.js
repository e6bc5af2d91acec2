// The Studio's machine panel, contributed by the cnc plugin (bundle dev.atelier.plugin.cnc.studio).
// The Studio imports this module and calls mount(section, studio); unmount() when the bundle goes away.
const API = "/panels/cnc/api/";
const SVG = "http://www.w3.org/2000/svg";
let timer = null, root = null, studio = null;
let shown = { job: null, moves: [], sendable: [] }; // the program drawn, parsed once per job

export async function mount(section, studioApi) {
  root = section;
  studio = studioApi;
  const { el } = studio;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = "/panels/cnc/panel.css";
  section.append(link,
    el("p", { class: "hint" }, "GRBL 1.1 controllers on this host's serial ports: the connections and journals cnc:* commands use."),
    el("div", { class: "cnc-row" },
      el("label", {}, "Port ", el("input", { id: "cnc-port", list: "cnc-ports", size: "18", spellcheck: "false", placeholder: "/dev/ttyACM0" })),
      el("datalist", { id: "cnc-ports" }),
      el("label", {}, "Baud ", el("input", { id: "cnc-baud", type: "number", value: "115200", min: "300", max: "2000000", step: "1" })),
      button("cnc-connect", "Connect", () => act("connect", { port: port(), baud: document.getElementById("cnc-baud").value })),
      button("cnc-disconnect", "Disconnect", () => act("disconnect", { port: port() })),
      button("cnc-refresh", "↻ ports", ports)),
    el("div", { class: "cnc-row" },
      button("cnc-hold", "Hold (!)", () => act("hold", { port: port() })),
      button("cnc-start", "Resume (~)", () => act("start", { port: port() })),
      button("cnc-reset", "Reset", () => act("reset", { port: port() })),
      button("cnc-unlock", "Unlock ($X)", () => act("unlock", { port: port() }))),
    el("div", { class: "cnc-row" },
      el("label", {}, "Machine ", el("input", { id: "cnc-machine", list: "cnc-machines", value: "etch-a-sketch", size: "14", spellcheck: "false" })),
      el("datalist", { id: "cnc-machines" }, el("option", { value: "etch-a-sketch" }), el("option", { value: "grbl-plotter" })),
      button("cnc-draw", "Draw the chain on the machine", draw)),
    el("p", { id: "cnc-message", class: "hint" }),
    el("div", { id: "cnc-machines-state" }),
    el("div", { class: "cnc-drawing" }, svg("svg", { id: "cnc-drawing", viewBox: "0 0 100 100", preserveAspectRatio: "xMidYMid meet" })),
    el("h3", {}, "Journalled jobs"),
    el("ul", { id: "cnc-jobs" }));
  await ports();
  await refresh();
}

export function unmount() {
  clearTimeout(timer);
  timer = null;
}

function button(id, text, action) {
  const b = studio.el("button", { id }, text);
  b.addEventListener("click", action);
  return b;
}

function svg(tag, attrs = {}) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

const port = () => document.getElementById("cnc-port").value.trim();

function message(text, error) {
  const m = document.getElementById("cnc-message");
  m.textContent = text;
  m.className = error ? "hint error" : "hint";
}

async function ports() {
  const r = await fetch(API + "ports");
  if (!r.ok) return message(await r.text(), true);
  const list = await r.json();
  document.getElementById("cnc-ports").replaceChildren(...list.map((p) => studio.el("option", { value: p.path }, `${p.description}${p.open ? " (open)" : ""}`)));
  const input = document.getElementById("cnc-port");
  if (!input.value && list.length) input.value = (list.find((p) => p.open) || list[0]).path;
}

async function act(what, params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== "")).toString();
  message(`${what}…`);
  const r = await fetch(`${API}${what}?${query}`, { method: "POST" });
  if (!r.ok) return message(await r.text(), true);
  message(`${what}: done`);
  show(await r.json());
}

/** Runs the Studio's chain full size on its photo with a cnc output added: an ordinary job, listed with the Studio's runs. */
async function draw() {
  if (!studio.drawing()) return message("the chain must end in a filter that makes a drawing (linify)", true);
  if (!port()) return message("which port? connect to the machine first", true);
  const machine = document.getElementById("cnc-machine").value.trim() || "etch-a-sketch";
  try {
    const run = await studio.run(`cnc port=${studio.quoted(port())} machine=${studio.quoted(machine)}`);
    message(`drawing: run ${run.id} (the Studio's runs list it; Cancel there stops the machine, and the job stays resumable)`);
  } catch (e) {
    message(String(e.message || e), true);
  }
}

async function refresh() {
  try {
    const r = await fetch(API + "state");
    if (r.ok) await show(await r.json());
  } catch (e) {
    // the host went away or is restarting: try again
  }
  if (root && root.isConnected) {
    const busy = document.querySelectorAll("#cnc-machines-state [data-job]").length > 0;
    timer = setTimeout(refresh, busy ? 250 : 1000);
  }
}

async function show(state) {
  const { el } = studio;
  const box = document.getElementById("cnc-machines-state");
  box.replaceChildren(...state.machines.map((m) => {
    const pos = m.position ? `X ${m.position[0].toFixed(3)} Y ${m.position[1].toFixed(3)} mm` : "position unknown";
    const parts = [el("strong", {}, m.port), " ", el("span", { class: `cnc-state ${m.state.split(":")[0].toLowerCase()}`, "data-state": m.state }, m.state), ` ${pos}`];
    if (m.alarm) parts.push(el("span", { class: "error" }, ` ${m.alarm}: unlock if the position is right, or home`));
    const line = el("div", { class: "cnc-machine", "data-port": m.port }, ...parts);
    if (m.job) {
      line.dataset.job = m.job.id;
      const left = m.job.secondsLeft == null ? "" : `, ${Math.round(m.job.secondsLeft)} s left`;
      line.append(el("div", {}, el("progress", { max: String(m.job.total), value: String(m.job.acknowledged) }),
        ` job ${m.job.id}: ${m.job.acknowledged}/${m.job.total} lines${left}`));
    }
    return line;
  }));
  if (!state.machines.length) box.replaceChildren(el("p", { class: "hint" }, "no controller connected"));
  const jobs = document.getElementById("cnc-jobs");
  jobs.replaceChildren(...state.jobs.slice().reverse().map((j) => {
    const li = el("li", { "data-cnc-job": j.id, "data-state": j.running ? "running" : j.state },
      el("span", { class: "name" }, j.id), ` ${j.running ? "running" : j.state} ${j.acknowledged}/${j.total < 0 ? "?" : j.total} lines `);
    const see = el("button", {}, "Show");
    see.addEventListener("click", () => drawJob(j.id, j.acknowledged));
    li.append(see);
    if (!j.running && j.state !== "completed") {
      const resume = el("button", {}, "Resume");
      resume.addEventListener("click", () => act("resume", { job: j.id, port: port() || undefined }));
      li.append(resume);
    }
    return li;
  }));
  // the running job, or the one last shown, drawn with its acknowledged part
  const running = state.machines.find((m) => m.job);
  if (running) await drawJob(running.job.id, running.job.acknowledged, running.position);
  else if (shown.job) {
    const j = state.jobs.find((x) => x.id === shown.job);
    if (j) await drawJob(j.id, j.acknowledged);
  }
}

/** The job's program as moves: [x0, y0, x1, y1, index of its sendable line], rapid moves marked. */
function parse(text) {
  const moves = [];
  let x = 0, y = 0, sendable = 0, motion = 0;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\(.*?\)/g, "").replace(/;.*/, "").trim().toUpperCase();
    if (!line) continue;
    sendable++;
    const g = line.match(/G0*([0-3])(?![0-9])/);
    if (g) motion = Number(g[1]);
    const nx = line.match(/X(-?[0-9.]+)/), ny = line.match(/Y(-?[0-9.]+)/);
    if (!nx && !ny) continue;
    const tx = nx ? Number(nx[1]) : x, ty = ny ? Number(ny[1]) : y;
    moves.push({ x0: x, y0: y, x1: tx, y1: ty, line: sendable, rapid: motion === 0 });
    x = tx;
    y = ty;
  }
  return moves;
}

async function drawJob(id, acknowledged, position) {
  if (shown.job !== id) {
    const r = await fetch(`${API}program?job=${encodeURIComponent(id)}`);
    if (!r.ok) return message(await r.text(), true);
    shown = { job: id, moves: parse(await r.text()) };
    const canvas = document.getElementById("cnc-drawing");
    const xs = shown.moves.flatMap((m) => [m.x0, m.x1]), ys = shown.moves.flatMap((m) => [m.y0, m.y1]);
    const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
    const pad = Math.max(maxX - minX, maxY - minY, 1) * 0.03;
    // G-code's Y grows upwards, SVG's downwards
    canvas.setAttribute("viewBox", `${minX - pad} ${-maxY - pad} ${maxX - minX + 2 * pad} ${maxY - minY + 2 * pad}`);
    const todo = svg("path", { class: "todo", d: path(shown.moves), "vector-effect": "non-scaling-stroke" });
    const done = svg("path", { class: "done", id: "cnc-done", d: "", "vector-effect": "non-scaling-stroke" });
    const pen = svg("circle", { id: "cnc-pen", r: String(pad / 3), cx: "0", cy: "0", visibility: "hidden" });
    canvas.replaceChildren(todo, done, pen);
    canvas.dataset.job = id;
    canvas.dataset.moves = String(shown.moves.filter((m) => !m.rapid).length);
  }
  const canvas = document.getElementById("cnc-drawing");
  const executed = shown.moves.filter((m) => m.line <= acknowledged);
  document.getElementById("cnc-done").setAttribute("d", path(executed));
  canvas.dataset.executed = String(executed.filter((m) => !m.rapid).length);
  canvas.dataset.acknowledged = String(acknowledged);
  const pen = document.getElementById("cnc-pen");
  if (position) {
    pen.setAttribute("cx", String(position[0]));
    pen.setAttribute("cy", String(-position[1]));
    pen.setAttribute("visibility", "visible");
  } else pen.setAttribute("visibility", "hidden");
}

function path(moves) {
  let d = "", at = null;
  for (const m of moves) {
    if (m.rapid) { at = null; continue; }
    if (!at || at[0] !== m.x0 || at[1] !== m.y0) d += `M${m.x0} ${-m.y0}`;
    d += `L${m.x1} ${-m.y1}`;
    at = [m.x1, m.y1];
  }
  return d;
}
