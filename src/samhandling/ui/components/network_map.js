// Samhandlingskart — a thin Custom Components v2 wrapper around vis-network.
//
// vis-network itself (our build in assets/vis/, vendor/vis-network) is served by the same Streamlit
// server at __VIS_PATH__, relative to the app's root (network.py fills in the path);
// this module imports it before it runs, so `globalThis.vis` exists. Nothing is
// fetched from anywhere else: no CDN.
//
// Data in (from Python, JSON): {
//   nodes: [{id, label, title, shape, color, x, y, size, ...}],   // allowlisted in Python
//   edges: [{id, from, to, title, color, width, dashes, ...}],
//   legend: [{label, color, shape}],
//   height: px, view_key: str, selected: id | null, options: {...}
// }
// State out: `selected` (the clicked node id, or null). Trigger out: `dragged`
// ({id: [x, y]} of the nodes a user moved).
//
// Safety: every user text (labels, titles, legend) is given to vis-network as a
// string (drawn on a canvas; tooltips use innerText) or set with textContent.
// Nothing is ever assigned to innerHTML.

// The app's root is two folders above Streamlit's own script (<root>/static/js/index.*.js);
// this module itself is a blob: URL, which a relative path cannot start from.
const streamlitScript = document.querySelector('script[src*="/static/js/index."]');
const appRoot = streamlitScript ? new URL("../../", streamlitScript.src) : new URL("./", document.baseURI);
// The bundle sets globalThis.vis; Kart's first element may have started this import already.
if (!globalThis.vis) await import(new URL(__VIS_PATH__, appRoot).href);

const INSTANCES = new WeakMap();

// vis-network keeps nodes and edges in plain objects keyed by id, so an id such as
// "__proto__", "constructor" or "toString" (valid in a map file) would not be drawn.
// Every id is prefixed on the way in and unprefixed on the way out.
const key = (id) => "n:" + String(id);
const unkey = (k) => (typeof k === "string" && k.startsWith("n:") ? k.slice(2) : k);
const keyNode = (node) => ({ ...node, id: key(node.id) });
const keyEdge = (edge) => ({
  ...edge, from: key(edge.from), to: key(edge.to), ...(edge.id !== undefined ? { id: "e:" + String(edge.id) } : {}),
});

// Labels are drawn at LABEL_FONT on the canvas (samhandling.maps.labels.FONT); a map is made
// tall enough that they are at least READABLE px at the fitted zoom, up to MAX_HEIGHT.
const LABEL_FONT = 22;
const READABLE = 12.5;
const MAX_HEIGHT = 1100;

const BASE_OPTIONS = {
  autoResize: true,
  physics: { enabled: false },
  layout: { improvedLayout: false, randomSeed: 7 },
  interaction: {
    hover: true,
    tooltipDelay: 120,
    hideEdgesOnDrag: true,
    hideEdgesOnZoom: false,
    navigationButtons: false,
    // Arrow keys pan, + and - zoom while the map has focus (it is reachable with Tab).
    keyboard: { enabled: true, bindToWindow: false, speed: { x: 10, y: 10, zoom: 0.03 } },
    multiselect: false,
  },
  nodes: {
    // The size and face samhandling.maps.labels lays the map out for (FONT, Arial widths).
    font: { size: LABEL_FONT, face: "Arial, Liberation Sans, sans-serif", strokeWidth: 4, strokeColor: "#ffffff" },
    borderWidth: 1,
    scaling: { min: 10, max: 42, label: { enabled: false } },
  },
  edges: {
    smooth: false,
    color: { color: "#9aa3ad", highlight: "#2f3b45", hover: "#2f3b45", inherit: false },
    width: 1.2,
    selectionWidth: 1.5,
  },
};

function buildLegend(box, legend) {
  box.replaceChildren();
  for (const item of legend || []) {
    const entry = document.createElement("span");
    entry.className = "sk-legend-item";
    const swatch = document.createElement("span");
    swatch.className = "sk-swatch sk-shape-" + String(item.shape || "dot").replace(/[^a-z]/g, "");
    swatch.style.background = String(item.color || "#cccccc");
    swatch.style.color = String(item.color || "#cccccc");
    if (item.border) swatch.style.borderColor = String(item.border);
    if (item.dashed) swatch.style.borderStyle = "dashed";
    if (item.dashed) swatch.style.borderWidth = "2px";
    const text = document.createElement("span");
    text.textContent = String(item.label ?? "");
    entry.append(swatch, text);
    box.appendChild(entry);
  }
  box.style.display = legend && legend.length ? "flex" : "none";
}

// A hover shows a short tooltip (name, kind and one line); the whole story is in the side panel.
const TOOLTIP_LINES = 3;
function shortTitle(item) {
  if (typeof item.title !== "string") return item;
  const lines = item.title.split("\n");
  if (lines.length <= TOOLTIP_LINES) return item;
  return { ...item, title: lines.slice(0, TOOLTIP_LINES).join("\n") };
}

// drawnBox(network, id): assets/drawn_box.js, put before this module by network.py.

// Fit the drawn boxes (nodes with their labels) to the frame, without vis-network's 10 %
// margin: the layout was packed for it, and every pixel of zoom makes the labels bigger.
function tightFit(network, ids, most, box) {
  const all = ids && ids.length ? ids : network.body.nodeIndices;
  let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
  for (const id of all) {
    const box = drawnBox(network, id);
    if (!box) continue;
    left = Math.min(left, box.left); right = Math.max(right, box.right);
    top = Math.min(top, box.top); bottom = Math.max(bottom, box.bottom);
  }
  const frame = network.canvas.frame.canvas;
  if (!(right > left) || !(bottom > top) || !frame.clientWidth) return;
  const across = (frame.clientWidth - 12) / (right - left);
  let down = (frame.clientHeight - 12) / (bottom - top);
  // A tall map whose labels would be drawn under READABLE px gets the height it needs (up to
  // MAX_HEIGHT): a map is for reading, the page scrolls.
  const readable = READABLE / LABEL_FONT;
  if (!ids.length && down < readable && down < across && box) {
    const wanted = Math.min(MAX_HEIGHT, Math.ceil((bottom - top) * Math.min(readable, across) + 12));
    if (wanted > frame.clientHeight) {
      box.style.height = `${wanted}px`;
      network.setSize("100%", `${wanted}px`);
      down = (wanted - 12) / (bottom - top);
    }
  }
  const scale = Math.min(most, across, down);
  network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 }, scale, animation: false });
}

function hideTooltip(box) {
  for (const tip of box.querySelectorAll(".vis-tooltip")) tip.style.visibility = "hidden";
}

function syncDataSet(dataSet, items) {
  const wanted = new Set(items.map((item) => item.id));
  const stale = dataSet.getIds().filter((id) => !wanted.has(id));
  if (stale.length) dataSet.remove(stale);
  dataSet.update(items);
}

// Fit the first screen: no taller than what is left of the window below the map's
// top (so a projector shows the whole map at once), but never tiny.
function fitHeight(instance, data) {
  const wanted = Number(data.height) || 600;
  instance.wanted = wanted;
  const top = instance.canvasBox.getBoundingClientRect().top;
  const room = Math.floor(window.innerHeight - Math.max(top, 0) - 24);
  const minimum = Math.min(wanted, Number(data.min_height) || 420);
  // A map further down the page (not on the first screen) keeps its full height.
  const height = room < minimum ? wanted : Math.max(minimum, Math.min(wanted, room));
  instance.canvasBox.style.height = `${height}px`;
}

function create(parentElement, data, setStateValue, setTriggerValue) {
  const wrapper = document.createElement("div");
  wrapper.className = "sk-wrapper";
  const legend = document.createElement("div");
  legend.className = "sk-legend";
  const canvasBox = document.createElement("div");
  canvasBox.className = "sk-network";
  canvasBox.setAttribute("data-testid", "sk-network");
  canvasBox.tabIndex = 0;  // keyboard: Tab reaches the map, arrow keys and +/- move it
  canvasBox.setAttribute("role", "application");
  canvasBox.setAttribute("aria-roledescription", String(data.role_description || "map"));
  canvasBox.setAttribute("aria-label", String(data.aria_label || ""));
  wrapper.append(legend, canvasBox);
  parentElement.appendChild(wrapper);
  buildLegend(legend, data.legend);
  fitHeight({ canvasBox }, data);

  const vis = globalThis.vis;
  const nodes = new vis.DataSet([]);
  const edges = new vis.DataSet([]);
  const network = new vis.Network(canvasBox, { nodes, edges }, BASE_OPTIONS);
  // vis-network focuses its frame at every mouse move over the map (keyboard.autoFocus), and a
  // plain focus() scrolls what is focused into view: a map taller than the rest of the window
  // slid up under the pointer, and the click landed elsewhere (at 1280×720 the first click on
  // a node selected nothing). Its frame is focused without scrolling.
  const frame = network.canvas && network.canvas.frame;
  if (frame) frame.focus = () => HTMLElement.prototype.focus.call(frame, { preventScroll: true });
  const instance = {
    wrapper, legend, canvasBox, nodes, edges, network,
    viewKey: null, dataKey: null, selected: null, wanted: Number(data.height) || 600,
  };

  network.on("click", (params) => {
    hideTooltip(canvasBox);  // a click shows details in the side panel only
    const id = params.nodes && params.nodes.length ? unkey(params.nodes[0]) : null;
    if (id === instance.selected) return;
    instance.selected = id;
    setStateValue("selected", id);
  });
  network.on("dragEnd", (params) => {
    if (!params.nodes || !params.nodes.length) return;
    const moved = network.getPositions(params.nodes);
    const out = {};
    for (const [id, pos] of Object.entries(moved)) out[unkey(id)] = [Math.round(pos.x), Math.round(pos.y)];
    setTriggerValue("dragged", out);
  });
  network.once("afterDrawing", () => {
    canvasBox.setAttribute("data-drawn", "true");
    // The page's first run sent the map alone: the rest of the page follows now (one rerun).
    if (data.report_drawn) requestAnimationFrame(() => setTriggerValue("drawn", true));
  });
  canvasBox.__network = network; // lets the browser test find a node on the canvas
  canvasBox.__key = key; // ... by the id vis-network knows it by
  return instance;
}

export default function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  if (!data || !globalThis.vis) return undefined;

  let instance = INSTANCES.get(parentElement);
  if (!instance) {
    instance = create(parentElement, data, setStateValue, setTriggerValue);
    INSTANCES.set(parentElement, instance);
  }
  const { network, nodes, edges, canvasBox } = instance;

  buildLegend(instance.legend, data.legend);
  canvasBox.setAttribute("aria-label", String(data.aria_label || ""));
  if (instance.wanted !== (Number(data.height) || 600)) {
    fitHeight(instance, data);
    network.redraw();
  }
  const options = JSON.stringify(data.options || {});
  if (instance.options !== options) {
    instance.options = options;
    network.setOptions(data.options || {});
  }
  if (instance.dataKey !== data.data_key) {
    instance.dataKey = data.data_key;
    syncDataSet(nodes, (data.nodes || []).map(keyNode).map(shortTitle));
    syncDataSet(edges, (data.edges || []).map(keyEdge));
  }

  const selected = data.selected ?? null;
  instance.selected = selected;
  if (selected !== null && nodes.get(key(selected))) network.selectNodes([key(selected)]);
  else network.unselectAll();

  if (instance.viewKey !== data.view_key) {
    instance.viewKey = data.view_key;
    const focus = (data.fit_nodes || []).map(key).filter((id) => nodes.get(id));
    network.fit(focus.length ? { nodes: focus, animation: false } : { animation: false });
    if (focus.length && network.getScale() > 1.3) {
      network.moveTo({ position: network.getViewPosition(), scale: 1.3, animation: false });
    }
    // Label boxes are known once drawn: then fit them tightly (before anyone sees the frame).
    network.once("afterDrawing", () => tightFit(network, focus, focus.length ? 1.3 : 1.0, canvasBox));
  }
  canvasBox.setAttribute("data-node-count", String(nodes.length));

  return () => {
    network.destroy();
    INSTANCES.delete(parentElement);
  };
}
