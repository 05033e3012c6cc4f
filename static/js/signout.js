// Signing out clears the person's unsaved drafts from this browser, after a warning when
// there are any, so the next person at a shared computer cannot read them.
import { stopBackgroundRequests } from "./api.js";
import { clearDraftsOf, draftsOf, dropExpiredDrafts } from "./drafts.js";

dropExpiredDrafts();

// The header's sign-out, and any other form that signs the person out (an invitation's
// "Sign out and accept"), carry data-signs-out with the user's id.
for (const form of document.querySelectorAll("form[data-signs-out]")) {
  form.addEventListener("submit", (event) => {
    const userId = form.dataset.signsOut;
    const unsaved = draftsOf(userId).length;
    if (unsaved) {
      const where = unsaved === 1 ? "1 section" : `${unsaved} sections`;
      const go = window.confirm(
        `This browser holds text you wrote in ${where} that was never saved. `
        + "Signing out deletes it from this browser so the next person cannot read it.\n\n"
        + "Sign out and delete the unsaved text? Choose Cancel to stay signed in and save it first.",
      );
      if (!go) {
        event.preventDefault();
        return;
      }
    }
    clearDraftsOf(userId);
    stopBackgroundRequests();
  });
}
