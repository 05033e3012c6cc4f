// Unsaved text kept in this browser's local storage, one draft per person and section.
//
// On a shared ward or office computer the next person must not read it: each key names its
// owner, sign-out clears the owner's drafts (see signout.js), and a draft older than a week
// is dropped whenever a page loads.

const PREFIX = "workspace:draft:";
export const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

// The owner's id comes last, after the team and the section's key.
export function draftKey(userId, teamId, sectionKey) {
  return `${PREFIX}${teamId}:${sectionKey}:${userId}`;
}

function ownerOf(key) {
  return key.slice(key.lastIndexOf(":") + 1);
}

function draftKeys() {
  const keys = [];
  try {
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (key && key.startsWith(PREFIX)) keys.push(key);
    }
  } catch (error) { /* storage disabled: nothing is kept */ }
  return keys;
}

function read(key) {
  try {
    const draft = JSON.parse(localStorage.getItem(key) || "null");
    return draft && typeof draft.body === "string" ? draft : null;
  } catch (error) {
    return null;
  }
}

function isFresh(draft, now) {
  return Number.isFinite(draft.at) && now - draft.at <= MAX_AGE_MS;
}

export function forgetDraft(key) {
  try { localStorage.removeItem(key); } catch (error) { /* nothing kept */ }
}

export function keepDraft(key, body, base) {
  try {
    localStorage.setItem(key, JSON.stringify({ body, base, at: Date.now() }));
  } catch (error) { /* storage full or disabled: the server save still runs */ }
}

// The draft under `key`, or null when there is none or it has expired (then it is dropped).
export function loadDraft(key, now = Date.now()) {
  const draft = read(key);
  if (draft && isFresh(draft, now)) return draft;
  forgetDraft(key);
  return null;
}

export function dropExpiredDrafts(now = Date.now()) {
  for (const key of draftKeys()) loadDraft(key, now);
}

export function draftsOf(userId) {
  return draftKeys().filter((key) => ownerOf(key) === String(userId));
}

export function clearDraftsOf(userId) {
  for (const key of draftsOf(userId)) forgetDraft(key);
}
