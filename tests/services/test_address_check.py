"""The traceability address checked before it goes onto stamps: its form (which blocks), its advice (which does
not), and whether a web server answers there — asked of real servers on 127.0.0.1, and of a name that can
never exist (what an offline computer sees too)."""

from __future__ import annotations

import socket

import pytest

from ocopdesk.services.address_check import ERROR, WARNING, address_notes, probe
from tests.http_server import serve


@pytest.mark.parametrize(
    ("address", "level", "words"),
    [
        ("", ERROR, "Enter the traceability address"),
        ("http://truyxuat.htx.vn", ERROR, "must start with https://"),
        ("truyxuat.htx.vn", ERROR, "must start with https://"),
        ("https://truyxuat nhu xuan", ERROR, "is not a web address"),
        ("https://truyxuat", ERROR, "is not a web address"),
        ("https://t.htx.vn/?a=1", ERROR, "Leave out"),
        ("https://admin:pw@t.htx.vn", ERROR, "Leave out"),
        ("https://127.0.0.1:8443", WARNING, "only on this computer"),
        ("https://localhost", WARNING, "only on this computer"),
        ("https://truyxuat.example.vn", WARNING, "example name"),
        ("https://htx.test", WARNING, "example name"),
    ],
)
def test_what_is_said_about_an_address(address: str, level: str, words: str) -> None:
    notes = address_notes(address)
    assert notes and notes[0].level == level and words in notes[0].message


@pytest.mark.parametrize(
    "address", ["https://truyxuat.htx-nhuxuan.vn", "https://htx-nhuxuan.github.io/truyxuat", "https://T.HTX.VN/a/b"]
)
def test_good_addresses_pass_without_a_word(address: str) -> None:
    assert address_notes(address) == []


def test_any_answer_from_a_server_counts_even_page_not_found() -> None:
    with serve({"/": (200, "text/html", b"<p>ok</p>")}) as base:
        found = probe(base + "/")
        missing = probe(base + "/truyxuat/")  # nothing published yet: 404, but a server answers
    assert found.answered and found.status == 200 and "answers at 127.0.0.1" in found.message
    assert missing.answered and missing.status == 404


def test_a_server_fault_is_reported_as_such() -> None:
    with serve({"/": (503, "text/plain", b"down")}) as base:
        answer = probe(base + "/")
    assert answer.answered and "reports a fault (503)" in answer.message


def test_no_server_at_the_address() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    answer = probe(f"http://127.0.0.1:{port}/", timeout=3)
    assert not answer.answered and "No web server answers at 127.0.0.1" in answer.message


def test_a_name_that_does_not_resolve_is_explained_gently() -> None:
    """.invalid never resolves (RFC 6761): the same answer as on a computer without internet."""
    answer = probe("https://truyxuat.htx.invalid")
    assert not answer.answered
    assert "cannot be found" in answer.message and "offline" in answer.message and "keep the address" in answer.message
