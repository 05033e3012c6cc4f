// The section editor, on top of a page that already works without JavaScript:
// - every keystroke is kept in this browser's local storage until the server has it;
// - autosave a few seconds after typing stops, through the merging PUT of the JSON API;
// - a live preview rendered by the server's own markdown renderer;
// - live updates (polling with ETags) and presence (a heartbeat);
// - a conflict view when someone else changed the same words;
// - comments on text selected in the preview.
import { api } from "./api.js";
import { replaceKeepingPlace } from "./caret.js";
import { draftKey, forgetDraft, keepDraft, loadDraft } from "./drafts.js";

const AUTOSAVE_MS = 2500;
const PREVIEW_MS = 600;
const POLL_MS = 4000;
const HEARTBEAT_MS = 20000;
const RETRY_MS = 10000;
// Polling and heartbeats say so, so that they do not keep an idle session alive.
const BACKGROUND = { "X-Background-Request": "1" };

const form = document.getElementById("section-form");
const preview = document.getElementById("preview");
const presenceLine = document.getElementById("presence");

function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

function timeNow() {
  return new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
}

// --- presence works for every reader, editor or not ---------------------------------------


const sectionUrl = (teamId, key) => `/api/v1/teams/${teamId}/sections/${encodeURIComponent(key)}`;

function showPresence(people) {
  if (!presenceLine) return;
  presenceLine.textContent = people.length ? `Also here: ${people.map((p) => p.name).join(", ")}` : "";
}

function startPresence(teamId, key) {
  const beat = () => api("POST", `${sectionUrl(teamId, key)}/presence`, {}, BACKGROUND)
    .then(({ status, data }) => { if (status === 200) showPresence(data.present); })
    .catch(() => {});
  beat();
  setInterval(beat, HEARTBEAT_MS);
}

// --- comments on selected text -------------------------------------------------------------

// Mark, in the preview, the text each open comment on this page quotes (where it is still
// there within one run of text); the mark links to its thread.
function markQuotes() {
  if (!preview) return;
  const threads = [...document.querySelectorAll(".app-thread[data-quote]:not(.app-thread--resolved)")]
    .filter((thread) => thread.dataset.quote);
  for (const thread of threads) {
    const quote = thread.dataset.quote;
    const walker = document.createTreeWalker(preview, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // Each whitespace character becomes one space, so offsets still match the text node.
      const at = node.data.replace(/\s/g, " ").indexOf(quote);
      if (at < 0 || node.parentElement.closest("a, mark")) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + quote.length);
      const mark = document.createElement("mark");
      mark.className = "app-quote-mark";
      const link = document.createElement("a");
      link.href = `#${thread.id}`;
      link.className = "app-quote-mark__link";
      link.textContent = quote;
      link.title = "Go to the comment on this text";
      mark.append(link);
      range.deleteContents();
      range.insertNode(mark);
      break;
    }
  }
}

function setUpSelectionComments() {
  const quoteInput = document.getElementById("comment-quote");
  const quoteBox = document.getElementById("quote-preview");
  const quoteText = document.getElementById("quote-text");
  const commentBody = document.getElementById("body-comment") || document.querySelector("#comment-form textarea");
  if (!preview || !quoteInput || !quoteBox) return;

  const button = document.createElement("button");
  button.type = "button";
  button.id = "comment-on-selection";
  button.className = "nhsuk-button nhsuk-button--secondary nhsuk-button--small";
  button.textContent = "Comment on selected text";
  button.hidden = true;
  preview.before(button);

  let selected = "";
  const readSelection = () => {
    const selection = window.getSelection();
    const text = selection ? selection.toString().replace(/\s+/g, " ").trim() : "";
    const inside = selection && selection.rangeCount && preview.contains(selection.getRangeAt(0).commonAncestorContainer);
    selected = inside ? text.slice(0, 1000) : "";
    button.hidden = !selected;
  };
  document.addEventListener("selectionchange", readSelection);
  button.addEventListener("click", () => {
    if (!selected) return;
    quoteInput.value = selected;
    quoteText.textContent = selected;
    quoteBox.hidden = false;
    button.hidden = true;
    if (commentBody) commentBody.focus();
  });
  const clear = document.getElementById("clear-quote");
  if (clear) {
    clear.addEventListener("click", () => {
      quoteInput.value = "";
      quoteText.textContent = "";
      quoteBox.hidden = true;
    });
  }
}

// --- writing and preview: side by side on wide screens, a switch between them on narrow ones ---

// Two buttons, "Write" and "Preview", each pressed while its pane shows. The CSS shows the
// switch and hides the other pane only on narrow screens, so wide screens keep both.
function addViewSwitch() {
  const workspace = document.getElementById("workspace");
  const panes = { write: document.getElementById("write-pane"), preview: document.getElementById("preview-pane") };
  if (!workspace || !panes.write || !panes.preview) return;
  const group = document.createElement("div");
  group.className = "app-view-switch";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", "Show the editor or the preview");
  const buttons = {};
  const show = (name) => {
    for (const [which, pane] of Object.entries(panes)) {
      pane.classList.toggle("app-workspace__pane--away", which !== name);
      buttons[which].setAttribute("aria-pressed", String(which === name));
    }
  };
  for (const [name, label] of [["write", "Write"], ["preview", "Preview"]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "app-view-switch__button";
    button.id = `show-${name}`;
    button.textContent = label;
    button.setAttribute("aria-controls", panes[name].id);
    button.addEventListener("click", () => show(name));
    buttons[name] = button;
    group.append(button);
  }
  workspace.querySelector(".app-workspace__bar").after(group);
  show("write");
}

// --- the editor ------------------------------------------------------------------------------

class SectionEditor {
  constructor(formElement) {
    this.form = formElement;
    this.teamId = formElement.dataset.teamId;
    this.key = formElement.dataset.key;
    this.textarea = formElement.querySelector("textarea[name=body]");
    this.baseInput = document.getElementById("base-version");
    this.status = document.getElementById("save-status");
    this.storageKey = draftKey(formElement.dataset.userId, this.teamId, this.key);
    this.url = sectionUrl(this.teamId, this.key);
    // The text the server last confirmed for our base version: "unsaved" means different.
    this.serverBody = this.textarea.value;
    this.inFlight = false;
    this.blocked = formElement.dataset.conflict === "true";
    this.etag = null;
    this.autosave = debounce(() => this.save(), AUTOSAVE_MS);
    this.refreshPreview = debounce(() => this.renderPreview(), PREVIEW_MS);
  }

  get base() { return parseInt(this.baseInput.value, 10); }
  set base(version) {
    this.baseInput.value = String(version);
    const shown = document.getElementById("section-version");
    if (shown) shown.textContent = String(version);
  }
  get dirty() { return this.textarea.value !== this.serverBody; }

  start() {
    addViewSwitch();
    this.addToolbar();
    this.offerRecovery();
    this.textarea.addEventListener("input", () => this.onInput());
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.autosave.cancel(); this.save(); });
    window.addEventListener("online", () => { if (this.dirty) this.save(); });
    window.addEventListener("offline", () => this.say("Offline — kept on this device"));
    setInterval(() => this.poll(), POLL_MS);
    setInterval(() => { if (this.dirty && !this.inFlight && !this.blocked) this.save(); }, RETRY_MS);
    if (this.blocked) this.say("Resolve the clashes below, then save.");
  }

  say(text) { this.status.textContent = text; }

  keepLocally() { keepDraft(this.storageKey, this.textarea.value, this.base); }

  forgetLocal() { forgetDraft(this.storageKey); }

  onInput() {
    this.keepLocally();
    this.refreshPreview();
    if (this.hasMarkers()) {
      this.blocked = true;
      this.say("Remove the conflict markers (<<<<<<<, =======, >>>>>>>) to save.");
      return;
    }
    this.blocked = false;
    this.say(navigator.onLine ? "Unsaved changes" : "Offline — kept on this device");
    this.autosave();
  }

  hasMarkers() {
    return /^(<<<<<<< your version|>>>>>>> saved version)/m.test(this.textarea.value);
  }

  offerRecovery() {
    const draft = loadDraft(this.storageKey);  // null when there is none or it has expired
    if (!draft || draft.body === this.textarea.value) {
      if (draft) this.forgetLocal();
      return;
    }
    const banner = document.createElement("div");
    banner.className = "nhsuk-inset-text app-recovery";
    banner.id = "recovery";
    banner.setAttribute("role", "region");
    banner.setAttribute("aria-label", "Unsaved text");
    const when = new Date(draft.at).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
    const p = document.createElement("p");
    p.textContent = `This browser kept text you wrote here on ${when} that was never saved.`;
    const recover = document.createElement("button");
    recover.type = "button";
    recover.className = "nhsuk-button nhsuk-button--small";
    recover.id = "recover-draft";
    recover.textContent = "Recover my unsaved text";
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "nhsuk-button nhsuk-button--secondary nhsuk-button--small";
    discard.textContent = "Discard it";
    banner.append(p, recover, " ", discard);
    this.form.before(banner);
    recover.addEventListener("click", () => {
      this.textarea.value = draft.body;
      // The kept text started from its own version: saving from there merges, losing nothing.
      this.base = Number.isInteger(draft.base) ? draft.base : this.base;
      banner.remove();
      this.renderPreview();
      this.save();
    });
    discard.addEventListener("click", () => { this.forgetLocal(); banner.remove(); });
  }

  async save() {
    if (this.inFlight || this.blocked || !this.dirty) {
      if (!this.dirty && !this.inFlight) this.forgetLocal();
      return;
    }
    const sent = this.textarea.value;
    const sentBase = this.base;
    this.inFlight = true;
    this.say("Saving…");
    try {
      const { status, data } = await api("PUT", this.url, { body: sent, base_version: sentBase });
      this.handleSave(status, data, sent, sentBase);
    } catch (error) {
      this.say("Offline — kept on this device");
    } finally {
      this.inFlight = false;
    }
  }

  handleSave(status, data, sent, sentBase) {
    if (status === 200) {
      const unchangedSinceSend = this.textarea.value === sent;
      if (unchangedSinceSend) {
        replaceKeepingPlace(this.textarea, data.body);
        this.serverBody = data.body;
        this.base = data.version;
        this.forgetLocal();
        this.renderPreview();
      } else if (!data.merged) {
        // What we sent is exactly that version; the newer typing builds on it.
        this.serverBody = data.body;
        this.base = data.version;
        this.autosave();
      } else {
        // The server merged in someone else's work; our newer typing still starts from the
        // old base, so the next save merges again and keeps both.
        this.base = sentBase;
        this.autosave();
      }
      this.setWords(data.word_count, data.word_total);
      this.say(`Saved at ${timeNow()}${data.merged ? " — merged with changes someone else saved" : ""}`);
      return;
    }
    if (status === 409 && data && data.error && data.error.code === "busy") {
      this.say("Saving…");
      setTimeout(() => this.save(), 500 + Math.random() * 1000);
      return;
    }
    if (status === 409) {
      this.showConflict(data, sent);
      return;
    }
    const message = data && data.error ? data.error.message : `The save failed (${status}).`;
    if (status === 401) {
      this.say("You have been signed out. Your text is kept on this device: sign in again in another tab, then come back.");
    } else {
      this.say(`Not saved: ${message} Your text is kept on this device.`);
    }
  }

  showConflict(data, mine) {
    this.blocked = true;
    let panel = document.getElementById("conflict");
    if (!panel) {
      panel = document.createElement("div");
      panel.id = "conflict";
      panel.className = "nhsuk-warning-callout";
      document.getElementById("workspace").before(panel);
    }
    panel.replaceChildren();
    const heading = document.createElement("h2");
    heading.className = "nhsuk-warning-callout__label";
    heading.textContent = "Someone else changed the same words";
    const explain = document.createElement("p");
    explain.textContent = "Nothing has been saved yet and your text is safe. The editor now shows both versions of each clash between the markers. Keep what you want, delete the markers, and it saves.";
    const columns = document.createElement("div");
    columns.className = "nhsuk-grid-row";
    // Your text first, as the markers in the editor have it ("your version" above "saved version").
    for (const [title, text] of [["Your text", mine], ["Their saved text", data.current_body]]) {
      const column = document.createElement("div");
      column.className = "nhsuk-grid-column-one-half";
      const h = document.createElement("h3");
      h.className = "nhsuk-heading-xs";
      h.textContent = title;
      const pre = document.createElement("pre");
      pre.className = "app-pre";
      pre.tabIndex = 0;
      pre.textContent = text;
      column.append(h, pre);
      columns.append(column);
    }
    panel.append(heading, explain, columns);
    this.textarea.value = data.merged_with_markers;
    this.serverBody = data.current_body;
    this.base = data.current_version;
    this.keepLocally();
    this.renderPreview();
    this.say("Not saved: resolve the clashes, then it saves.");
    this.textarea.focus();
  }

  async poll() {
    if (document.hidden || this.inFlight) return;
    const headers = this.etag ? { ...BACKGROUND, "If-None-Match": this.etag } : { ...BACKGROUND };
    let result;
    try {
      result = await api("GET", this.url, undefined, headers);
    } catch (error) {
      return;
    }
    if (result.status === 304 || result.status !== 200) return;
    this.etag = result.headers.get("ETag");
    const section = result.data;
    if (section.version <= this.base || this.inFlight) return;
    if (!this.dirty && !this.blocked) {
      replaceKeepingPlace(this.textarea, section.body);
      this.serverBody = section.body;
      this.base = section.version;
      this.setWords(section.word_count);
      this.renderPreview();
      const who = section.updated_by ? section.updated_by.name : "someone";
      this.say(`Updated with changes ${who} saved at ${timeNow()}`);
    } else if (!this.blocked) {
      this.save();  // our unsaved text merges with theirs on the server
    }
  }

  setWords(count, total) {
    if (!Number.isInteger(count)) return;
    const words = document.getElementById("section-words");
    if (words) words.textContent = count.toLocaleString("en-GB");
    this.setTotal(total);
  }

  // The report's total as the server counts it, with the state (under, near, over within
  // the tolerance, over the tolerance) the server decides: the rule lives in one place.
  setTotal(total) {
    const box = document.getElementById("word-total");
    if (!box || !total || !Number.isInteger(total.counted)) return;
    box.dataset.counted = String(total.counted);
    document.getElementById("word-total-count").textContent = total.counted.toLocaleString("en-GB");
    document.getElementById("word-total-meter").value = Math.min(total.counted, total.hard_limit);
    box.className = `app-word-total app-word-total--${total.state}`;
    const tag = document.getElementById("word-total-state");
    if (tag) {
      const colour = { under: "green", near: "yellow", over_within_tolerance: "orange", over_tolerance: "red" }[total.state];
      tag.className = `nhsuk-tag nhsuk-tag--${colour}`;
      tag.dataset.state = total.state;
      tag.textContent = total.label;
    }
  }

  async renderPreview() {
    try {
      const { status, data } = await api("POST", `/api/v1/teams/${this.teamId}/preview`, { body: this.textarea.value, section: this.key });
      if (status === 200) {
        // The server's renderer escapes everything and allows no raw HTML.
        preview.innerHTML = data.html || '<p class="app-empty">Nothing written yet.</p>';
        markQuotes();
        this.setWords(data.word_count, data.word_total);
      }
    } catch (error) { /* offline: the preview catches up later */ }
  }

  addToolbar() {
    const tools = [
      ["Heading", "## ", "", "Heading"],
      ["Bold", "**", "**", "bold text"],
      ["Italic", "_", "_", "italic text"],
      ["Bulleted list", "- ", "", "List item"],
      ["Numbered list", "1. ", "", "List item"],
      ["Link", "[", "](https://)", "link text"],
      ["Quote", "> ", "", "Quotation"],
      ["Table", "\n| Column | Column |\n| --- | --- |\n| ", " | |\n", "Cell"],
    ];
    const bar = document.createElement("div");
    bar.className = "app-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatting");
    bar.setAttribute("aria-controls", this.textarea.id);
    for (const [label, before, after, placeholder] of tools) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "app-toolbar__button";
      button.textContent = label;
      button.addEventListener("click", () => this.wrap(before, after, placeholder));
      bar.append(button);
    }
    this.textarea.before(bar);
  }

  wrap(before, after, placeholder) {
    const { selectionStart: start, selectionEnd: end, value } = this.textarea;
    const chosen = value.slice(start, end) || placeholder;
    const lineStart = before.endsWith(" ") && !before.startsWith("\n");
    let prefix = before;
    if (lineStart && start > 0 && value[start - 1] !== "\n") prefix = `\n${before}`;
    this.textarea.setRangeText(prefix + chosen + after, start, end, "end");
    this.textarea.focus();
    this.textarea.setSelectionRange(start + prefix.length, start + prefix.length + chosen.length);
    this.onInput();
  }
}

// Readers (host partners, assessors) see others' saves too: the preview follows the section.
function startFollowing(teamId, key) {
  let etag = null;
  const shown = document.getElementById("section-version");
  let version = shown ? Number(shown.textContent) : null;  // the version this page was rendered at
  setInterval(async () => {
    if (document.hidden) return;
    try {
      const { status, data, headers } = await api("GET", sectionUrl(teamId, key), undefined,
        etag ? { ...BACKGROUND, "If-None-Match": etag } : { ...BACKGROUND });
      if (status !== 200) return;
      etag = headers.get("ETag");
      if (version !== null && data.version !== version) {
        const rendered = await api("POST", `/api/v1/teams/${teamId}/preview`, { body: data.body }, BACKGROUND);
        if (rendered.status === 200) {
          preview.innerHTML = rendered.data.html || '<p class="app-empty">Nothing written yet.</p>';
          markQuotes();
        }
        if (shown) shown.textContent = String(data.version);
      }
      version = data.version;
    } catch (error) { /* offline: try again on the next tick */ }
  }, POLL_MS);
}

if (form) {
  new SectionEditor(form).start();
  startPresence(form.dataset.teamId, form.dataset.key);
} else if (preview && preview.dataset.sectionKey) {
  startPresence(preview.dataset.teamId, preview.dataset.sectionKey);
  startFollowing(preview.dataset.teamId, preview.dataset.sectionKey);
}
setUpSelectionComments();
markQuotes();
