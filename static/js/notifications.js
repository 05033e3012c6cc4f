// Opening the notifications list marks what it shows as read (a POST, never a GET side effect).
import { api } from "./api.js";

const list = document.getElementById("notifications");
if (list && list.dataset.unread) {
  const ids = list.dataset.unread.split(",").map(Number).filter(Boolean);
  api("POST", "/api/v1/notifications/read", { ids }).then(({ status }) => {
    if (status !== 200) return;
    document.querySelectorAll(".app-bell__count").forEach((el) => el.remove());
    const button = document.getElementById("mark-read");
    if (button) button.closest("form").hidden = true;
  }).catch(() => {});
}
