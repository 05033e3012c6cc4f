"""Drawn figures kept per process: a small thread-safe LRU of renders by key.

A figure is a pure function of plain data, so its key is a hash of that data (and the drawing's
version): an unchanged map, chart or diagram is drawn once per process, not once per view.
Bounded by count, because one SVG of a large figure is a few hundred kB.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class Renders:
    def __init__(self, size: int):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key: str, make: Callable[[], Any]):
        """The render kept under `key`, or `make()` kept there (outside the lock: two threads may
        both draw a new figure once; neither waits for the other's drawing)."""
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
            return self.items[key]

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
