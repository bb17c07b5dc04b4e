"""What a mutating service call changed, so each screen can decide whether to refresh."""

from __future__ import annotations

from dataclasses import astuple, dataclass


@dataclass(frozen=True, slots=True)
class Changes:
    products: bool = False
    producers: bool = False
    batches: bool = False
    media: bool = False
    settings: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(*(a or b for a, b in zip(astuple(self), astuple(other), strict=True)))


EVERYTHING = Changes(True, True, True, True, True)
