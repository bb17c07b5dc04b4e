"""The nginx helper (tests/browsers.py) survives losing its port: with pytest-xdist several test processes
ask the OS for free ports at once, and another may take ours before nginx binds it."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import requests

from tests import browsers


def test_nginx_starts_on_another_port_when_its_port_was_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.html").write_text("xin chào", encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()  # a connection test alone would mistake this socket for nginx
        busy = taken.getsockname()[1]
        offered = iter([busy])
        real = browsers.free_port
        monkeypatch.setattr(browsers, "free_port", lambda: next(offered, None) or real())
        with browsers.nginx(tmp_path / "nginx", f"root {www}; charset utf-8;") as url:
            assert not url.endswith(f":{busy}")
            assert requests.get(url + "/index.html", timeout=60).text == "xin chào"
        assert next(offered, None) is None  # the taken port was really offered first
