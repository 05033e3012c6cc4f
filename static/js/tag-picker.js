// Type-to-filter on the framework tag picker (templates/framework/_tags.html). Without this
// script the picker is a plain select with optgroups, which works by keyboard on its own.
//
// It adds a search box before the select: typing narrows the select's options to those whose
// name (or group: a domain or theme) holds every word typed, selects the first match and says
// how many match in a live region. Enter in the box submits the form with that match; the arrow
// keys move through the matches without leaving the box.
//
// What the server renders: <div data-tag-picker> <label for=ID> <select id=ID data-tag-picker-select>
//   <optgroup label=...> <option value="domain:1">…</option> … </select></div>

function words(text) {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

class TagPicker {
  constructor(holder) {
    this.select = holder.querySelector("[data-tag-picker-select]");
    if (!this.select) return;
    const id = `${this.select.id}-search`;
    const label = document.createElement("label");
    label.className = "nhsuk-label";
    label.htmlFor = id;
    label.textContent = "Search the framework";
    this.input = document.createElement("input");
    this.input.type = "search";
    this.input.id = id;
    this.input.className = "nhsuk-input app-tags__search";
    this.input.autocomplete = "off";
    this.input.setAttribute("aria-describedby", `${id}-status`);
    this.input.setAttribute("aria-controls", this.select.id);
    this.status = document.createElement("p");
    this.status.id = `${id}-status`;
    this.status.className = "nhsuk-body-s app-tags__status";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    holder.insertBefore(this.status, holder.firstChild);
    holder.insertBefore(this.input, holder.firstChild);
    holder.insertBefore(label, holder.firstChild);
    this.options = [...this.select.querySelectorAll("option")].filter((o) => o.value);
    this.input.addEventListener("input", () => this.filter());
    this.input.addEventListener("keydown", (event) => this.key(event));
  }

  matches() {
    return this.options.filter((o) => !o.hidden && !o.disabled);
  }

  filter() {
    const wanted = words(this.input.value);
    for (const option of this.options) {
      const group = option.parentElement.label || "";
      const text = `${option.textContent} ${group}`.toLowerCase();
      option.hidden = !wanted.every((w) => text.includes(w));
    }
    for (const group of this.select.querySelectorAll("optgroup")) {
      group.hidden = ![...group.querySelectorAll("option")].some((o) => !o.hidden);
    }
    const found = this.matches();
    this.select.value = wanted.length && found.length ? found[0].value : "";
    this.status.textContent = !wanted.length ? "" : found.length === 0 ? "Nothing in the framework matches."
      : `${found.length} ${found.length === 1 ? "match" : "matches"}: ${found[0].textContent} selected.`;
  }

  key(event) {
    if (event.key === "Enter") {
      event.preventDefault();
      if (this.select.value) this.select.form.requestSubmit();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const found = this.matches();
    if (!found.length) return;
    event.preventDefault();
    const at = found.findIndex((o) => o.value === this.select.value);
    const next = event.key === "ArrowDown" ? Math.min(at + 1, found.length - 1) : Math.max(at - 1, 0);
    this.select.value = found[next].value;
    this.status.textContent = `${found[next].textContent} selected (${next + 1} of ${found.length}).`;
  }
}

for (const holder of document.querySelectorAll("[data-tag-picker]")) new TagPicker(holder);
