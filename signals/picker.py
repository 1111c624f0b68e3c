"""The signal picker, rendered fast: each item once per catalogue version and language.

Rendering a hundred picker items through the template engine on every
request took most of the page's time, yet only two things about an item
change between requests: whether it is chosen and whether the filter hides
it. So each item is rendered once with two slots, and a request only fills
the slots and renders the four group frames.
"""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from threading import Lock

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext, override

from .labels import TYPE_NAMES
from .vocabulary import TYPES, Catalogue, Signal

ITEM_TEMPLATE = "signals/includes/picker_item.html"
# Two characters that never occur in rendered HTML mark where the attributes go.
CHECKED_SLOT = "\x00checked\x00"
HIDDEN_SLOT = "\x00hidden\x00"
MAX_CACHED = 8


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents, for forgiving filtering."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class _RenderedItem:
    """One picker item, rendered, split around its two slots."""

    signal: Signal
    search_text: str
    parts: tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class PickerGroup:
    """The signals of one type, with the item HTML for this request."""

    type: str
    name: str
    count_text: str
    items_html: SafeString
    total: int
    selected_count: int
    visible_count: int
    open: bool


_cache: dict[tuple[str, str], tuple[tuple[str, tuple[_RenderedItem, ...]], ...]] = {}
_lock = Lock()


def _rendered(
    catalogue: Catalogue, language: str
) -> tuple[tuple[str, tuple[_RenderedItem, ...]], ...]:
    """Return the items of each type, rendered in ``language`` (cached per version)."""
    key = (catalogue.version, language)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    groups = []
    with override(language):
        for signal_type in TYPES:
            items = []
            for signal in catalogue.signals:
                if signal.type != signal_type:
                    continue
                label = signal.label.get(language)
                explanation = signal.explanation.get(language)
                search_text = fold(f"{label} {explanation}")
                html = render_to_string(
                    ITEM_TEMPLATE,
                    {
                        "signal": signal,
                        "label": label,
                        "explanation": explanation,
                        "search_text": search_text,
                        "checked_slot": mark_safe(CHECKED_SLOT),  # noqa: S308 - our constant
                        "hidden_slot": mark_safe(HIDDEN_SLOT),  # noqa: S308 - our constant
                    },
                )
                # The item's <li> carries the hidden slot, its checkbox the checked one.
                before, rest = html.split(HIDDEN_SLOT)
                middle, after = rest.split(CHECKED_SLOT)
                items.append(
                    _RenderedItem(
                        signal=signal,
                        search_text=search_text,
                        parts=(before, middle, after),
                    )
                )
            groups.append((signal_type, tuple(items)))
    result = tuple(groups)
    with _lock:
        if len(_cache) >= MAX_CACHED:
            _cache.clear()
        _cache[key] = result
    return result


def picker_groups(
    catalogue: Catalogue, *, selected: set[str], query: str, language: str
) -> Sequence[PickerGroup]:
    """Group the catalogue by type, marking chosen signals and those the filter hides.

    Hidden signals are still rendered (with the ``hidden`` attribute), so a
    chosen signal stays chosen when a filter hides it or its group is closed.
    A group starts open when it holds a chosen signal or the filter is in use.
    """
    needle = fold(query.strip())
    groups = []
    for signal_type, items in _rendered(catalogue, language):
        pieces: list[str] = []
        chosen = visible = 0
        for item in items:
            is_chosen = item.signal.code in selected
            is_visible = not needle or needle in item.search_text
            chosen += is_chosen
            visible += is_visible
            before, middle, after = item.parts
            pieces += (
                before,
                "" if is_visible else " hidden",
                middle,
                " checked" if is_chosen else "",
                after,
            )
        groups.append(
            PickerGroup(
                type=signal_type,
                name=str(TYPE_NAMES[signal_type]),
                count_text=ngettext(
                    "%(counter)s of %(total)s chosen", "%(counter)s of %(total)s chosen", chosen
                )
                % {"counter": chosen, "total": len(items)},
                items_html=mark_safe("".join(pieces)),  # noqa: S308 - rendered by our template
                total=len(items),
                selected_count=chosen,
                visible_count=visible,
                open=bool(chosen or (needle and visible)),
            )
        )
    return groups
