// A small fetch wrapper for the workspace's JSON API: same-origin cookies, the CSRF token on
// writes, and JSON both ways. Network failures reject with `offline: true`.

export function csrfToken() {
  const input = document.querySelector('input[name="csrf_token"]');
  return input ? input.value : "";
}

// Once the person signs out, background requests (polling, presence) stop: the session is
// about to end, and a poll answered 401 halfway through the sign-out helps nobody.
let backgroundStopped = false;

export function stopBackgroundRequests() {
  backgroundStopped = true;
}

export async function api(method, url, body, extraHeaders = {}) {
  if (backgroundStopped && extraHeaders["X-Background-Request"]) {
    return { status: 0, data: null, headers: new Headers() };
  }
  const headers = { Accept: "application/json", ...extraHeaders };
  const options = { method, headers, credentials: "same-origin" };
  if (method !== "GET") {
    headers["X-CSRFToken"] = csrfToken();
  }
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, options);
  } catch (error) {
    const offline = new Error("The workspace could not be reached.");
    offline.offline = true;
    throw offline;
  }
  let data = null;
  if (response.status !== 204 && response.status !== 304) {
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
  }
  return { status: response.status, data, headers: response.headers };
}
