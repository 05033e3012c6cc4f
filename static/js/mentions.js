// @mentions in comment boxes: typing @ offers the team's people in a list to choose from.
//
// The pattern is ARIA's autocomplete list on a text box: the box keeps focus and points at the
// chosen option with aria-activedescendant; arrow keys move, Enter or Tab inserts, Esc closes,
// and a click works too. Choosing inserts "@Full Name ", which the server matches. The names
// come from a JSON block the page renders (names only, never email addresses).

const MAX_SHOWN = 8;
const MAX_QUERY = 40;

function readPeople() {
  const block = document.getElementById("mentionable-people");
  if (!block) return [];
  try {
    const names = JSON.parse(block.textContent);
    return Array.isArray(names) ? names.filter((name) => typeof name === "string") : [];
  } catch (error) {
    return [];
  }
}

// The "@..." being typed just before the caret: {at, query}, or null.
function mentionBeforeCaret(textarea) {
  const caret = textarea.selectionStart;
  if (caret !== textarea.selectionEnd) return null;
  const before = textarea.value.slice(Math.max(0, caret - MAX_QUERY - 1), caret);
  const match = /(?:^|[^\w@])@([^@\n]*)$/u.exec(before);
  if (!match) return null;
  const query = match[1];
  if (query.split(" ").length > 4) return null;  // a sentence, not a name
  return { at: caret - query.length - 1, query };
}

function matching(people, query) {
  const wanted = query.trimStart().toLowerCase();
  return people
    .filter((name) => {
      // "@ravi" finds "Dr Ravi Patel": the match may start at any word of the name.
      const words = name.toLowerCase().split(/\s+/);
      return words.some((word, i) => words.slice(i).join(" ").startsWith(wanted));
    })
    .slice(0, MAX_SHOWN);
}

class MentionBox {
  constructor(textarea, people, index) {
    this.textarea = textarea;
    this.people = people;
    this.mention = null;  // the "@..." the list is for
    this.dismissedAt = null;  // the @ whose list Esc closed
    this.active = 0;
    this.shown = [];

    this.list = document.createElement("ul");
    this.list.id = `mention-list-${index}`;
    this.list.className = "app-mention-list";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", "People to mention");
    this.list.hidden = true;
    this.status = document.createElement("span");
    this.status.className = "nhsuk-u-visually-hidden";
    this.status.setAttribute("aria-live", "polite");
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", this.list.id);
    textarea.parentElement.classList.add("app-mention-host");
    textarea.after(this.list, this.status);

    textarea.addEventListener("input", () => this.update());
    textarea.addEventListener("click", () => this.update());
    textarea.addEventListener("keydown", (event) => this.onKey(event));
    textarea.addEventListener("blur", () => this.close());
    // Keep focus in the box when an option is pressed with the mouse.
    this.list.addEventListener("mousedown", (event) => event.preventDefault());
  }

  get open() { return !this.list.hidden; }

  update() {
    const mention = mentionBeforeCaret(this.textarea);
    if (!mention || mention.at === this.dismissedAt) {
      this.close();
      return;
    }
    this.dismissedAt = null;
    const shown = matching(this.people, mention.query);
    if (!shown.length) {
      this.close();
      return;
    }
    this.mention = mention;
    const same = shown.length === this.shown.length && shown.every((name, i) => name === this.shown[i]);
    this.shown = shown;
    if (!same || !this.open) this.active = 0;
    this.render();
  }

  render() {
    this.list.replaceChildren(...this.shown.map((name, i) => {
      const option = document.createElement("li");
      option.id = `${this.list.id}-${i}`;
      option.className = "app-mention-list__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", String(i === this.active));
      option.textContent = name;
      option.addEventListener("click", () => this.choose(i));
      return option;
    }));
    const wasOpen = this.open;
    this.list.hidden = false;
    this.textarea.setAttribute("aria-activedescendant", `${this.list.id}-${this.active}`);
    if (!wasOpen) {
      const people = this.shown.length === 1 ? "1 person" : `${this.shown.length} people`;
      this.status.textContent = `${people} to mention. Up and down arrows to move, Enter to choose, Escape to close.`;
    }
  }

  close() {
    if (!this.open) return;
    this.list.hidden = true;
    this.list.replaceChildren();
    this.shown = [];
    this.mention = null;
    this.textarea.removeAttribute("aria-activedescendant");
    this.status.textContent = "";
  }

  move(step) {
    this.active = (this.active + step + this.shown.length) % this.shown.length;
    this.render();
  }

  onKey(event) {
    if (!this.open) return;
    if (event.key === "ArrowDown") this.move(1);
    else if (event.key === "ArrowUp") this.move(-1);
    else if (event.key === "Enter" || event.key === "Tab") this.choose(this.active);
    else if (event.key === "Escape") {
      this.dismissedAt = this.mention.at;
      this.close();
    } else return;
    event.preventDefault();
  }

  choose(i) {
    const name = this.shown[i];
    const { at } = this.mention;
    const caret = this.textarea.selectionStart;
    this.close();
    this.textarea.focus();
    this.textarea.setRangeText(`@${name} `, at, caret, "end");
    this.status.textContent = `${name} mentioned.`;
  }
}

const people = readPeople();
if (people.length) {
  document.querySelectorAll("#comments textarea[name=body]").forEach((textarea, i) => new MentionBox(textarea, people, i));
}
