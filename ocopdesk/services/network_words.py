"""Why a web request failed, in the clerk's words: "(ConnectionError)" is a programmer's word, and the
clerk's next step differs (check the Wi-Fi, the address, or wait and try again)."""

from __future__ import annotations

import requests

from ocopdesk.i18n import _


def failure_reason(exc: BaseException) -> str:
    """A short clause that fits "…: no answer ({reason})"; the most specific kind first (an SSLError is
    also a ConnectionError, a ConnectTimeout also both a Timeout and a ConnectionError)."""
    if isinstance(exc, requests.exceptions.SSLError):
        return _("its secure connection (HTTPS certificate) was not accepted")
    if isinstance(exc, requests.exceptions.Timeout):
        return _("it took too long to answer; try again later")
    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return _("it sent the request round in circles")
    if isinstance(exc, requests.exceptions.ConnectionError | OSError):
        return _("it could not be reached: check the Internet connection and the address")
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema | ValueError):
        return _("the address is not a valid web address")
    return _("the connection failed")
