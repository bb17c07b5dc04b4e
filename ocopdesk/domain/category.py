"""Marketplace categories as a clerk sees them: a leaf id with its path of names
("Thực phẩm và đồ uống › Ngũ cốc & mứt › Mật ong"), the list a seller centre's template carries,
and the category a product was given. Ids are what the sheet needs; names are what people read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ocopdesk.domain.text import fold

PATH_SEPARATOR = " › "


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    path: tuple[str, ...]  # top level first, the leaf last

    @property
    def name(self) -> str:
        return self.path[-1] if self.path else self.id

    @property
    def path_text(self) -> str:
        return PATH_SEPARATOR.join(self.path) or self.id

    def label(self) -> str:
        """Name path with the id, for reports and sheet notes."""
        return f"{self.path_text} ({self.id})"

    def folded(self) -> str:
        return fold(" / ".join(self.path))


@dataclass(frozen=True, slots=True)
class CategoryListInfo:
    """Which list of a marketplace is loaded: when, from which file, how many leaves."""

    marketplace: str
    loaded_on: dt.date
    source: str
    count: int


@dataclass(frozen=True, slots=True)
class ChosenCategory:
    """A category the clerk chose (or accepted) for one product on one marketplace."""

    product_id: int
    marketplace: str
    category_id: str
    path: tuple[str, ...]

    def category(self) -> Category:
        return Category(self.category_id, self.path)


@dataclass(frozen=True, slots=True)
class CategoryExample:
    """A product the clerk gave a category on one marketplace: what teaches the suggestions for
    products of the same kind."""

    name: str
    ocop_group: str
    category_id: str
