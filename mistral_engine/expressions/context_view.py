"""ContextView: the read-only, layered data context expressions see (``$`` / ``_``)."""

from collections.abc import Iterator, Mapping
from typing import Any

_MISSING = object()


class ContextView(dict):
    """Look a key up in several mappings, first hit wins; never merged, never mutated.

    Like Mistral's view it subclasses ``dict`` (Jinja and user filters treat
    it as a mapping) but keeps its data in the layers. The class reports
    Mistral's module name so that Jinja's "has no attribute" errors read
    exactly as on Mistral (``'mistral.workflow.data_flow.ContextView object'
    has no attribute 'x'``).
    """

    __slots__ = ("_dicts",)

    def __init__(self, *dicts: Mapping | None):
        super().__init__()
        self._dicts = tuple(d for d in dicts if d is not None)

    def __getitem__(self, key: Any) -> Any:
        for d in self._dicts:
            if key in d:
                return d[key]
        raise KeyError(key)

    def get(self, key: Any, default: Any = None) -> Any:
        for d in self._dicts:
            if key in d:
                return d[key]
        return default

    def __contains__(self, key: object) -> bool:
        return any(key in d for d in self._dicts)

    def keys(self):  # type: ignore[override]
        if len(self._dicts) == 1:
            return set(self._dicts[0].keys())
        result: set = set()
        for d in self._dicts:
            result.update(d.keys())
        return result

    def items(self):  # type: ignore[override]
        return [(k, self[k]) for k in self.keys()]

    def values(self):  # type: ignore[override]
        return [self[k] for k in self.keys()]

    def __iter__(self) -> Iterator:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())

    def __bool__(self) -> bool:
        return any(self._dicts)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def to_dict(self) -> dict:
        """A plain (shallow) dict of the visible keys."""
        return dict(self.items())

    def __copy__(self) -> "ContextView":
        return ContextView(*self._dicts)

    def __deepcopy__(self, memo: dict) -> dict:
        import copy

        return copy.deepcopy(self.to_dict(), memo)

    def __reduce__(self):
        return (dict, (self.to_dict(),))

    def _immutable(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("Context view is immutable.")

    __setitem__ = __delitem__ = _immutable
    update = clear = pop = popitem = setdefault = _immutable


ContextView.__module__ = "mistral.workflow.data_flow"


def as_view(context: Mapping | None) -> ContextView:
    """``context`` itself if it is a ContextView, else a one-layer view of it."""
    if isinstance(context, ContextView):
        return context
    return ContextView(context if context is not None else {})
