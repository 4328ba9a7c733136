"""The compiled-pattern cache (communique/text/patterns.py): a pattern built
from the cache is the pattern ``regex.compile`` builds, and a bad cache file
costs time, never a result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]

# Patterns with the features the project's own use: Unicode properties,
# named groups, look-behind, case folding, bytes, a first set, verbose mode.
PATTERNS = [
    (r"(?P<day>\d{1,2})\s+(?P<month>كانون\s+الثاني|january|январ\p{L}*)", int(regex.I | regex.V0)),
    (r"(?<!\p{L})(?:نحن|we\b|мы\b)", int(regex.I)),
    (r"^\s*(?:[0-9]{1,7}|[٠-٩]{1,7})[.)]\s+", int(regex.M)),
    (r"""(?x) \b (?:round|session) \s+ (\d{1,3}) \b  # a comment""", 0),
]
BYTES_PATTERN = rb"<meta[^>]+charset\s*=\s*[\"']?\s*([-\w:.]+)"
TEXT = ("On 25 January the participants met.  ٢٥ كانون الثاني اجتمع المشاركون.\n"
        "Мы встретились 25 января.  We, the guarantors, Round 21 and session 4.\n"
        "  3. A clause\n٤) بند\n")

_PROBE = """
import json, sys
import regex
from communique.text import patterns
specs = json.loads(sys.argv[1])
text = sys.argv[2]
out = []
for pattern, flags in specs:
    p = patterns.compiled(pattern, flags)
    out.append([p.pattern, int(p.flags), dict(p.groupindex), [m.span() for m in p.finditer(text)],
                [m.groups() for m in p.finditer(text)]])
b = patterns.compiled(sys.argv[3].encode("latin-1"))
out.append([list(m.span()) for m in b.finditer(b'<meta http-equiv="x" charset="windows-1256">')])
print(json.dumps({"results": out, "added": len(patterns._added), "used": len(patterns._used)}))
"""


def _probe(cache: Path, **env: str) -> dict:
    run_env = {k: v for k, v in os.environ.items() if k != "COMMUNIQUE_NO_CACHE"}
    run_env.update(XDG_CACHE_HOME=str(cache), PYTHONPATH=str(ROOT), **env)
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(PATTERNS), TEXT, BYTES_PATTERN.decode("latin-1")],
                          capture_output=True, text=True, env=run_env, timeout=120, check=True)
    return json.loads(done.stdout)


def _expected() -> list:
    out = []
    for pattern, flags in PATTERNS:
        p = regex.compile(pattern, flags)
        out.append([p.pattern, int(p.flags), dict(p.groupindex), [list(m.span()) for m in p.finditer(TEXT)],
                    [list(m.groups()) for m in p.finditer(TEXT)]])
    b = regex.compile(BYTES_PATTERN)
    out.append([list(m.span()) for m in b.finditer(b'<meta http-equiv="x" charset="windows-1256">')])
    return out


def _cache_files(cache: Path) -> list[Path]:
    return sorted((cache / "communique").glob("regex-*.marshal"))


def test_a_cached_pattern_is_the_compiled_pattern(tmp_path):
    first = _probe(tmp_path)
    assert first["added"] == len(PATTERNS) + 1  # nothing cached yet: every pattern compiled and kept
    files = _cache_files(tmp_path)
    assert len(files) == 1 and oct(files[0].stat().st_mode & 0o777) == oct(0o600)
    second = _probe(tmp_path)
    assert second["added"] == 0 and second["used"] == len(PATTERNS) + 1  # every pattern from the file
    expected = json.loads(json.dumps(_expected()))
    assert first["results"] == expected
    assert second["results"] == expected


def test_a_corrupt_cache_file_only_costs_time(tmp_path):
    _probe(tmp_path)
    (path,) = _cache_files(tmp_path)
    path.write_bytes(b"\x00not marshal at all" * 10)
    again = _probe(tmp_path)
    assert again["results"] == json.loads(json.dumps(_expected()))
    assert again["added"] == len(PATTERNS) + 1  # compiled afresh ...
    assert _probe(tmp_path)["added"] == 0  # ... and the file rewritten whole


def test_no_cache_writes_nothing(tmp_path):
    result = _probe(tmp_path, COMMUNIQUE_NO_CACHE="1")
    assert result["results"] == json.loads(json.dumps(_expected()))
    assert _cache_files(tmp_path) == []
