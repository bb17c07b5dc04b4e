"""Words on the website, in Vietnamese and English at once.

Every page carries both languages (`<span class="vi">…</span><span class="en">…</span>`) and a
switch that only changes a class on <html>: the stamp URL is the same for both languages, static
hosts need no per-language copies, and a page works with JavaScript off (Vietnamese shows).
The strings go through the project's one translation catalogue like every other message.
"""

from __future__ import annotations

from functools import cache

from markupsafe import Markup, escape

from ocopdesk.i18n import N_, translation

SITE_LANGUAGES = ("vi", "en")

LABELS = {
    "home": N_("Home"),
    "previous": N_("Previous"),
    "next": N_("Next"),
    "products": N_("Products"),
    "our_products": N_("Our products"),
    "contact": N_("Contact"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "website": N_("Website"),
    "address": N_("Address"),
    "certificate": N_("OCOP certificate"),
    "decision": N_("Decision number"),
    "authority": N_("Issued by"),
    "signed_on": N_("Signed on"),
    "valid_until": N_("Valid until"),
    "status": N_("Status"),
    "description": N_("Description"),
    "ingredients": N_("Ingredients"),
    "usage": N_("Instructions for use"),
    "storage": N_("Storage"),
    "warnings": N_("Warnings"),
    "net_quantity": N_("Net quantity"),
    "shelf_life": N_("Shelf life"),
    "days": N_("{n} days"),
    "producer": N_("Producer"),
    "published_by": N_("published by"),  # under a partner producer's name: whose website it is (#22)
    "made_in": N_("Made in"),
    "origin": N_("Vietnam"),
    "lots": N_("Production lots"),
    "lot": N_("Lot"),
    "lot_name": N_("Lot name"),
    "name": N_("Name"),
    "produced_on": N_("Production date"),
    "expires_on": N_("Expiry date"),
    "quantity": N_("Quantity"),
    "diary": N_("Production diary"),
    "inspections": N_("Inspections"),
    "documents": N_("Documents"),
    "see_product": N_("About this product"),
    "stamp_check": N_("Stamp check"),
    "not_found": N_("Page not found"),
    "not_found_hint": N_("The address may be mistyped, or the page has moved."),
    "back_home": N_("Back to the home page"),
    "places": N_("Places to visit"),
    "no_products": N_("No products yet."),
    "traceability": N_("Product traceability"),
    "short_hint": N_("Looking up the stamp…"),
    "no_certificate": N_("No valid OCOP certificate"),
    "gtin": N_("GTIN"),
    "sku": N_("SKU"),
    "passport": N_("Traceability and product passport"),
    "place_code": N_("Place code"),
    "made_from": N_("Ingredients from lot"),
}

# What stamp.js says; {n} is the stamp's number in its lot, {date} the day it was voided.
STAMP_MESSAGES = {
    "genuine": N_("Genuine stamp: this code was issued by the producer for this lot (stamp no. {n})."),
    "voided": N_("This stamp was voided on {date}. Do not trust the product it is on; tell the producer."),
    "unknown": N_("Unknown stamp: the producer never issued this serial. The product may be counterfeit."),
    "invalid": N_("Not valid: the code does not match this stamp. The product may be counterfeit."),
    "other_lot": N_("Not valid: this stamp belongs to another lot or product. The product may be counterfeit."),
    "checking": N_("Checking the stamp…"),
    "offline": N_("The stamp could not be checked: the page's data did not load. Try again."),
    "copies": N_("A stamp can be photocopied: if several products carry the same number, tell the producer."),
    # #27: from the web server's log, as of the last site build
    "seen": N_("First checked on {date}; {n} checks so far."),
    "copied": N_(
        "Warning: this stamp has been checked from many places in a short time, so it may be a copy. "
        "Compare the product with the producer's photos on this page and call the producer before you buy or use it."
    ),
}


def both(message: str, **values: object) -> Markup:
    """The message in every site language as spans the language switch shows or hides."""
    texts = [escape(translation(message, lang)) for lang in SITE_LANGUAGES]
    if values:
        texts = [t.format(**values) for t in texts]  # Markup.format escapes the values
    if texts[0] == texts[1]:
        return Markup(texts[0])
    return Markup('<span class="vi">{}</span><span class="en">{}</span>').format(texts[0], texts[1])


@cache
def both_cached(message: str) -> Markup:
    """`both` for a message without values: the same few labels recur on thousands of pages."""
    return both(message)


def _label(key: str) -> Markup:
    return both_cached(LABELS[key])


def messages(language: str) -> dict[str, str]:
    return {key: translation(text, language) for key, text in STAMP_MESSAGES.items()}


class Labels:
    """`t.produced_on` in a template: the label in both languages."""

    def __getattr__(self, key: str) -> Markup:
        """Called once a label: the value is then an attribute, found without a Python call on each of the
        200,000 lookups a 1,000-product site makes (the labels do not change while the program runs)."""
        value = _label(key)
        setattr(self, key, value)
        return value

    def __call__(self, message: str, **values: object) -> Markup:
        return both(message, **values)
