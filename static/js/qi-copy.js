// "Copy the sentence" beside a measure's summary box (templates/qi/measure.html): the button is
// added by this script, so without JavaScript the read-only box is there to select and copy.
for (const box of document.querySelectorAll("[data-copy-source]")) {
  const source = document.getElementById(box.dataset.copySource);
  if (!source || !navigator.clipboard) continue;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "nhsuk-button nhsuk-button--secondary nhsuk-button--small qi-copy-button";
  button.textContent = "Copy the sentence";
  const status = document.createElement("span");
  status.className = "nhsuk-body-s qi-copy-status";
  status.setAttribute("role", "status");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.value);
      status.textContent = "Copied.";
    } catch {
      source.select();
      status.textContent = "Select the sentence and copy it with Ctrl+C (Cmd+C on a Mac).";
    }
  });
  box.append(button, status);
}
