// The power/interest grid, on top of a page that works without JavaScript:
// - drag a marker (mouse, pen or touch) to another square, or focus it and use the arrow keys
//   (left/right: interest, up/down: power); each move is saved at once with a PATCH;
// - Undo (the button, or Ctrl+Z) saves the previous scores back;
// - the category and owner <select data-grid-filter> filter the markers on the spot;
// - focusing a marker or a "+N" cluster shows its details under the grid.
//
// What the server renders (workspace/stakeholders/svg_drawing.py):
//   <svg data-stakeholder-grid [data-editable data-api-url-template=".../stakeholders/{id}"
//        data-plot-x/y/width/height data-score-min/max/high data-slot-cols/rows]>
//   markers: <g class="app-sh-marker" data-stakeholder-id data-power data-interest
//             data-version? data-name data-details data-category data-owner>
//   clusters: <g class="app-sh-cluster" data-power data-interest data-members="[...]">
import { api } from "./api.js";

const UNDO_LIMIT = 20;
const DRAG_START_PX = 4;
const KEY_STEPS = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [1, 0], ArrowDown: [-1, 0] };

function quadrant(power, interest, high) {
  if (power >= high) return interest >= high ? "manage closely" : "keep satisfied";
  return interest >= high ? "keep informed" : "monitor";
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

class Grid {
  constructor(svg) {
    this.svg = svg;
    const data = svg.dataset;
    this.editable = svg.hasAttribute("data-editable");
    const holder = svg.closest("[data-api-url-template]");
    this.urlTemplate = holder ? holder.dataset.apiUrlTemplate : "";
    this.plot = {
      x: Number(data.plotX), y: Number(data.plotY), width: Number(data.plotWidth), height: Number(data.plotHeight),
    };
    this.min = Number(data.scoreMin || 1);
    this.max = Number(data.scoreMax || 5);
    this.high = Number(data.scoreHigh || 3);
    this.cols = Number(data.slotCols || 3);
    this.rows = Number(data.slotRows || 4);
    this.cells = this.max - this.min + 1;
    this.undoStack = [];
    this.state = new WeakMap(); // marker -> {saving, next, heading, confirmed: {power, interest, transform}}
    this.drag = null;
    this.buildTools();
    this.markers().forEach((marker) => this.remember(marker));
    svg.addEventListener("focusin", (event) => this.showDetails(event.target));
    if (this.editable && this.urlTemplate) this.enableMoving();
  }

  markers() {
    return [...this.svg.querySelectorAll(".app-sh-marker[data-stakeholder-id]")];
  }

  remember(marker) {
    const label = this.svg.querySelector(`.app-sh-label[data-label-for="${marker.dataset.stakeholderId}"]`);
    this.state.set(marker, {
      label,
      home: marker.getAttribute("transform"),
      saving: false,
      next: null,
      heading: null,
      confirmed: { power: Number(marker.dataset.power), interest: Number(marker.dataset.interest),
                   transform: marker.getAttribute("transform") },
    });
  }

  // --- what is shown under the grid ---------------------------------------------------------

  buildTools() {
    const id = this.svg.id || "sh-grid";
    this.tools = element("div", { class: "app-sh-grid-tools" });
    if (this.editable && this.urlTemplate) {
      const hint = element("p", { class: "nhsuk-hint app-sh-grid-tools__hint", id: `${id}-hint` },
        "Drag a stakeholder to another square, or select one with the Tab key and move it with the " +
        "arrow keys: left and right change interest, up and down change power. Each move is saved " +
        "at once. Undo (or Ctrl+Z) puts the last move back.");
      this.svg.before(hint); // read before the grid, not after it
      this.markers().forEach((marker) => marker.setAttribute("aria-describedby", hint.id));
    }
    this.details = element("p", { class: "app-sh-grid-tools__details" });
    this.status = element("div", { class: "app-sh-grid-tools__status", role: "status", "aria-live": "polite" });
    this.undoButton = element("button", { type: "button", class: "nhsuk-button nhsuk-button--secondary app-sh-undo" },
      "Undo");
    this.undoButton.hidden = true;
    this.undoButton.addEventListener("click", () => this.undo());
    this.tools.append(this.details, this.status, this.undoButton);
    this.svg.after(this.tools);
  }

  showDetails(target) {
    const item = target.closest && target.closest(".app-sh-marker, .app-sh-cluster");
    if (!item) return;
    const title = item.querySelector("title");
    this.details.textContent = title ? title.textContent : "";
  }

  say(message, isError = false) {
    this.status.classList.toggle("app-sh-grid-tools__status--error", isError);
    this.status.textContent = message;
  }

  // --- moving -------------------------------------------------------------------------------

  enableMoving() {
    this.drop = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    this.drop.setAttribute("class", "app-sh-drop");
    this.drop.setAttribute("width", String(this.plot.width / this.cells));
    this.drop.setAttribute("height", String(this.plot.height / this.cells));
    this.drop.setAttribute("visibility", "hidden");
    const layer = this.svg.querySelector(".app-sh-markers");
    layer.before(this.drop);
    for (const marker of this.markers()) {
      marker.addEventListener("pointerdown", (event) => this.dragStart(event, marker));
      // Chromium ignores touch-action on elements inside an <svg>: without this, a finger
      // dragging a marker scrolls the page (or swipes back a page) instead. Elsewhere on the
      // grid the page still scrolls.
      marker.addEventListener("touchstart", (event) => event.preventDefault(), { passive: false });
      marker.addEventListener("pointermove", (event) => this.dragMove(event));
      marker.addEventListener("pointerup", (event) => this.dragEnd(event, false));
      marker.addEventListener("pointercancel", (event) => this.dragEnd(event, true));
      marker.addEventListener("keydown", (event) => this.onKey(event, marker));
    }
    document.addEventListener("keydown", (event) => {
      const undoKeys = (event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === "z";
      const here = event.target === document.body || this.svg.contains(event.target) || this.tools.contains(event.target);
      if (undoKeys && here && this.undoStack.length) {
        event.preventDefault();
        this.undo();
      }
    });
  }

  toSvg(event) {
    const matrix = this.svg.getScreenCTM().inverse();
    return new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
  }

  translation(marker) {
    const match = /translate\(\s*([-\d.]+)[ ,]+([-\d.]+)\s*\)/.exec(marker.getAttribute("transform") || "");
    return match ? { x: Number(match[1]), y: Number(match[2]) } : { x: 0, y: 0 };
  }

  place(marker, x, y) {
    marker.setAttribute("transform", `translate(${Math.round(x * 100) / 100} ${Math.round(y * 100) / 100})`);
    this.showLabel(marker);
  }

  // A marker's name (drawn beside it in a roomy square) shows only while the marker is where
  // the server put it and not filtered out: elsewhere it could cover another marker.
  showLabel(marker) {
    const state = this.state.get(marker);
    if (!state || !state.label) return;
    const away = marker.getAttribute("transform") !== state.home;
    state.label.classList.toggle("app-sh-label--hidden", away || marker.classList.contains("app-sh-marker--filtered"));
  }

  cellAt(x, y) {
    const clamp = (value) => Math.min(this.max, Math.max(this.min, value));
    const cellWidth = this.plot.width / this.cells;
    const cellHeight = this.plot.height / this.cells;
    return {
      interest: clamp(this.min + Math.floor((x - this.plot.x) / cellWidth)),
      power: clamp(this.max - Math.floor((y - this.plot.y) / cellHeight)),
    };
  }

  cellOrigin(power, interest) {
    const cellWidth = this.plot.width / this.cells;
    const cellHeight = this.plot.height / this.cells;
    return { x: this.plot.x + (interest - this.min) * cellWidth, y: this.plot.y + (this.max - power) * cellHeight,
             width: cellWidth, height: cellHeight };
  }

  dragStart(event, marker) {
    if (event.button !== 0 || this.drag) return;
    event.preventDefault(); // no text selection, no scrolling; focus by hand instead
    marker.focus({ preventScroll: true });
    marker.setPointerCapture(event.pointerId);
    this.drag = { marker, pointerId: event.pointerId, start: this.toSvg(event), origin: this.translation(marker),
                  screen: { x: event.clientX, y: event.clientY }, moving: false };
  }

  dragMove(event) {
    const drag = this.drag;
    if (!drag || event.pointerId !== drag.pointerId) return;
    if (!drag.moving) {
      if (Math.hypot(event.clientX - drag.screen.x, event.clientY - drag.screen.y) < DRAG_START_PX) return;
      drag.moving = true;
      drag.marker.classList.add("app-sh-marker--dragging");
    }
    const point = this.toSvg(event);
    const x = drag.origin.x + point.x - drag.start.x;
    const y = drag.origin.y + point.y - drag.start.y;
    this.place(drag.marker, x, y);
    const cell = this.cellAt(x, y);
    const box = this.cellOrigin(cell.power, cell.interest);
    this.drop.setAttribute("x", String(box.x));
    this.drop.setAttribute("y", String(box.y));
    this.drop.setAttribute("visibility", "visible");
  }

  dragEnd(event, cancelled) {
    const drag = this.drag;
    if (!drag || event.pointerId !== drag.pointerId) return;
    this.drag = null;
    this.drop.setAttribute("visibility", "hidden");
    drag.marker.classList.remove("app-sh-marker--dragging");
    if (drag.marker.hasPointerCapture(event.pointerId)) drag.marker.releasePointerCapture(event.pointerId);
    if (!drag.moving) return;
    const at = this.translation(drag.marker);
    const cell = this.cellAt(at.x, at.y);
    const { power, interest } = this.target(drag.marker);
    if (cancelled || (cell.power === power && cell.interest === interest)) {
      this.place(drag.marker, drag.origin.x, drag.origin.y);
      return;
    }
    this.move(drag.marker, cell.power, cell.interest);
  }

  onKey(event, marker) {
    const step = KEY_STEPS[event.key];
    if (!step || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const now = this.target(marker);
    const power = Math.min(this.max, Math.max(this.min, now.power + step[0]));
    const interest = Math.min(this.max, Math.max(this.min, now.interest + step[1]));
    if (power === now.power && interest === now.interest) {
      this.say(`${marker.dataset.name} is already at the edge: ${step[0] ? "power" : "interest"} ` +
               `${step[0] ? power : interest} is the ${(step[0] || step[1]) > 0 ? "highest" : "lowest"}.`);
      return;
    }
    this.move(marker, power, interest);
  }

  // Where the marker is heading: the last move asked for (saved or not yet), else where it is saved.
  target(marker) {
    const state = this.state.get(marker);
    return state.heading || { power: state.confirmed.power, interest: state.confirmed.interest };
  }

  // Where a moved marker goes in its new square: the middle of an empty square, else the
  // first of the square's slots that covers no other marker and no name drawn there.
  slotIn(marker, power, interest) {
    const box = this.cellOrigin(power, interest);
    const inside = (r) => r.x < box.x + box.width && box.x < r.x + r.width && r.y < box.y + box.height && box.y < r.y + r.height;
    const taken = [];
    for (const other of this.svg.querySelectorAll(".app-sh-marker, .app-sh-cluster")) {
      if (other === marker || other.classList.contains("app-sh-marker--filtered")) continue;
      const at = this.translation(other);
      const own = other.getBBox();
      taken.push({ x: at.x + own.x, y: at.y + own.y, width: own.width, height: own.height });
    }
    for (const name of this.svg.querySelectorAll(".app-sh-label:not(.app-sh-label--hidden)")) taken.push(name.getBBox());
    const here = taken.filter(inside);
    if (!here.length) return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const own = marker.getBBox();
    const slotWidth = box.width / this.cols;
    const slotHeight = box.height / this.rows;
    const clear = (x, y) => here.every((r) => x + own.x + own.width <= r.x || r.x + r.width <= x + own.x ||
                                            y + own.y + own.height <= r.y || r.y + r.height <= y + own.y);
    for (let row = 0; row < this.rows; row += 1) {
      for (let col = 0; col < this.cols; col += 1) {
        const x = box.x + slotWidth * (col + 0.5);
        const y = box.y + slotHeight * (row + 0.5);
        if (clear(x, y)) return { x, y };
      }
    }
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 }; // a full square: on top, as a last resort
  }

  // Show the move now, save it, and put the marker back if the save fails. Moves of one
  // marker are saved one at a time, each with the version the previous answer gave; keys
  // pressed during a save only change where the next save goes.
  move(marker, power, interest, { undoing = false } = {}) {
    const state = this.state.get(marker);
    const slot = this.slotIn(marker, power, interest);
    this.place(marker, slot.x, slot.y);
    marker.dataset.power = String(power);
    marker.dataset.interest = String(interest);
    state.next = { power, interest, undoing };
    state.heading = { power, interest };
    if (!state.saving) this.save(marker);
  }

  async save(marker) {
    const state = this.state.get(marker);
    const wanted = state.next;
    state.next = null;
    state.saving = true;
    marker.classList.add("app-sh-marker--saving");
    const body = { power: wanted.power, interest: wanted.interest };
    if (marker.dataset.version !== undefined && marker.dataset.version !== "") body.version = Number(marker.dataset.version);
    const url = this.urlTemplate.replace("{id}", encodeURIComponent(marker.dataset.stakeholderId));
    let failure = null;
    let answer = null;
    try {
      answer = await api("PATCH", url, body);
      if (answer.status < 200 || answer.status >= 300) {
        const message = answer.data && answer.data.error && answer.data.error.message;
        failure = message || `The move was not saved (error ${answer.status}).`;
      }
    } catch (error) {
      failure = error.message || "The workspace could not be reached.";
    }
    state.saving = false;
    marker.classList.remove("app-sh-marker--saving");
    const name = marker.dataset.name;
    if (failure) {
      state.next = null;
      state.heading = null;
      this.restore(marker, state.confirmed);
      this.say(`${name} was not moved: ${failure} It is back at power ${state.confirmed.power}, ` +
               `interest ${state.confirmed.interest}.`, true);
      return;
    }
    const data = answer.data || {};
    const saved = { power: Number(data.power || wanted.power), interest: Number(data.interest || wanted.interest) };
    if (data.version !== undefined && data.version !== null) marker.dataset.version = String(data.version);
    const before = { power: state.confirmed.power, interest: state.confirmed.interest };
    state.confirmed = { ...saved, transform: marker.getAttribute("transform") };
    this.describe(marker, saved);
    const where = `power ${saved.power}, interest ${saved.interest} (${quadrant(saved.power, saved.interest, this.high)})`;
    if (wanted.undoing) {
      this.say(`Undone: ${name} is back at ${where}.`);
    } else {
      this.undoStack.push({ marker, before });
      if (this.undoStack.length > UNDO_LIMIT) this.undoStack.shift();
      this.say(`Moved ${name} to ${where}.`);
    }
    this.updateUndo();
    if (state.next) this.save(marker);
    else state.heading = null;
  }

  restore(marker, confirmed) {
    marker.setAttribute("transform", confirmed.transform);
    this.showLabel(marker);
    marker.dataset.power = String(confirmed.power);
    marker.dataset.interest = String(confirmed.interest);
  }

  // The tooltip and the accessible name say the new scores (same wording as the server's).
  describe(marker, { power, interest }) {
    const lines = [marker.dataset.name, `Power ${power}, interest ${interest}: ${quadrant(power, interest, this.high)}`];
    if (marker.dataset.details) lines.push(...marker.dataset.details.split("\n"));
    const title = marker.querySelector("title");
    if (title) title.textContent = lines.join("\n");
    marker.setAttribute("aria-label", lines.join("; "));
    if (document.activeElement === marker) this.showDetails(marker);
  }

  updateUndo() {
    const last = this.undoStack[this.undoStack.length - 1];
    this.undoButton.hidden = !last;
    if (last) {
      this.undoButton.textContent = `Undo: move ${last.marker.dataset.name} back to power ${last.before.power}, ` +
        `interest ${last.before.interest}`;
    }
  }

  undo() {
    const last = this.undoStack.pop();
    const fromButton = document.activeElement === this.undoButton;
    this.updateUndo();
    if (!last) return;
    // the button hides when nothing is left to undo: keep the keyboard where the work is
    if (fromButton && this.undoButton.hidden) last.marker.focus({ preventScroll: true });
    this.move(last.marker, last.before.power, last.before.interest, { undoing: true });
  }

  // --- filtering ------------------------------------------------------------------------------

  filter(wanted) {
    const matches = (item) => Object.entries(wanted).every(([key, value]) => (item[key] || "") === value);
    let shown = 0;
    let total = 0;
    for (const marker of this.markers()) {
      total += 1;
      const keep = matches(marker.dataset);
      marker.classList.toggle("app-sh-marker--filtered", !keep);
      this.showLabel(marker);
      if (keep) shown += 1;
    }
    for (const cluster of this.svg.querySelectorAll(".app-sh-cluster")) {
      const members = JSON.parse(cluster.dataset.members || "[]");
      const kept = members.filter(matches);
      total += members.length;
      shown += kept.length;
      cluster.classList.toggle("app-sh-cluster--filtered", kept.length === 0);
      const count = cluster.querySelector(".app-sh-cluster__count");
      if (count) count.textContent = `+${kept.length}`;
      const head = `${kept.length} more at power ${cluster.dataset.power}, interest ${cluster.dataset.interest} ` +
        `(${quadrant(Number(cluster.dataset.power), Number(cluster.dataset.interest), this.high)})`;
      const title = cluster.querySelector("title");
      if (title) title.textContent = [`${head}:`, ...kept.map((m) => m.name)].join("\n");
      if (cluster.hasAttribute("aria-label")) cluster.setAttribute("aria-label", `${head}: ${kept.map((m) => m.name).join(", ")}`);
    }
    const filtered = Object.keys(wanted).length > 0;
    this.say(filtered ? `Showing ${shown} of ${total} stakeholders.` : `Showing all ${total} stakeholders.`);
  }
}

function chosenFilters() {
  const wanted = {};
  for (const select of document.querySelectorAll("select[data-grid-filter]")) {
    const option = select.selectedOptions[0];
    if (option && option.value !== "") {
      wanted[select.dataset.gridFilter] = (option.dataset.gridValue ?? option.textContent).trim();
    }
  }
  return wanted;
}

const grids = [...document.querySelectorAll("svg[data-stakeholder-grid]")].map((svg) => new Grid(svg));
for (const select of document.querySelectorAll("select[data-grid-filter]")) {
  select.addEventListener("change", () => {
    const wanted = chosenFilters();
    grids.forEach((grid) => grid.filter(wanted));
  });
}
