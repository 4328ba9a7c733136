"""`communique parse` on the command line: bad inputs fail in one line with
exit status 2, good inputs give the documented JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SAMPLES, seed

CLI = [sys.executable, "-m", "communique.cli"]

AR_STATEMENT = (
    "البيان الختامي للمحادثات\n\nاتفق المشاركون على ما يلي:\n\n"
    "1- يؤكد المشاركون التزامهم بوحدة الأراضي وسلامتها.\n\n"
    "2- يدعو الطرفان إلى وقف فوري لإطلاق النار في المنطقة.\n\n"
    "وأشار المشاركون إلى أهمية متابعة التنفيذ على الأرض بشكل دوري.\n"
)


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, cwd=cwd, timeout=120)


def assert_one_line_failure(result: subprocess.CompletedProcess, says: str) -> str:
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2, err
    assert result.stdout == b""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("communique:")
    assert says.lower() in lines[0].lower(), lines[0]
    return lines[0]


# (id, file name, bytes, extra args, what the message says)
BAD_FILES = [
    ("empty", "empty.txt", b"", [], "empty"),
    ("whitespace-only", "blank.txt", b"  \n\t\n\r\n   \n", [], "white space"),
    ("nul-bytes", "nul.txt", b"1- first clause here\x00\n2- second clause\x00 here\n", [], "NUL"),
    ("png", "picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", [], "PNG"),
    ("pdf", "statement.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", [], "PDF"),
    ("over-max-bytes", "big.txt", ("1- " + "كلمة " * 400 + "\n").encode(), ["--max-bytes", "1000"], "limit"),
    ("entity-bomb", "bomb.xml",
     b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
     b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
     b"<p>1- &c;</p><p>2- &c;</p></body></text></TEI>\n", [], "entit"),
    ("malformed-xml", "broken.xml",
     b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>1- never closed\n',
     [], "malformed"),
    ("no-clauses", "symbols.txt", b"***\n---\n...\n=====\n", [], "no"),
    ("only-numbers", "numbers.txt", b"1\n2\n3\n", [], "no"),
]


@pytest.mark.parametrize("name,data,args,says", [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES])
def test_bad_input_fails_in_one_line(tmp_path, name, data, args, says):
    path = tmp_path / name
    path.write_bytes(data)
    line = assert_one_line_failure(run("parse", str(path), *args), says)
    assert name in line  # the message names the file


def test_directory(tmp_path):
    assert_one_line_failure(run("parse", str(tmp_path)), "directory")


def test_missing_file(tmp_path):
    assert_one_line_failure(run("parse", str(tmp_path / "nope.txt")), "no such file")


@pytest.mark.parametrize("data,says", [(b"", "empty"), (b"\n \n", "white space"), (b"\x00\x01\x02\x00", "NUL")],
                         ids=["empty", "blank", "binary"])
def test_bad_stdin(data, says):
    assert_one_line_failure(run("parse", "-", "--format", "json", stdin=data), says)


def test_stdin_over_max_bytes():
    assert_one_line_failure(run("parse", "-", "--max-bytes", "100", stdin=AR_STATEMENT.encode()), "limit")


def test_unknown_format():
    result = run("parse", str(SAMPLES / "en" / "round-01.txt"), "--format", "nonsense")
    assert result.returncode == 2 and "Traceback" not in result.stderr.decode()


# --------------------------------------------------------------------------- the JSON contract


def _check_contract(data: dict) -> None:
    assert set(data) >= {"meta", "clauses", "preamble", "closing", "warnings", "source"}
    assert set(data["meta"]) >= {"title", "round", "date", "place", "parties", "language"}
    assert isinstance(data["meta"]["parties"], list)
    assert set(data["source"]) >= {"encoding", "format", "bytes"}

    def clause(c: dict) -> None:
        assert set(c) >= {"path", "label", "value", "style", "text", "span", "paragraphs", "children"}
        assert isinstance(c["span"], list) and len(c["span"]) == 2
        for p in c["paragraphs"]:
            assert set(p) >= {"text", "span"}
        for child in c["children"]:
            clause(child)

    for c in data["clauses"]:
        clause(c)
    for b in (*data["preamble"], *data["closing"]):
        assert set(b) >= {"text", "span"}
    for w in data["warnings"]:
        assert set(w) >= {"code", "message", "span"}


def test_parse_stdin_json():
    result = run("parse", "-", "--format", "json", stdin=AR_STATEMENT.encode())
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    _check_contract(data)
    assert [(c["path"], c["label"], c["value"], c["style"]) for c in data["clauses"]] == [
        ("1", "1-", 1, "western"), ("2", "2-", 2, "western")]
    assert data["clauses"][0]["text"] == "يؤكد المشاركون التزامهم بوحدة الأراضي وسلامتها."
    assert [p["text"] for p in data["clauses"][1]["paragraphs"]] == [
        "وأشار المشاركون إلى أهمية متابعة التنفيذ على الأرض بشكل دوري."]
    assert data["source"] == {**data["source"], "encoding": "utf-8", "format": "text",
                              "bytes": len(AR_STATEMENT.encode())}
    assert data["meta"]["language"] == "ar"
    assert data["warnings"] == []
    # spans index the decoded text
    start, end = data["clauses"][0]["span"]
    assert AR_STATEMENT[start:end].startswith("1- ")


def test_parse_file_json_sample_with_sub_clauses():
    result = run("parse", str(SAMPLES / "en" / "round-02.txt"), "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    _check_contract(data)
    assert data["meta"]["round"] == 12 and data["meta"]["date"] == "2024-06-20"
    seventh = data["clauses"][6]
    assert [(c["path"], c["label"], c["style"]) for c in seventh["children"]] == [
        ("7.1", "(a)", "latin-lower"), ("7.2", "(b)", "latin-lower"), ("7.3", "(c)", "latin-lower")]
    assert data["closing"][0]["text"].startswith("Done at Astana")


def test_parse_html_json_reports_extracted_text():
    result = run("parse", str(SAMPLES / "html" / "round-12.html"), "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    _check_contract(data)
    assert data["source"]["format"] == "html"
    assert data["source"]["spans"] == "extracted-text"
    assert len(data["clauses"]) == 11


def test_prose_json_has_null_markers():
    prose = ("وقال المتحدث باسم الوزارة إن المحادثات جرت في أجواء إيجابية وبناءة بين الجانبين.\n\n"
             "وأضاف أن الطرفين اتفقا على مواصلة التشاور خلال الأسابيع المقبلة على مستوى الخبراء.\n")
    data = json.loads(run("parse", "-", "--format", "json", stdin=prose.encode()).stdout)
    assert [(c["path"], c["label"], c["value"], c["style"]) for c in data["clauses"]] == [
        ("¶1", None, None, None), ("¶2", None, None, None)]
    assert [w["code"] for w in data["warnings"]] == ["prose-mode"]


@pytest.mark.parametrize("fmt", ["tree", "text"])
def test_other_formats_run(fmt):
    result = run("parse", str(SAMPLES / "ar" / "round-01.txt"), "--format", fmt)
    assert result.returncode == 0, result.stderr.decode()
    assert "أكد المشاركون مجدداً" in result.stdout.decode("utf-8")


def test_output_file(tmp_path):
    out = tmp_path / "doc.json"
    result = run("parse", str(SAMPLES / "en" / "round-01.txt"), "--format", "json", "-o", str(out))
    assert result.returncode == 0 and result.stdout == b""
    assert len(json.loads(out.read_text(encoding="utf-8"))["clauses"]) == 10


def test_seed_000_on_the_command_line():
    data = json.loads(run("parse", str(seed("000")), "--format", "json").stdout)
    assert [c["value"] for c in data["clauses"]] == [1, 2, 3, 4, 5, 6]
    assert data["meta"]["round"] == 20


def test_console_script_is_installed():
    import shutil

    # the script pip wrote beside this interpreter (a venv not activated is not on PATH)
    beside = Path(sys.executable).with_name("communique")
    exe = str(beside) if beside.exists() else shutil.which("communique")
    if exe is None:
        pytest.skip("communique is not installed as a script (pip install -e . writes one)")
    result = subprocess.run([exe, "parse", "-", "--format", "json"], input=b"", capture_output=True, timeout=120)
    assert_one_line_failure(result, "empty")
