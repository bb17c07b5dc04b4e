"""The stamp-URL rule has one source (#24): domain/site_paths.py. The preview server, the nginx rules and
stamp.js are made from it; here all three answer the same URLs, and neither the script's source nor the rules
may carry a pattern of their own. Node runs the script's patterns as a browser would; nginx's are read from
the generated rules and run with Python's `re`, which reads this syntax as PCRE does."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from ocopdesk.bundled import resource
from ocopdesk.domain import digital_link, site_paths
from ocopdesk.render.site.pages import assets
from ocopdesk.services.site_hosting import nginx_rules

GTIN = "8934588012228"
LOTS = ["L2611", "MO-26/11", "A.B", "X?Y", "50%"]
PATHS = [
    *(
        digital_link.build("https://t.vn", GTIN, lot=lot, serial="7KQ2M9XH4D").removeprefix("https://t.vn/")
        for lot in LOTS
    ),
    f"01/0{GTIN}/10/L1/21/7KQ2M9XH4D/",
    "01/08934588012228/10/MO%2F26/21/7KQ2M9XH4D",  # a lot's "/" as the phone sends it
    "01/08934588012228/10/MO/26/21/7KQ2M9XH4D",  # …and as a server decodes it
    "s/7KQ2M9XH4D",
    "s/7KQ2M9XH4D/",
    # not stamps
    "01/08934588012228/10/L1/",
    "01/08934588012228/21/7KQ2M9XH4D",
    "01/8934588012228/10/L1/21/7KQ2M9XH4D",
    "01/08934588012228/10/L1/21/7KQ.M9XH4D",
    "01/08934588012228/10/L1/21/7KQ2M9XH4D/x",
    "s/",
    "s/7KQ2M9XH4D/x",
    "sp/MO/",
    "htx/",
]


def python_answers() -> list[list[str] | None]:
    out: list[list[str] | None] = []
    for path in PATHS:
        match = site_paths.GS1_STAMP.match(path) or site_paths.SHORT_STAMP.match(path)
        out.append(list(match.groups()) if match else None)
    return out


def script_rule() -> dict[str, str]:
    script = assets()["stamp.js"].decode()
    return json.loads(re.search(r"var RULE = (\{.*?\});", script).group(1))  # type: ignore[union-attr]


def test_the_script_matches_what_the_preview_matches(tmp_path: Path) -> None:
    program = tmp_path / "rule.js"
    program.write_text(
        "var rule = JSON.parse(process.argv[2]); var paths = JSON.parse(process.argv[3]);\n"
        "console.log(JSON.stringify(paths.map(function (p) {\n"
        "  var m = p.match(new RegExp(rule.gs1)) || p.match(new RegExp(rule.short));\n"
        "  return m ? m.slice(1) : null; })));\n"
    )
    ran = subprocess.run(
        ["node", str(program), json.dumps(script_rule()), json.dumps(PATHS)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(ran.stdout) == python_answers()
    assert sum(a is not None for a in python_answers()) == 10  # the samples hold both kinds


def nginx_targets(rules: str, prefix: str) -> list[tuple[re.Pattern[str], str]]:
    found = re.findall(r'^rewrite "(\^[^"]+)" (\S+) last;$', rules, re.MULTILINE)
    return [
        (re.compile(pattern), target.replace("$1", r"\1"))
        for pattern, target in found
        if "/21/" in pattern or f"{prefix}/s/" in pattern
    ]


@pytest.mark.parametrize("root", ["/", "/truy/"])
def test_the_nginx_rules_answer_what_the_preview_answers(root: str) -> None:
    prefix = root.rstrip("/")
    rules = nginx_rules(Path("/srv/site"), root, Path("/srv/site.stamps.log"))
    targets = nginx_targets(rules, prefix)
    assert len(targets) == 2
    log = re.compile(re.search(r'if \(\$request_uri ~ "([^"]+)"\)', rules).group(1))  # type: ignore[union-attr]
    for path in PATHS:
        rewritten = next((p.sub(t, f"{prefix}/{path}") for p, t in targets if p.match(f"{prefix}/{path}")), None)
        expected = site_paths.served_page(path)
        assert rewritten == (f"{prefix}/{expected}" if expected else None), path
        assert bool(log.match(f"{prefix}/{path}?k=ABC")) == (expected is not None), path


def test_no_copy_carries_a_pattern_of_its_own() -> None:
    """The drift guard: the rule's text appears in the rules and the built script, and nowhere by hand."""
    source = resource("site", "assets", "stamp.js").read_text(encoding="utf-8")
    assert "21" not in source and "{14}" not in source and "{{ stamp_rule | safe }}" in source
    assert script_rule() == site_paths.stamp_rule()
    rules = nginx_rules(Path("/srv/site"), "/", None)
    assert site_paths.GS1_STAMP_BODY in rules and site_paths.SHORT_STAMP_BODY in rules
    assert site_paths.LINKSET_PAGE_BODY.removeprefix("(") in rules  # the pages that name their linkset
    # the stamp rewrite, the linkset's GTIN (twice) and the linkset pages' lot
    assert rules.count("/21/") == 1 and rules.count("{14}") == 4
