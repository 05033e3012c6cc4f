// Drag and drop on the presentation outline's slide list, on top of its Up and Down buttons
// (plain forms, which keep working and remain the keyboard's way to reorder).
// Drop a slide on another to put it in that place; the whole new order is posted with the
// order version the page was drawn at (a stale order is refused and nothing moves), then the
// page reloads, so what is shown is always what was saved.
//
// What the server renders (templates/presentation/outline.html):
//   <div data-slide-order data-order-url data-order-version><p data-status role="status"></p>
//   <ol> <li data-slide-id id="slide-N"> <div class="app-slide-list__card"> ... </li> ... </ol></div>

const MOVED = "slide-order-moved"; // the slide to show again after the reload

function token() {
  const input = document.querySelector('input[name="csrf_token"]');
  return input ? input.value : "";
}

async function post(url, ids, version) {
  const body = new FormData();
  body.append("csrf_token", token());
  body.append("order_version", version);
  for (const id of ids) body.append("order", id);
  const response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
  if (response.status === 409) throw new Error("Someone else changed the slides meanwhile, so nothing was moved.");
  if (!response.ok) throw new Error(`The new order was refused (${response.status}).`);
}

class SlideOrder {
  constructor(holder) {
    this.holder = holder;
    this.list = holder.querySelector("ol");
    this.status = holder.querySelector("[data-status]");
    this.dragged = null;
    for (const item of this.list.querySelectorAll(":scope > li[data-slide-id]")) {
      const card = item.querySelector(".app-slide-list__card");
      card.draggable = true;
      card.classList.add("app-slide-list__card--draggable");
      card.addEventListener("dragstart", (event) => this.start(event, item));
      card.addEventListener("dragend", () => this.end());
      card.addEventListener("dragover", (event) => this.over(event, item));
      card.addEventListener("dragleave", () => card.classList.remove("app-slide-list__card--target"));
      card.addEventListener("drop", (event) => this.drop(event, item));
    }
  }

  items() {
    return [...this.list.querySelectorAll(":scope > li[data-slide-id]")];
  }

  start(event, item) {
    if (event.target.closest && event.target.closest("a, button, input, select")) {
      event.preventDefault(); // a link or a button inside the card is not a handle
      return;
    }
    this.dragged = item;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.slideId);
    item.classList.add("app-slide-list__item--dragging");
  }

  end() {
    if (this.dragged) this.dragged.classList.remove("app-slide-list__item--dragging");
    for (const card of this.list.querySelectorAll(".app-slide-list__card--target")) {
      card.classList.remove("app-slide-list__card--target");
    }
    this.dragged = null;
  }

  over(event, target) {
    if (!this.dragged || target === this.dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    target.querySelector(".app-slide-list__card").classList.add("app-slide-list__card--target");
  }

  async drop(event, target) {
    const dragged = this.dragged;
    this.end();
    if (!dragged || target === dragged) return;
    event.preventDefault();
    const items = this.items();
    const from = items.indexOf(dragged);
    const to = items.indexOf(target);
    const ids = items.map((li) => li.dataset.slideId);
    ids.splice(from, 1);
    ids.splice(to, 0, dragged.dataset.slideId);
    this.status.textContent = "Saving the new order…";
    try {
      await post(this.holder.dataset.orderUrl, ids, this.holder.dataset.orderVersion);
      sessionStorage.setItem(MOVED, dragged.id);
      window.location.reload();
    } catch (error) {
      this.status.textContent = `${error.message} Reload the page and try again.`;
    }
  }
}

for (const holder of document.querySelectorAll("[data-slide-order]")) new SlideOrder(holder);

const moved = sessionStorage.getItem(MOVED);
if (moved) {
  sessionStorage.removeItem(MOVED);
  const item = document.getElementById(moved);
  if (item) item.scrollIntoView({ block: "center" });
}
