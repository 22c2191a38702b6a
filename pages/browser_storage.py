"""BrowserStorage: everything a visitor's browser holds for the host page and the widget, to be
searched by value. WidgetSession knows where the widget keeps its token; this knows every place a
widget could keep anything: sessionStorage and localStorage of the host page and of the iframe,
IndexedDB of both, every cookie of the context (any origin), and the host and iframe URLs. A value
found under any key is found, whatever the key is called."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from urllib.parse import unquote, unquote_plus

from playwright.sync_api import BrowserContext, Frame, Page

from pages.widget_session import READ_STORAGE, read_widget_storage
from testlib.guarantees import CannotObserve

READ_INDEXED_DB = """async () => {
  const dump = {};
  if (!window.indexedDB || !indexedDB.databases) return dump;
  const done = request => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  for (const info of await indexedDB.databases()) {
    const db = await done(indexedDB.open(info.name));
    for (const store of Array.from(db.objectStoreNames)) {
      dump[`${info.name}/${store}`] = JSON.stringify(await done(db.transaction(store).objectStore(store).getAll()));
    }
    db.close();
  }
  return dump;
}"""


@dataclass(frozen=True)
class BrowserSnapshot:
    places: dict[str, str]  # "iframe localStorage:key", "cookie localhost:name", "iframe URL", ... -> text

    def places_holding(self, value: str | None) -> list[str]:
        """Every place whose text holds `value`, as stored or percent-decoded, in any case."""
        if not value:  # "found nowhere" must never mean "there was nothing to look for"
            raise CannotObserve("a value to look for", "where the browser keeps it", f"it is {value!r}")
        wanted = value.casefold()
        return sorted(place for place, text in self.places.items()
                      if any(wanted in form.casefold() for form in (text, unquote(text), unquote_plus(text))))

    def where_each_is(self, values: dict[str, str]) -> dict[str, list[str]]:
        """{"email": [places], ...} for each of `values` ({"email": "a@b.c", ...}) found anywhere."""
        return {what: places for what, value in values.items() if (places := self.places_holding(value))}

    def describe(self) -> str:
        return ", ".join(sorted(self.places)) or "(nothing)"


class BrowserStorage:
    def __init__(self, context: BrowserContext, host: Page, frame: Callable[[], Frame]):
        self._context = context
        self._host = host
        self._frame = frame

    def snapshot(self) -> BrowserSnapshot:
        places: dict[str, str] = {}
        for side, frame in (("host", self._host.main_frame), ("iframe", self._frame())):
            storage = frame.evaluate(READ_STORAGE) if side == "host" else read_widget_storage(frame)
            places.update({f"{side} sessionStorage:{key}": text for key, text in storage["session"].items()})
            places.update({f"{side} localStorage:{key}": text for key, text in storage["local"].items()})
            places.update({f"{side} IndexedDB:{name}": text
                           for name, text in frame.evaluate(READ_INDEXED_DB).items()})
            places[f"{side} URL"] = frame.url
        for cookie in self._context.cookies():
            places[f"cookie {cookie['domain']}:{cookie['name']}"] = cookie["value"]
        return BrowserSnapshot(places)
