// Reordering a process map's steps, on top of the edit page's plain forms (which keep working):
// - drag a step (mouse, pen or touch) to another place in the list, or focus it and press
//   Alt+ArrowUp / Alt+ArrowDown;
// - each move is saved at once with PUT .../order {order, version}: the version guard means a
//   map someone else changed meanwhile answers 409, and the list goes back to what was saved;
// - Undo (the button, or Ctrl+Z on a step) saves the order before the last move.
//
// What the server renders (templates/processes/edit.html):
//   <div data-process-steps data-api="..." data-version="N">
//     <p data-status role="status"></p>
//     <ol><li data-step-id>...</li>...</ol>
import { api } from "./api.js";

const UNDO_LIMIT = 20;
const DRAG_START_PX = 4;

class StepList {
  constructor(holder) {
    this.holder = holder;
    this.url = holder.dataset.api;
    this.version = Number(holder.dataset.version);
    this.list = holder.querySelector("ol");
    this.status = holder.querySelector("[data-status]");
    this.undoStack = [];
    this.saving = Promise.resolve();
    this.undoButton = document.createElement("button");
    this.undoButton.type = "button";
    this.undoButton.className = "nhsuk-button nhsuk-button--secondary nhsuk-button--small app-process-undo";
    this.undoButton.textContent = "Undo";
    this.undoButton.hidden = true;
    this.undoButton.addEventListener("click", () => this.undo());
    this.list.before(this.undoButton);
    for (const item of this.items()) this.enable(item);
  }

  items() {
    return [...this.list.querySelectorAll("li[data-step-id]")];
  }

  order() {
    return this.items().map((item) => Number(item.dataset.stepId));
  }

  label(item) {
    const text = item.querySelector(".app-process-step-list__label");
    return text ? text.textContent.replace(/^\s*\d+\.\s*/, "").trim() : "";
  }

  say(message, isError = false) {
    this.status.classList.toggle("app-process-steps__status--error", isError);
    this.status.textContent = message;
  }

  enable(item) {
    item.tabIndex = 0;
    item.setAttribute("aria-roledescription", "movable step");
    item.addEventListener("keydown", (event) => this.key(event, item));
    item.addEventListener("pointerdown", (event) => this.dragStart(event, item));
  }

  // --- the keyboard -------------------------------------------------------------------------

  key(event, item) {
    if (event.target !== item) return;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z") {
      event.preventDefault();
      this.undo();
      return;
    }
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    event.preventDefault();
    const sibling = event.key === "ArrowUp" ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) return;
    const before = this.order();
    if (event.key === "ArrowUp") sibling.before(item);
    else sibling.after(item);
    item.focus();
    this.moved(before, item);
  }

  // --- dragging -----------------------------------------------------------------------------

  dragStart(event, item) {
    if (event.button !== 0 || event.target.closest("a, button, input, select, form")) return;
    const start = { y: event.clientY, before: this.order(), dragging: false };
    const move = (e) => {
      if (!start.dragging && Math.abs(e.clientY - start.y) < DRAG_START_PX) return;
      start.dragging = true;
      item.classList.add("app-process-step-list__item--dragging");
      const over = document.elementFromPoint(e.clientX, e.clientY);
      const target = over && over.closest("li[data-step-id]");
      if (!target || target === item || target.parentElement !== this.list) return;
      const box = target.getBoundingClientRect();
      if (e.clientY < box.top + box.height / 2) target.before(item);
      else target.after(item);
    };
    const end = () => {
      document.removeEventListener("pointermove", move);
      document.removeEventListener("pointerup", end);
      item.classList.remove("app-process-step-list__item--dragging");
      if (start.dragging) this.moved(start.before, item);
    };
    document.addEventListener("pointermove", move);
    document.addEventListener("pointerup", end);
  }

  // --- saving -------------------------------------------------------------------------------

  renumber() {
    this.items().forEach((item, index) => {
      const number = item.querySelector(".app-process-step-list__label strong");
      if (number) number.textContent = `${index + 1}.`;
    });
  }

  arrange(order) {
    const byId = new Map(this.items().map((item) => [Number(item.dataset.stepId), item]));
    for (const id of order) this.list.append(byId.get(id));
    this.renumber();
  }

  moved(before, item) {
    const after = this.order();
    if (after.join() === before.join()) return;
    this.renumber();
    this.undoStack.push(before);
    if (this.undoStack.length > UNDO_LIMIT) this.undoStack.shift();
    this.undoButton.hidden = false;
    const place = after.indexOf(Number(item.dataset.stepId)) + 1;
    this.save(after, before, `“${this.label(item)}” is now step ${place}.`);
  }

  undo() {
    const previous = this.undoStack.pop();
    if (!previous) return;
    const current = this.order();
    this.arrange(previous);
    this.undoButton.hidden = this.undoStack.length === 0;
    this.save(previous, current, "The last move was undone.");
  }

  save(order, fallback, message) {
    this.saving = this.saving.then(async () => {
      this.say("Saving…");
      try {
        const answer = await api("PUT", this.url, { order, version: this.version });
        if (answer.status === 200) {
          this.version = answer.data.version;
          this.holder.dataset.version = String(this.version);
          // The plain forms on the page (move buttons, lanes) send the version too.
          for (const input of document.querySelectorAll('input[name="version"]')) input.value = String(this.version);
          this.say(`${message} Saved.`);
          return;
        }
        this.arrange(fallback);
        this.undoStack = [];
        this.undoButton.hidden = true;
        const reason = answer.data && answer.data.error ? answer.data.error.message : "The order could not be saved.";
        this.say(`${reason} Nothing was saved.`, true);
      } catch (error) {
        this.arrange(fallback);
        this.say("The workspace could not be reached: nothing was saved. Try again.", true);
      }
    });
  }
}

for (const holder of document.querySelectorAll("[data-process-steps]")) new StepList(holder);
