// Drag and drop on the driver diagram's tree, on top of its plain forms (which keep working and
// remain the keyboard's way: Up, Down, and "Change" > move under another driver):
// - drag a driver or a change idea onto another of its kind in the same list to put it there;
// - drag a change idea onto a secondary driver, or a secondary driver onto a primary driver, to
//   move it under that driver (at the end).
// Each drop sends the same forms the buttons send (the CSRF token in the form body), then the
// page reloads (scrolled to the moved item), so what is shown is always what was saved.
//
// What the server renders (templates/qi/drivers.html and drivers_node.html):
//   <div data-qi-tree><p data-status role="status"></p> ... <li data-node-kind data-node-id
//   data-node-url> ... <div class="app-qi-node"> ... </li> ... </div>

const MOVED = "qi-drivers-moved"; // the item to show again after the reload
const PARENT_KIND = { idea: "secondary", secondary: "primary" };
const PARENT_FIELD = { idea: ["place", "driver_id"], secondary: ["parent", "parent_id"] };

function token() {
  const input = document.querySelector('input[name="csrf_token"]');
  return input ? input.value : "";
}

async function post(url, fields) {
  const body = new FormData();
  body.append("csrf_token", token());
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  const response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
  if (!response.ok) throw new Error(`The change was refused (${response.status}).`);
}

function nodeOf(element) {
  return element && element.closest ? element.closest("li[data-node-kind]") : null;
}

class DragTree {
  constructor(holder) {
    this.holder = holder;
    this.status = holder.querySelector("[data-status]");
    this.dragged = null;
    for (const item of holder.querySelectorAll("li[data-node-kind]")) {
      const handle = item.querySelector(":scope > .app-qi-node");
      handle.draggable = true;
      handle.classList.add("app-qi-node--draggable");
      handle.addEventListener("dragstart", (event) => this.start(event, item));
      handle.addEventListener("dragend", () => this.end());
      handle.addEventListener("dragover", (event) => this.over(event, item));
      handle.addEventListener("dragleave", () => handle.classList.remove("app-qi-node--target"));
      handle.addEventListener("drop", (event) => this.drop(event, item));
    }
  }

  start(event, item) {
    if (event.target.closest("a, button, input, select, summary, details")) {
      event.preventDefault(); // a link or a control inside the node is not a handle
      return;
    }
    this.dragged = item;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.nodeId);
    item.classList.add("app-qi-tree--dragging");
  }

  end() {
    if (this.dragged) this.dragged.classList.remove("app-qi-tree--dragging");
    for (const target of this.holder.querySelectorAll(".app-qi-node--target")) {
      target.classList.remove("app-qi-node--target");
    }
    this.dragged = null;
  }

  plan(target) {
    const dragged = this.dragged;
    if (!dragged || target === dragged) return null;
    const kind = dragged.dataset.nodeKind;
    if (target.dataset.nodeKind === kind && target.parentElement === dragged.parentElement) {
      const siblings = [...dragged.parentElement.children].filter((li) => li.dataset.nodeKind === kind);
      const steps = siblings.indexOf(target) - siblings.indexOf(dragged);
      return steps ? { kind: "order", steps } : null;
    }
    if (PARENT_KIND[kind] === target.dataset.nodeKind && nodeOf(dragged.parentElement) !== target) {
      return { kind: "parent", parentId: target.dataset.nodeId };
    }
    return null;
  }

  over(event, target) {
    if (!this.plan(target)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    target.querySelector(":scope > .app-qi-node").classList.add("app-qi-node--target");
  }

  async drop(event, target) {
    const plan = this.plan(target);
    const dragged = this.dragged;
    this.end();
    if (!plan) return;
    event.preventDefault();
    const url = dragged.dataset.nodeUrl;
    this.status.textContent = "Saving the move…";
    try {
      if (plan.kind === "order") {
        const direction = plan.steps < 0 ? "up" : "down";
        for (let n = 0; n < Math.abs(plan.steps); n += 1) await post(`${url}/move`, { direction });
      } else {
        const [path, field] = PARENT_FIELD[dragged.dataset.nodeKind];
        await post(`${url}/${path}`, { [field]: plan.parentId });
      }
      sessionStorage.setItem(MOVED, dragged.id);
      window.location.reload();
    } catch (error) {
      this.status.textContent = `${error.message} Reload the page and try again.`;
    }
  }
}

for (const holder of document.querySelectorAll("[data-qi-tree]")) new DragTree(holder);

const moved = sessionStorage.getItem(MOVED);
if (moved) {
  sessionStorage.removeItem(MOVED);
  const item = document.getElementById(moved);
  if (item) item.scrollIntoView({ block: "center" });
}
