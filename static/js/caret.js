// Keep the writer's place when the editor's text is replaced by a merged version.
//
// Setting a textarea's value puts the caret at the end, so the next keystrokes would land
// there. Instead: find what changed between the old and the new text (lines first, then
// characters within a changed run of lines), move the caret and the selection by the length
// change of the edits before them, and keep the scroll position.

// Past this many line pairs the line diff is one changed run (still correct, less precise).
const MAX_DIFF_CELLS = 250000;

function splitLines(text) {
  return text.match(/[^\n]*\n|[^\n]+$/g) || [];
}

function commonPrefix(a, b) {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a[i] === b[i]) i += 1;
  return i;
}

function commonSuffix(a, b, prefix) {
  const limit = Math.min(a.length, b.length) - prefix;
  let i = 0;
  while (i < limit && a[a.length - 1 - i] === b[b.length - 1 - i]) i += 1;
  return i;
}

// Pairs [i, j] of equal lines of a[lo..] and b[lo..] in order (a longest common subsequence).
function matchedLines(a, b) {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_DIFF_CELLS) return [];
  const lengths = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const pairs = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { pairs.push([i, j]); i += 1; j += 1; }
    else if (lengths[i + 1][j] >= lengths[i][j + 1]) i += 1;
    else j += 1;
  }
  return pairs;
}

// The changed regions from `before` to `after`, in order, as character offsets:
// {oldStart, oldEnd, newStart, newEnd}, with the old and the new text of each.
export function changedRegions(before, after) {
  const a = splitLines(before);
  const b = splitLines(after);
  const head = commonPrefix(a, b);
  const tail = commonSuffix(a, b, head);
  const pairs = matchedLines(a.slice(head, a.length - tail), b.slice(head, b.length - tail))
    .map(([i, j]) => [i + head, j + head]);
  pairs.push([a.length - tail, b.length - tail]);  // the common tail closes the last region
  const regions = [];
  const offsets = (lines) => {
    const at = [0];
    for (const line of lines) at.push(at[at.length - 1] + line.length);
    return at;
  };
  const oldAt = offsets(a);
  const newAt = offsets(b);
  let i = head;
  let j = head;
  for (const [pi, pj] of pairs) {
    if (pi > i || pj > j) {
      regions.push({
        oldStart: oldAt[i], oldEnd: oldAt[pi], newStart: newAt[j], newEnd: newAt[pj],
        oldText: before.slice(oldAt[i], oldAt[pi]), newText: after.slice(newAt[j], newAt[pj]),
      });
    }
    i = pi + 1;
    j = pj + 1;
  }
  return regions;
}

// Where an offset in the old text is in the new text.
export function mapOffset(regions, offset) {
  let shift = 0;
  for (const region of regions) {
    if (offset <= region.oldStart) return offset + shift;
    if (offset < region.oldEnd) {
      // Inside a changed run of lines: keep the place within the words that did not change.
      const { oldText, newText } = region;
      const local = offset - region.oldStart;
      const prefix = commonPrefix(oldText, newText);
      const suffix = commonSuffix(oldText, newText, prefix);
      if (local <= prefix) return region.newStart + local;
      if (local >= oldText.length - suffix) return region.newEnd - (oldText.length - local);
      return region.newEnd - suffix;  // in words someone rewrote: just after their new words
    }
    shift = region.newEnd - region.oldEnd;
  }
  return offset + shift;
}

// Put `value` into the textarea, keeping the caret, the selection and the scroll position on
// the same text.
export function replaceKeepingPlace(textarea, value) {
  const before = textarea.value;
  if (before === value) return;
  const { selectionStart, selectionEnd, selectionDirection, scrollTop } = textarea;
  const regions = changedRegions(before, value);
  textarea.value = value;
  textarea.setSelectionRange(mapOffset(regions, selectionStart), mapOffset(regions, selectionEnd), selectionDirection);
  textarea.scrollTop = scrollTop;
}
