// The rehearsal view (templates/presentation/rehearse.html): one slide at a time, moved with
// the keyboard or the buttons, with a timer for the slide against its minutes and the running
// total against the slot. Without this script the page lists every slide one after another.
//
// Keys: → Space PageDown next; ← PageUp previous; Home first; End last; P pauses and resumes
// the timer; Esc leaves (back to the outline). Each slide keeps the time spent on it, so going
// back to a slide carries on its clock; the running total is the sum of them all.
//
// What the server renders: <div data-rehearse data-slot-seconds data-leave-url> with
// <li data-slide data-seconds data-title> per slide, each holding [data-slide-clock] and
// [data-slide-over]; [data-total-clock], [data-total-over], [data-announce] (aria-live) and
// [data-controls] with buttons [data-action=previous|next|pause|fullscreen].

const TICK_MS = 250;

export function clock(seconds) {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

class Rehearsal {
  constructor(holder) {
    this.holder = holder;
    this.slides = [...holder.querySelectorAll("[data-slide]")];
    this.slot = Number(holder.dataset.slotSeconds) || 0;
    this.leaveUrl = holder.dataset.leaveUrl;
    this.spent = this.slides.map(() => 0); // milliseconds spent on each slide
    this.current = 0;
    this.paused = false;
    this.last = performance.now();
    this.announcer = holder.querySelector("[data-announce]");
    this.totalClock = holder.querySelector("[data-total-clock]");
    this.totalOver = holder.querySelector("[data-total-over]");
    this.totalBox = holder.querySelector("[data-total]");
    this.pauseButton = holder.querySelector('[data-action="pause"]');
    this.overAnnounced = new Set();
    holder.classList.add("app-rehearse--live");
    holder.querySelector("[data-controls]").hidden = false;
    holder.querySelector("[data-keys]").hidden = false;
    holder.addEventListener("click", (event) => this.clicked(event));
    document.addEventListener("keydown", (event) => this.key(event));
    document.addEventListener("visibilitychange", () => this.tick());
    this.show(0, false);
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  clicked(event) {
    const button = event.target.closest("[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "previous") this.show(this.current - 1);
    else if (action === "next") this.show(this.current + 1);
    else if (action === "pause") this.togglePause();
    else if (action === "fullscreen") this.fullscreen();
  }

  key(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    const onButton = target && target.closest && target.closest("button, a");
    switch (event.key) {
      case "ArrowRight":
      case "PageDown":
        this.show(this.current + 1);
        break;
      case " ":
        if (onButton) return; // Space presses the focused button
        this.show(this.current + 1);
        break;
      case "ArrowLeft":
      case "PageUp":
        this.show(this.current - 1);
        break;
      case "Home":
        this.show(0);
        break;
      case "End":
        this.show(this.slides.length - 1);
        break;
      case "p":
      case "P":
        this.togglePause();
        break;
      case "Escape":
        if (document.fullscreenElement) return; // the browser leaves full screen first
        window.location.assign(this.leaveUrl);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  show(index, announce = true) {
    if (!this.slides.length) return;
    const next = Math.min(Math.max(index, 0), this.slides.length - 1);
    this.tick();
    this.current = next;
    this.slides.forEach((slide, i) => {
      slide.hidden = i !== next;
      slide.classList.toggle("app-rehearse__slide--current", i === next);
    });
    this.render();
    if (announce) {
      const slide = this.slides[next];
      this.say(`Slide ${next + 1} of ${this.slides.length}: ${slide.dataset.title}`);
    }
  }

  togglePause() {
    this.tick();
    this.paused = !this.paused;
    this.holder.classList.toggle("app-rehearse--paused", this.paused);
    if (this.pauseButton) {
      this.pauseButton.setAttribute("aria-pressed", String(this.paused));
      this.pauseButton.textContent = this.paused ? "Resume timer" : "Pause timer";
    }
    this.say(this.paused ? "Timer paused" : "Timer running");
  }

  fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (this.holder.requestFullscreen) this.holder.requestFullscreen().catch(() => this.say("Full screen is not available"));
  }

  say(text) {
    if (!this.announcer) return;
    this.announcer.textContent = "";
    // A fresh text node, so a screen reader announces the same words twice in a row too.
    window.setTimeout(() => { this.announcer.textContent = text; }, 30);
  }

  tick() {
    const now = performance.now();
    if (!this.paused && this.slides.length) this.spent[this.current] += now - this.last;
    this.last = now;
    this.render();
  }

  render() {
    if (!this.slides.length) return;
    const slide = this.slides[this.current];
    const seconds = this.spent[this.current] / 1000;
    const planned = Number(slide.dataset.seconds) || 0;
    const over = planned > 0 && seconds > planned;
    slide.querySelector("[data-slide-clock]").textContent = clock(seconds);
    slide.querySelector("[data-slide-over]").hidden = !over;
    slide.querySelector("[data-timer]").classList.toggle("app-rehearse__timer--over", over);
    if (over && !this.overAnnounced.has(this.current)) {
      this.overAnnounced.add(this.current);
      this.say(`Over time on slide ${this.current + 1}`);
    }
    const total = this.spent.reduce((sum, ms) => sum + ms, 0) / 1000;
    const totalOver = this.slot > 0 && total > this.slot;
    this.totalClock.textContent = clock(total);
    this.totalOver.hidden = !totalOver;
    this.totalBox.classList.toggle("app-rehearse__total--over", totalOver);
  }
}

for (const holder of document.querySelectorAll("[data-rehearse]")) new Rehearsal(holder);
