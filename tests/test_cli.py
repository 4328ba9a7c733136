"""The command line's conventions: help, version, exit status, summaries,
colour, inputs (folders, globs, standard input), round selection, warnings,
the mounted sub-apps, completion, and what start-up imports.

Most run in-process (``typer.testing.CliRunner`` on ``communique.cli.app``);
what only a real process shows (the console script's own handling, imports,
completion) runs in a subprocess.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app

from .conftest import ROOT, SAMPLES

RUNNER = CliRunner()
EN = [f"samples/en/round-0{k}.txt" for k in range(1, 5)]
AR = [f"samples/ar/round-0{k}.txt" for k in range(1, 5)]
ANSI = re.compile(r"\x1b\[[0-9;]*m")

if not (SAMPLES / "en" / "round-01.txt").is_file():  # pragma: no cover
    pytest.skip("samples/ is not present", allow_module_level=True)


@pytest.fixture(autouse=True)
def _from_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


def cli(*args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None):
    return RUNNER.invoke(app, list(args), input=stdin, env=env)


def process(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None,
            cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS"):
        if not env or name not in env:
            full.pop(name, None)
    return subprocess.run([sys.executable, "-m", "communique", *args], input=stdin, capture_output=True,
                          env=full, cwd=cwd, timeout=120, text=stdin is None)


def one_line_error(result, says: str) -> str:
    err = result.stderr
    assert result.exit_code == 2, (result.exit_code, result.stdout, err)
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert err.startswith("communique: ") and says in err, err
    return err


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


STATEMENT = ("Joint Statement of the {n}th round of the talks\n\nAstana, {day} March 2024\n\n"
             "The representatives of {parties} held the {n}th round.\n\nThe participants:\n\n"
             "1. Reaffirmed their strong commitment to the sovereignty of the country.\n\n"
             "2. Stressed the need to maintain calm on the ground by all means.\n\n"
             "3. Expressed their gratitude to the hosts of the meeting.\n")


def statement(n: int = 11, day: int = 14, parties: str = "Iran, Russia and Türkiye", clause2: str = "") -> str:
    text = STATEMENT.format(n=n, day=day, parties=parties)
    return text.replace("by all means", clause2) if clause2 else text


# --------------------------------------------------------------------------- help and version


def test_version_and_short_help() -> None:
    from communique import __version__

    result = process("--version")
    assert result.returncode == 0 and result.stdout == f"communique {__version__}\n"
    short, long = process("-h"), process("--help")
    assert short.returncode == long.returncode == 0 and short.stdout == long.stdout
    assert "Usage: communique [OPTIONS] COMMAND" in long.stdout
    for command in ("parse", "diff", "history", "serve", "archive"):
        assert re.search(rf"^  {command}\s", long.stdout, re.M), command
    assert process("diff", "-h").stdout == process("diff", "--help").stdout


@pytest.mark.parametrize("command", ["parse", "diff", "history", "serve", "archive", "archive add"])
def test_every_help_has_an_example_and_word_placeholders(command: str) -> None:
    result = cli(*command.split(), "--help")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "Example: communique " in text or "Examples:" in text, text
    assert "<str>" not in text and "<int" not in text and "<float" not in text and "<path>" not in text, text
    assert not re.search(r"\{[A-Za-z]+\}", text), text  # no {old} or {OLD} in the usage line


def test_placeholders_read_as_words() -> None:
    assert "Usage: communique diff [OPTIONS] OLD [NEW]" in cli("diff", "--help").stdout
    assert "Usage: communique parse [OPTIONS] FILE..." in cli("parse", "--help").stdout
    assert "Usage: communique history [OPTIONS] ROUND..." in cli("history", "--help").stdout
    assert "--between ROUND ROUND" in cli("history", "--help").stdout


def test_help_lists_the_input_formats() -> None:
    from communique.readers import readers

    text = " ".join(cli("--help").stdout.split())
    for reader in readers():
        if reader.name != "text":
            assert reader.description in text, reader.description
    assert "plain text" in text and "URLs" in text and "standard input" in text
    parse_help = " ".join(cli("parse", "--help").stdout.split())
    assert "PDF" in parse_help and "Word .docx" in parse_help and "jsonl" in parse_help


# --------------------------------------------------------------------------- exit status and summaries


def test_exit_status_follows_diff() -> None:
    assert cli("diff", EN[0], EN[0]).exit_code == 0
    assert cli("diff", EN[0], EN[1]).exit_code == 1
    assert cli("diff", "samples/ar/round-01.txt", "samples/ar/round-01.cp1256.txt").exit_code == 0
    assert cli("diff", EN[0], "samples/en/no-such-round.txt").exit_code == 2


def test_ignore_meta_tells_clause_changes_from_metadata_changes(tmp_path: Path) -> None:
    a = write(tmp_path / "r11.txt", statement(11, 14))
    b = write(tmp_path / "r12.txt", statement(12, 20))  # only the round and the date differ
    c = write(tmp_path / "r13.txt", statement(13, 20, clause2="through dialogue"))
    plain = cli("diff", a, b)
    assert plain.exit_code == 1 and "meta" in plain.stdout
    ignoring = cli("diff", a, b, "--ignore-meta")
    assert ignoring.exit_code == 0 and "round: 11 → 12" in ignoring.stdout  # shown, not counted
    assert cli("diff", b, c, "--ignore-meta").exit_code == 1
    # history keeps the same contract
    assert cli("history", a, b, "--format", "json").exit_code == 1
    assert cli("history", a, b, "--format", "json", "--ignore-meta").exit_code == 0
    assert cli("history", a, b, c, "--ignore-meta", "--quiet").exit_code == 1


def test_parties_in_another_order_are_no_change(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", statement(parties="Iran, Russia and Türkiye"))
    b = write(tmp_path / "b.txt", statement(parties="Türkiye, Iran and Russia"))
    import communique

    d = communique.diff(a, b)
    assert set(d.old.meta.parties) == set(d.new.meta.parties) and d.old.meta.parties != d.new.meta.parties
    assert d.meta_changes == () and not d.changed
    c = write(tmp_path / "c.txt", statement(parties="Iran and Russia"))
    assert [m.field for m in communique.diff(a, c).meta_changes] == ["parties"]


def test_summary_prints_only_the_summary_line() -> None:
    result = cli("diff", EN[0], EN[1], "--summary")
    assert result.exit_code == 1
    assert result.stdout == ("samples/en/round-01.txt → samples/en/round-02.txt: 12 unchanged, 1 modified, 1 added; "
                             "metadata changed: title, round, date\n")
    history = cli("history", *EN, "--summary")
    assert history.exit_code == 1 and len(history.stdout.splitlines()) == 1
    assert history.stdout.startswith("14 lineages over 4 rounds; 10 unchanged throughout; 4 changed; 1 added later")


def test_quiet_prints_nothing() -> None:
    for args, code in (((EN[0], EN[1]), 1), ((EN[0], EN[0]), 0)):
        result = cli("diff", *args, "-q")
        assert (result.exit_code, result.stdout, result.stderr) == (code, "", "")
    result = cli("history", *EN, "--quiet")
    assert (result.exit_code, result.stdout) == (1, "")


# --------------------------------------------------------------------------- colour and width


def test_color_always_never_and_no_color() -> None:
    always = cli("diff", EN[0], EN[1], "-f", "terminal", "--color", "always")
    assert ANSI.search(always.stdout)
    # every line stands on its own through less -R: each colour is reset on the line it opens
    for line in always.stdout.splitlines():
        codes = ANSI.findall(line)
        assert not codes or codes[-1] == "\x1b[0m", line
    assert not ANSI.search(cli("diff", EN[0], EN[1], "-f", "terminal", "--color", "never").stdout)
    assert not ANSI.search(cli("diff", EN[0], EN[1], "-f", "terminal").stdout)  # auto: not a terminal
    assert not ANSI.search(cli("diff", EN[0], EN[1], "-f", "terminal", env={"FORCE_COLOR": "1",
                                                                           "NO_COLOR": "1"}).stdout)
    assert ANSI.search(cli("diff", EN[0], EN[1], "-f", "terminal", env={"FORCE_COLOR": "1"}).stdout)
    assert ANSI.search(cli("diff", EN[0], EN[1], "-f", "terminal", "--color", "always",
                           env={"NO_COLOR": "1"}).stdout), "a flag on the command line overrides NO_COLOR"
    bad = cli("diff", EN[0], EN[1], "--color", "sometimes")
    assert bad.exit_code == 2 and "'sometimes' is not one of 'auto', 'always', 'never'" in bad.stderr


@pytest.mark.parametrize("width", [40, 80, 200])
def test_width_and_columns(width: int) -> None:
    from communique.renderers.plain import cells

    for args in (("diff", *AR[1:3], "-f", "terminal"), ("diff", *EN[1:3], "-f", "side-by-side"),
                 ("history", *EN)):
        by_flag = cli(*args, "--width", str(width))
        by_env = cli(*args, env={"COLUMNS": str(width)})
        assert by_flag.stdout == by_env.stdout
        assert max(cells(line) for line in by_flag.stdout.splitlines()) <= width


# --------------------------------------------------------------------------- inputs


def test_standard_input_is_read_once() -> None:
    text = statement()
    one_line_error(cli("diff", "-", "-", stdin=text), "standard input can be read only once")
    one_line_error(cli("history", "-", EN[0], "-", stdin=text), "standard input can be read only once")
    result = cli("diff", "-", EN[0], "--summary", stdin=text)
    assert result.exit_code == 1 and result.stdout.startswith("- → samples/en/round-01.txt: ")


def test_a_glob_that_matches_nothing_says_so() -> None:
    one_line_error(cli("history", "samples/en/nothing-*.txt"), "no files match samples/en/nothing-*.txt")
    one_line_error(cli("diff", "samples/en/nothing-?.txt", EN[0]), "no files match samples/en/nothing-?.txt")
    one_line_error(cli("diff", "samples/en/round-0*.txt", EN[0]), "matches 4 files")


def test_a_quoted_glob_and_a_folder_give_their_files_in_natural_order(tmp_path: Path) -> None:
    for k in (1, 2, 10):
        write(tmp_path / f"round-{k}.txt", statement(10 + k, k))
    write(tmp_path / "notes.csv", "a,b\n")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    result = cli("history", str(tmp_path), "--format", "json")
    assert result.exit_code == 1, result.stderr
    files = [r["file"] for r in json.loads(result.stdout)["rounds"]]
    assert [Path(f).name for f in files] == ["round-1.txt", "round-2.txt", "round-10.txt"]
    assert "notes.csv" in result.stderr and "left out 1 file" in result.stderr  # nothing dropped silently
    globbed = cli("history", str(tmp_path / "round-*.txt"), "--format", "json")
    assert [r["file"] for r in json.loads(globbed.stdout)["rounds"]] == files
    empty = tmp_path / "empty"
    empty.mkdir()
    one_line_error(cli("history", str(empty), EN[0]), "no statement files in this folder")


def test_inputs_with_the_same_text_are_a_warning() -> None:
    """The README used to show samples/ar/round-0*.txt, which also matches the cp1256 copy."""
    result = cli("history", "samples/ar/round-0*.txt", "--summary")
    assert result.exit_code == 1
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == ["communique: warning: samples/ar/round-01.cp1256.txt and samples/ar/round-01.txt hold the "
                        "same text (is one a copy of the other?)"]
    assert "hold the same text" in cli("diff", "samples/ar/round-01.txt", "samples/ar/round-01.cp1256.txt").stderr
    assert cli("diff", EN[0], EN[0]).stderr == ""  # a file against itself is no copy
    assert "warning" not in cli("history", *AR, "--summary").stderr


def test_parse_many_files_as_json_lines(tmp_path: Path) -> None:
    result = cli("parse", "samples/en", "samples/html/round-12.html", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    docs = [json.loads(line) for line in lines]
    assert [d["source"]["name"] for d in docs] == [*EN, "samples/html/round-12.html"]
    assert [d["meta"]["round"] for d in docs] == [11, 12, 13, 14, 12]
    # a file that cannot be read is an error line; the others are still written
    bad = write(tmp_path / "empty.txt", "")
    mixed = cli("parse", EN[0], bad, EN[1], "--format", "jsonl")
    assert mixed.exit_code == 2 and len(mixed.stdout.splitlines()) == 2
    assert mixed.stderr.splitlines() == [f"communique: {bad}: empty input",
                                         "communique: 1 of 3 inputs could not be parsed (the others are written)"]
    one_line_error(cli("parse", EN[0], EN[1]), "use --format jsonl")


def test_parse_reads_a_folder_into_one_file(tmp_path: Path) -> None:
    out = tmp_path / "rounds.jsonl"
    result = cli("parse", "samples/en/", "-f", "jsonl", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4


def test_since_and_between_select_rounds() -> None:
    def rounds(*args: str) -> list[int]:
        result = cli("history", *EN, "--format", "json", *args)
        assert result.exit_code in (0, 1), result.stderr
        return [r["meta"]["round"] for r in json.loads(result.stdout)["rounds"]]

    assert rounds("--since", "12") == [12, 13, 14]
    assert rounds("--between", "12", "13") == [12, 13]
    assert rounds("--since", "2024-06") == [12, 13, 14]
    assert rounds("--between", "2024-06", "2024-11") == [12, 13]
    assert rounds("--between", "2024-01", "2024-12") == [11, 12, 13]
    one_line_error(cli("history", *EN, "--since", "14"), "keeps 1 round;")
    one_line_error(cli("history", *EN, "--since", "last week"), "give a round number (12) or a date")
    one_line_error(cli("history", *EN, "--between", "12", "2025-01"), "two round numbers or two dates")
    one_line_error(cli("history", *EN, "--since", "12", "--between", "12", "13"), "not both")


def test_a_round_without_a_number_is_left_out_with_a_warning(tmp_path: Path) -> None:
    nameless = write(tmp_path / "draft.txt", "1. Reaffirmed their strong commitment to the sovereignty.\n\n"
                     "2. Stressed the need to maintain calm on the ground.\n")
    result = cli("history", *EN[:3], nameless, "--since", "11", "--format", "json")
    assert f"{nameless}: no round number found; left out by --since" in result.stderr
    assert len(json.loads(result.stdout)["rounds"]) == 3


def test_diff_of_a_word_files_tracked_changes() -> None:
    tracked = "tests/fixtures/formats/special/tracked.docx"
    result = cli("diff", tracked, "--tracked-changes", "--format", "json")
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["modified"] == 1 and data["summary"]["added"] == 1
    assert data["old"]["source"]["name"].endswith("(before its tracked changes)")
    one_line_error(cli("diff", tracked, EN[0], "--tracked-changes"), "name one file, not two")
    one_line_error(cli("diff", EN[0], "--tracked-changes"), "not a Word .docx file")
    one_line_error(cli("diff", EN[0]), "diff needs two rounds")


# --------------------------------------------------------------------------- Markdown, headlines, plurals


def test_markdown_escapes_html_and_keeps_paragraphs(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "1. Welcomed <script>alert(1)</script> the exchange of detainees & more.\n\n"
              "They noted that the Working Group remains a unique mechanism.\n\n"
              "2. Expressed their gratitude to the hosts of the meeting.\n")
    b = write(tmp_path / "b.txt", "1. Welcomed <script>alert(2)</script> the exchange of detainees & more.\n\n"
              "They noted that the Working Group remains an effective mechanism.\n\n"
              "2. Expressed their gratitude to the hosts of the meeting.\n")
    doc = cli("parse", a, "-f", "markdown").stdout
    assert "<script" not in doc and "&lt;script&gt;alert(1)&lt;/script&gt;" in doc and "&amp; more" in doc
    # the continuation paragraph is a paragraph of the same list item: blank line, then indented
    assert "& more.\n\n  They noted" in doc.replace("&amp;", "&")
    diff = cli("diff", a, b, "-f", "markdown").stdout
    assert "<script" not in diff and "alert(~~1~~**2**)" in diff
    assert ">\n> They noted that the Working Group remains ~~a unique~~**an effective** mechanism." in diff


def test_markdown_excerpts_end_at_a_word() -> None:
    history = cli("history", *EN, "-f", "markdown").stdout
    rows = [line for line in history.splitlines() if line.startswith("| L")]
    texts = {c.text.split("\n")[0] for p in EN for c in __import__("communique").parse(p).walk()}
    for row in rows:
        excerpt = row.rsplit("|", 2)[-2].strip()
        if excerpt.endswith("…"):
            shown = excerpt[:-1].replace("\\", "")
            assert any(t.startswith(shown) and t[len(shown)] in " ,;:" for t in texts), excerpt


def test_html_headline_is_the_statements_not_the_sites(tmp_path: Path) -> None:
    page = ("<html><head><title>The Steppe Courier | News</title>"
            '<meta property="og:title" content="Guarantors urge calm as talks close">'
            '<meta property="og:site_name" content="The Steppe Courier"></head><body>'
            "<header><h1>The Steppe Courier</h1><nav><a href='/'>Home</a></nav></header>"
            "<article><p>1. Reaffirmed their strong commitment to the sovereignty.</p>"
            "<p>2. Stressed the need to maintain calm on the ground.</p></article></body></html>")
    path = write(tmp_path / "page.html", page)
    meta = json.loads(cli("parse", path, "-f", "json").stdout)["meta"]
    assert meta["title"] == "Guarantors urge calm as talks close"
    headline = write(tmp_path / "h1.html", page.replace("<article>", "<article><h1>Talks close in Astana</h1>"))
    assert json.loads(cli("parse", headline, "-f", "json").stdout)["meta"]["title"] == "Talks close in Astana"
    bare = write(tmp_path / "bare.html", page.replace('<meta property="og:title" content="Guarantors urge calm as '
                                                       'talks close">', "")
                 .replace("The Steppe Courier | News", "Guarantors urge calm | The Steppe Courier"))
    assert json.loads(cli("parse", bare, "-f", "json").stdout)["meta"]["title"] == "Guarantors urge calm"
    sample = json.loads(cli("parse", "samples/html/round-12.html", "-f", "json").stdout)["meta"]["title"]
    assert sample == "Astana guarantors urge calm in Idlib as 12th round of Syria talks closes"


def test_plurals() -> None:
    from communique.renderers.plain import plural

    assert (plural(1, "block"), plural(2, "block"), plural(0, "round")) == ("1 block", "2 blocks", "0 rounds")
    tree = cli("parse", EN[0]).stdout
    assert "preamble (4 blocks)" in tree and "closing (1 block)" in tree and "1 blocks" not in tree
    import communique

    doc = communique.parse(text="1. A clause with one lone \ud800 surrogate in it.\n")
    assert "1 lone surrogate code point replaced" in doc.warnings[0].message


# --------------------------------------------------------------------------- sub-apps, completion, start-up


def test_the_command_list_matches_each_commands_own_help() -> None:
    """``communique --help`` lists the commands without loading them: the
    line it shows for each is the command's own."""
    import typer

    from communique.cli.lazy import LAZY, LazyGroup, summary

    group = typer.main.get_command(app)
    assert isinstance(group, LazyGroup)
    ctx = group.make_context("communique", ["--help"], resilient_parsing=True)
    for name in LAZY:
        command = group.get_command(ctx, name)
        assert command.get_short_help_str(10_000) == summary(name), name


def test_serve_and_archive_are_mounted(tmp_path: Path) -> None:
    assert "--port" in cli("serve", "--help").stdout
    archive = cli("archive", "--help").stdout
    assert "add" in archive and "search" in archive
    db = tmp_path / "a.db"
    added = cli("archive", "add", *EN, "--db", str(db))
    assert added.exit_code == 0, added.stderr
    assert db.is_file()


def test_shell_completion(tmp_path: Path) -> None:
    script = process("--show-completion", "bash")
    assert script.returncode == 0 and "_COMMUNIQUE_COMPLETE" in script.stdout and "complete " in script.stdout
    home = tmp_path / "home"
    home.mkdir()
    installed = process("--install-completion", "bash", env={"HOME": str(home)})
    assert installed.returncode == 0, installed.stderr
    assert "bash completion installed in" in installed.stdout
    assert (home / ".bash_completions" / "communique.sh").read_text(encoding="utf-8").strip()
    assert "source" in (home / ".bashrc").read_text(encoding="utf-8")
    bad = process("--install-completion", "tcsh")
    assert bad.returncode == 2 and "takes one of bash, zsh, fish" in bad.stderr

    def complete(words: str) -> list[str]:
        cword = len(words.split()) - (not words.endswith(" "))  # the index of the word being completed
        env = {"_COMMUNIQUE_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
        return process(env=env).stdout.split()

    assert complete("communique di") == ["diff"]
    assert complete("communique arch") == ["archive"]  # a lazily mounted command completes too
    assert "--format" in complete("communique diff --for")
    assert set(complete("communique history --order ")) == {"given", "round", "date"}


def _imported(tmp_path: Path, *args: str) -> set[str]:
    """The modules a real ``communique`` process has imported when it ends."""
    out = tmp_path / "modules.txt"
    code = ("import sys\nout = sys.argv[1]\nsys.argv = ['communique', *sys.argv[2:]]\ntry:\n"
            "    from communique.cli import main\n    main()\nexcept SystemExit:\n    pass\n"
            "open(out, 'w').write('\\n'.join(sorted(sys.modules)))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code, str(out), *args], capture_output=True, env=env, cwd=ROOT,
                   timeout=120, check=False)
    return set(out.read_text(encoding="utf-8").split())


def test_start_up_imports_only_what_the_command_needs(tmp_path: Path) -> None:
    version = _imported(tmp_path, "--version")
    assert "typer" in version and not {"communique.api", "communique.model", "communique.structure"} & version
    diff = _imported(tmp_path, "diff", *EN[:2])
    assert {"communique.structure", "communique.compare", "communique.renderers.to_unified"} <= diff
    for heavy in ("communique.web", "communique.archive", "starlette", "uvicorn", "httpx", "rich", "lxml",
                  "lxml.etree", "pypdfium2", "ctypes", "statistics", "importlib.metadata",
                  "communique.renderers.to_html", "communique.renderers.to_json"):
        assert heavy not in diff, heavy
