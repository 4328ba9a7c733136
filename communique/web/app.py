"""The ASGI application of ``communique serve`` (Starlette).

Pages:

* ``GET /`` the compare form; ``POST /compare`` parses the two statements
  (text, file or URL each) and redirects to ``GET /compare/<key>?<options>``,
  the diff report with the options (``ignore``, ``strict``, ``threshold``;
  ``ui=ar`` for the Arabic interface) and its downloads
  ``/compare/<key>/diff.json``, ``diff.tei.xml``, ``diff.md``, ``report.html``;
* with an archive: ``/archive`` (series), ``/archive/series/<id>`` (its
  history matrix), ``/archive/series/<id>/lineage/<lineage>`` (a clause's
  genealogy), ``/archive/search?q=`` and ``/archive/reuse?text=``.

The JSON API: ``POST /api/parse``, ``POST /api/diff``, ``GET /api/health``,
``GET /api/archive/…``, described by ``GET /openapi.json``.

Every request passes :class:`communique.web.guard.Guard` (host, token,
origin, body size); parsing, diffing and rendering run in worker threads
under the time cap (:func:`communique.web.work.run`); every failure the
client can cause is a 4xx with one line (JSON ``{"error", "status"}`` for
the API, a page otherwise).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import anyio
from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

import communique

from ..errors import CommuniqueError
from ..renderers import formats
from ..renderers.to_html.page import policy
from ..renderers.to_html.strings import Ui
from . import openapi, pages
from .archive import ArchiveLike, valid_id
from .guard import LOOPBACK, Guard
from .options import DiffOptions, from_mapping, from_pairs
from .options import names as option_names
from .store import Pair, Store
from .work import Given, WebError, given, parse_given, run

KEY = re.compile(r"[0-9a-f]{24}")
DOWNLOADS = {"diff.json": "json", "diff.tei.xml": "tei", "diff.md": "markdown", "report.html": "html"}
MAX_QUERY = 2000  # characters of a search query


@dataclass(frozen=True)
class Settings:
    """The caps and keys of one server (``communique serve`` sets them from its options)."""

    max_bytes: int = 10 * 1024 * 1024
    timeout: float = 30.0
    token: str | None = None
    hosts: frozenset[str] = LOOPBACK
    workers: int = 4
    keep: int = 32  # comparisons kept in memory


def create_app(settings: Settings | None = None, archive: ArchiveLike | None = None) -> Guard:
    """The application (the guard around the Starlette app)."""
    settings = settings or Settings()
    web = Web(settings, archive)
    routes = [
        Route("/", web.home, methods=["GET"]),
        Route("/compare", web.compare, methods=["POST"]),
        Route("/compare/{key}", web.result, methods=["GET"]),
        Route("/compare/{key}/{name}", web.download, methods=["GET"]),
        Route("/archive", web.archive_home, methods=["GET"]),
        Route("/archive/search", web.archive_search, methods=["GET"]),
        Route("/archive/reuse", web.archive_reuse, methods=["GET", "POST"]),
        Route("/archive/series/{series}", web.archive_series, methods=["GET"]),
        Route("/archive/series/{series}/lineage/{lineage}", web.archive_lineage, methods=["GET"]),
        Route("/openapi.json", web.openapi, methods=["GET"]),
        Route("/api/health", web.health, methods=["GET"]),
        Route("/api/parse", web.api_parse, methods=["POST"]),
        Route("/api/diff", web.api_diff, methods=["POST"]),
        Route("/api/archive/series", web.api_series, methods=["GET"]),
        Route("/api/archive/series/{series}", web.api_history, methods=["GET"]),
        Route("/api/archive/series/{series}/lineages/{lineage}", web.api_lineage, methods=["GET"]),
        Route("/api/archive/search", web.api_search, methods=["GET"]),
        Route("/api/archive/reuse", web.api_reuse, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=web.lifespan,
                    exception_handlers={HTTPException: web.http_error, WebError: web.web_error,
                                        CommuniqueError: web.communique_error, Exception: web.crash})
    app.state.web = web
    return Guard(app, max_bytes=settings.max_bytes, timeout=settings.timeout, token=settings.token,
                 hosts=settings.hosts)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/openapi.json"))


def _ui(request: Request) -> Ui:
    value = request.query_params.get("ui") or "en"
    try:
        return Ui.of(value)
    except CommuniqueError:
        return Ui()


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status_code=status, media_type="application/json")


class Web:
    def __init__(self, settings: Settings, archive: ArchiveLike | None) -> None:
        self.settings = settings
        self.archive = archive
        self.site = pages.Site(archive=archive is not None)
        self.store = Store(settings.keep, budget=max(settings.max_bytes * 16, 64 << 20))
        self._limiter: anyio.CapacityLimiter | None = None
        self.doc_formats = [f for f in formats("document") if f != "terminal"]
        self.diff_formats = [f for f in formats("diff") if f != "terminal"]
        self._openapi: bytes | None = None

    # ----------------------------------------------------------------- plumbing

    @asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        # warm up (the grammar, the readers, the renderers) so the first request is as fast as the rest
        def warm() -> None:
            a = communique.parse(text="Title\n\n1. One clause here.\n\n2. Another clause.\n")
            b = communique.parse(text="Title\n\n1. One clause there.\n\n2. Another clause.\n")
            communique.render(communique.diff(a, b), "html")

        with contextlib.suppress(Exception):  # warming is an optimisation only
            await anyio.to_thread.run_sync(warm)
        yield

    @property
    def limiter(self) -> anyio.CapacityLimiter:
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.settings.workers)
        return self._limiter

    async def work(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await run(fn, *args, timeout=self.settings.timeout, limiter=self.limiter)

    def html(self, text: str, status: int = 200, script: bool = False) -> Response:
        return Response(text, status_code=status, media_type="text/html; charset=utf-8",
                        headers={"content-security-policy": policy(script, served=True)})

    def error(self, request: Request, status: int, message: str) -> Response:
        message = " ".join(message.split())
        if _is_api(request):
            return _json({"error": message, "status": status}, status)
        return self.html(pages.error_page(self.site, _ui(request), status, message), status)

    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        detail = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404:
            detail = f"nothing at {request.url.path[:200]}"
        elif exc.status_code == 405:
            detail = f"{request.method} is not accepted at {request.url.path[:200]}"
        elif exc.status_code == 400:
            detail = f"malformed request: {detail}"
        response = self.error(request, exc.status_code, detail)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def web_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, WebError)
        return self.error(request, exc.status, exc.message)

    async def communique_error(self, request: Request, exc: Exception) -> Response:
        return self.error(request, 422, str(exc))

    async def crash(self, request: Request, exc: Exception) -> Response:
        return self.error(request, 500, f"internal error ({type(exc).__name__}); please report it")

    async def form(self, request: Request) -> FormData:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype not in ("multipart/form-data", "application/x-www-form-urlencoded"):
            raise WebError(415, f"send a form (multipart/form-data or urlencoded), not {ctype or 'no content type'}")
        if ctype == "multipart/form-data" and "boundary=" not in request.headers.get("content-type", ""):
            raise WebError(400, "malformed multipart form: no boundary")
        try:
            return await request.form(max_files=8, max_fields=64, max_part_size=self.settings.max_bytes)
        except HTTPException as exc:
            raise WebError(400, f"malformed form: {exc.detail}") from None
        except Exception as exc:
            raise WebError(400, f"malformed form ({type(exc).__name__})") from None

    async def body_json(self, request: Request) -> Any:
        raw = await request.body()
        try:
            return json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise WebError(400, "malformed JSON: the body is not UTF-8") from None
        except json.JSONDecodeError as exc:
            raise WebError(400, f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
        except RecursionError:
            raise WebError(400, "malformed JSON: nested too deeply") from None

    @staticmethod
    def _ctype(request: Request) -> str:
        return request.headers.get("content-type", "").split(";")[0].strip().lower()

    # ----------------------------------------------------------------- compare pages

    async def home(self, request: Request) -> Response:
        ui = _ui(request)
        return self.html(pages.compare_page(self.site, ui))

    async def compare(self, request: Request) -> Response:
        ui = Ui()
        values = pages.FormValues()
        opts = DiffOptions()
        try:
            form = await self.form(request)
            if form.get("ui") == "ar":
                ui = Ui("ar")
            fields = {"old_text", "old_file", "old_url", "new_text", "new_file", "new_url", "ui", *option_names()}
            unknown = sorted(set(form.keys()) - fields)
            if unknown:
                raise WebError(422, f"unknown form field(s): {', '.join(unknown)}")
            texts = {k: _text_field(form, k) for k in ("old_text", "new_text", "old_url", "new_url")}
            if sum(len(v) for v in texts.values()) < 200_000:
                values = pages.FormValues(**texts)
            opts, _ = _options(lambda: from_pairs(_pairs(form, set(option_names())), ignored=()))
            sides = []
            for side, label in (("old", "old round"), ("new", "new round")):
                data, name = await _file_field(form, f"{side}_file")
                sides.append(given(label, text=texts[f"{side}_text"], data=data, url=texts[f"{side}_url"],
                                   name=name or f"{side} (pasted)"))
            old, new = await self.work(_parse_two, sides[0], sides[1], self.settings.max_bytes)
        except WebError as exc:
            return self.html(pages.compare_page(self.site, ui, opts, values, exc.message), exc.status)
        key = self.store.put(old, new)
        query = [*opts.query(), *([("ui", "ar")] if ui.lang == "ar" else [])]
        return RedirectResponse(f"/compare/{key}" + (f"?{urlencode(query)}" if query else ""), status_code=303)

    def _pair(self, request: Request) -> tuple[str, Pair]:
        key = request.path_params["key"]
        pair = self.store.get(key) if KEY.fullmatch(key) else None
        if pair is None:
            raise WebError(404, "this comparison is not (or no longer) kept by this server: compare again")
        return key, pair

    def _page_options(self, request: Request) -> tuple[DiffOptions, Ui]:
        opts, extra = _options(lambda: from_pairs(request.query_params.multi_items(), extra=("ui",)))
        try:
            ui = Ui.of(extra.get("ui") or "en")
        except CommuniqueError as exc:
            raise WebError(422, str(exc)) from None
        return opts, ui

    async def result(self, request: Request) -> Response:
        key, pair = self._pair(request)
        opts, ui = self._page_options(request)

        def make() -> str:
            d = self.store.diff(key, pair, opts)
            return pages.diff_page(self.site, d, key, opts, ui)

        return self.html(await self.work(make), script=True)

    async def download(self, request: Request) -> Response:
        key, pair = self._pair(request)
        name = request.path_params["name"]
        fmt = DOWNLOADS.get(name)
        if fmt is None:
            raise WebError(404, f"no download {name[:50]!r}; choose {', '.join(DOWNLOADS)}")
        opts, ui = self._page_options(request)

        def make() -> str:
            d = self.store.diff(key, pair, opts)
            return communique.render(d, fmt, **({"ui": ui.lang} if fmt == "html" else {}))

        text = await self.work(make)
        headers = {"content-disposition": f'attachment; filename="{name}"'}
        if fmt == "html":
            headers["content-security-policy"] = policy(True)
        media = openapi.media_type(fmt)
        return Response(text, media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""),
                        headers=headers)

    # ----------------------------------------------------------------- archive pages

    def _archive(self) -> ArchiveLike:
        if self.archive is None:
            raise WebError(404, "no archive: start the server with --db ARCHIVE")
        return self.archive

    async def _series_id(self, request: Request) -> str:
        archive = self._archive()
        sid = request.path_params["series"]
        if not valid_id(sid):
            raise WebError(404, "no such series")
        known = await self.work(lambda: {s.id for s in archive.series()})
        if sid not in known:
            raise WebError(404, "no such series")
        return sid

    async def _history(self, sid: str) -> communique.History:
        archive = self._archive()

        def get() -> communique.History:
            try:
                return archive.history(sid)
            except LookupError:
                raise WebError(404, "no such series") from None

        return await self.work(get)

    async def _lineage(self, request: Request) -> tuple[str, communique.History, str, Sequence[Any]]:
        sid = await self._series_id(request)
        lin = request.path_params["lineage"]
        if not valid_id(lin):
            raise WebError(404, "no such lineage")
        history = await self._history(sid)
        found = next((x for x in history.lineages if x.id == lin), None)
        if found is None:
            raise WebError(404, "no such lineage in this series")
        archive = self._archive()
        last = found.cells[found.last]
        text = last.text if last is not None else ""

        def elsewhere() -> Sequence[Any]:
            genealogy = getattr(archive, "genealogy", None)
            hits = genealogy(sid, lin) if callable(genealogy) else archive.reuse(text)
            return list(hits)

        return sid, history, lin, await self.work(elsewhere)

    async def archive_home(self, request: Request) -> Response:
        ui = _ui(request)
        if self.archive is None:
            return self.html(pages.no_archive_page(self.site, ui), 404)
        archive = self.archive
        series = await self.work(lambda: list(archive.series()))
        return self.html(pages.archive_page(self.site, ui, series))

    async def archive_series(self, request: Request) -> Response:
        sid = await self._series_id(request)
        history = await self._history(sid)
        ui = _ui(request)
        return self.html(await self.work(pages.history_page, self.site, ui, sid, history), script=True)

    async def archive_lineage(self, request: Request) -> Response:
        sid, history, lin, elsewhere = await self._lineage(request)
        ui = _ui(request)
        archive = self._archive()
        series = await self.work(lambda: {s.id: s for s in archive.series()})
        info = series.get(sid)
        title = getattr(info, "title", sid) or sid
        language = getattr(info, "language", None)
        return self.html(await self.work(pages.genealogy_page, self.site, ui, sid, title, history, lin, elsewhere,
                                         language))

    def _query(self, value: str | None, name: str) -> str:
        value = (value or "").strip()
        if len(value) > MAX_QUERY and name == "q":
            raise WebError(422, f"the query is over {MAX_QUERY:,} characters")
        return value

    async def archive_search(self, request: Request) -> Response:
        archive = self._archive()
        ui = _ui(request)
        q = self._query(request.query_params.get("q"), "q")
        hits = await self.work(lambda: list(archive.search(q))) if q else []
        return self.html(pages.search_page(self.site, ui, q, hits))

    async def archive_reuse(self, request: Request) -> Response:
        archive = self._archive()
        ui = _ui(request)
        if request.method == "POST":
            form = await self.form(request)
            text = _text_field(form, "text")
            if form.get("ui") == "ar":
                ui = Ui("ar")
        else:
            text = request.query_params.get("text") or ""
        text = text.strip()
        hits = await self.work(lambda: list(archive.reuse(text))) if text else []
        return self.html(pages.reuse_page(self.site, ui, text, hits))

    # ----------------------------------------------------------------- API

    async def openapi(self, request: Request) -> Response:
        if self._openapi is None:
            doc = openapi.document(self.doc_formats, self.diff_formats, self.archive is not None)
            self._openapi = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
        return Response(self._openapi, media_type="application/json")

    async def health(self, request: Request) -> Response:
        from ..readers import readers

        return _json({"status": "ok", "version": communique.__version__, "archive": self.archive is not None,
                      "formats": {"document": self.doc_formats, "diff": self.diff_formats},
                      "readers": [r.name for r in readers()]})

    def _format(self, value: Any, allowed: list[str]) -> str:
        fmt = "json" if value is None or value == "" else value
        if not isinstance(fmt, str) or fmt not in allowed:
            raise WebError(422, f"unknown format {fmt!r}; choose from {', '.join(allowed)}")
        return fmt

    def _rendered(self, obj: communique.Document | communique.Diff, fmt: str) -> Response:
        media = openapi.media_type(fmt)
        return Response(communique.render(obj, fmt), media_type=media)

    async def api_parse(self, request: Request) -> Response:
        ctype = self._ctype(request)
        if ctype == "application/json":
            body = await self.body_json(request)
            if not isinstance(body, dict):
                raise WebError(422, "the body must be a JSON object with 'text' or 'url'")
            unknown = sorted(set(body) - {"text", "url", "name", "options"})
            if unknown:
                raise WebError(422, f"unknown field(s) {', '.join(map(repr, unknown))}; "
                               "give 'text' or 'url' (and 'name', 'options')")
            options = body.get("options")
            options = {} if options is None else options
            if not isinstance(options, dict) or set(options) - {"format"}:
                raise WebError(422, "'options' takes only 'format' for parse")
            fmt = self._format(options.get("format"), self.doc_formats)
            for k in ("text", "url", "name"):
                if body.get(k) is not None and not isinstance(body[k], str):
                    raise WebError(422, f"{k!r} must be a string")
            g = given("the statement", text=body.get("text"), url=body.get("url"), name=body.get("name"))
        else:
            form = await self.form(request)
            unknown = sorted(set(form.keys()) - {"file", "text", "url", "name", "format"})
            if unknown:
                raise WebError(422, f"unknown form field(s): {', '.join(unknown)}")
            fmt = self._format(_text_field(form, "format") or None, self.doc_formats)
            data, filename = await _file_field(form, "file")
            g = given("the statement", text=_text_field(form, "text"), data=data, url=_text_field(form, "url"),
                      name=filename or _text_field(form, "name") or None)

        def make() -> Response:
            return self._rendered(parse_given(g, self.settings.max_bytes), fmt)

        return await self.work(make)

    async def api_diff(self, request: Request) -> Response:
        ctype = self._ctype(request)
        if ctype == "application/json":
            body = await self.body_json(request)
            if not isinstance(body, dict):
                raise WebError(422, "the body must be a JSON object {\"old\": TEXT, \"new\": TEXT, \"options\": {…}}")
            unknown = sorted(set(body) - {"old", "new", "options"})
            if unknown:
                raise WebError(422, f"unknown field(s) {', '.join(map(repr, unknown))}; give 'old', 'new' "
                               "and 'options'")
            options = body.get("options")
            if options is not None and not isinstance(options, dict):
                raise WebError(422, "'options' must be a JSON object of the CLI's options by name")
            opts, extra = _options(lambda: from_mapping(options or {}, extra=("format",)))
            fmt = self._format(extra.get("format"), self.diff_formats)
            sides = [_statement(body.get(side), f"{side} round", side) for side in ("old", "new")]
        else:
            form = await self.form(request)
            allowed = {"old", "new", "old_url", "new_url", "format", *option_names()}
            unknown = sorted(set(form.keys()) - allowed)
            if unknown:
                raise WebError(422, f"unknown form field(s): {', '.join(unknown)}")
            opts, extra = _options(lambda: from_pairs(_pairs(form, set(option_names()) | {"format"}),
                                                      extra=("format",)))
            fmt = self._format(extra.get("format"), self.diff_formats)
            sides = []
            for side in ("old", "new"):
                data, name = await _file_field(form, side)
                text = _text_field(form, side) if data is None else None
                sides.append(given(f"{side} round", text=text, data=data, url=_text_field(form, f"{side}_url"),
                                   name=name or side))

        def make() -> Response:
            old, new = _parse_two(sides[0], sides[1], self.settings.max_bytes)
            return self._rendered(communique.diff(old, new, **opts.diff_kwargs()), fmt)

        return await self.work(make)

    async def api_series(self, request: Request) -> Response:
        archive = self._archive()
        series = await self.work(lambda: list(archive.series()))
        return _json({"series": [_series_dict(s) for s in series]})

    async def api_history(self, request: Request) -> Response:
        sid = await self._series_id(request)
        history = await self._history(sid)
        text = await self.work(communique.render, history, "json")
        return Response(text, media_type="application/json")

    async def api_lineage(self, request: Request) -> Response:
        sid, history, lin, elsewhere = await self._lineage(request)
        data = json.loads(await self.work(communique.render, history, "json"))
        lineage = next(x for x in data["lineages"] if x["id"] == lin)
        return _json({"series": sid, "lineage": lineage, "rounds": data["rounds"],
                      "elsewhere": [_hit_dict(h) for h in elsewhere
                                    if not (h.series == sid and getattr(h, "lineage", None) == lin)][:pages.MAX_HITS]})

    async def _hits(self, fn: Callable[[], Sequence[Any]]) -> Response:
        hits = list(await self.work(fn))
        return _json({"hits": [_hit_dict(h) for h in hits[:pages.MAX_HITS]], "total": len(hits)})

    async def api_search(self, request: Request) -> Response:
        archive = self._archive()
        q = self._query(request.query_params.get("q"), "q")
        if not q:
            raise WebError(422, "give the query: ?q=…")
        return await self._hits(lambda: archive.search(q))

    async def api_reuse(self, request: Request) -> Response:
        archive = self._archive()
        text = (request.query_params.get("text") or "").strip()
        if not text:
            raise WebError(422, "give the text: ?text=…")
        return await self._hits(lambda: archive.reuse(text))


# --------------------------------------------------------------------------- helpers


def _options(make: Callable[[], Any]) -> Any:
    try:
        return make()
    except CommuniqueError as exc:
        raise WebError(422, str(exc)) from None


def _pairs(form: FormData, keep: set[str]) -> list[tuple[str, str]]:
    out = []
    for k, v in form.multi_items():
        if k in keep:
            if not isinstance(v, str):
                raise WebError(422, f"form field {k!r} must be text, not a file")
            out.append((k, v))
    return out


def _text_field(form: FormData, name: str) -> str:
    values = form.getlist(name)
    if len(values) > 1:
        raise WebError(422, f"form field {name!r} is given twice")
    if not values:
        return ""
    value = values[0]
    if not isinstance(value, str):
        raise WebError(422, f"form field {name!r} must be text, not a file")
    return value


async def _file_field(form: FormData, name: str) -> tuple[bytes | None, str | None]:
    values = form.getlist(name)
    if len(values) > 1:
        raise WebError(422, f"form field {name!r} is given twice")
    if not values or isinstance(values[0], str):
        return None, None
    upload = values[0]
    assert isinstance(upload, UploadFile)
    data = await upload.read()
    filename = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1][:200] or None
    if not data and not filename:  # a file input left empty
        return None, None
    if not data:
        raise WebError(422, f"{filename}: empty file")
    return data, filename


def _statement(value: Any, label: str, side: str) -> Given:
    if isinstance(value, str):
        return given(label, text=value, name=side)
    if isinstance(value, dict):
        keys = set(value)
        if keys <= {"text", "name"} and isinstance(value.get("text"), str) \
                and isinstance(value.get("name", ""), str):
            return given(label, text=value["text"], name=value.get("name") or side)
        if keys == {"url"} and isinstance(value["url"], str):
            return given(label, url=value["url"])
    if value is None:
        raise WebError(422, f"{label}: missing; give its text as '{side}'")
    raise WebError(422, f"{label}: give a string (the text), {{\"text\": …}} or {{\"url\": …}}")


def _parse_two(old: Given, new: Given, max_bytes: int) -> tuple[communique.Document, communique.Document]:
    return parse_given(old, max_bytes), parse_given(new, max_bytes)


def _series_dict(s: Any) -> dict[str, Any]:
    return {"id": str(s.id), "title": str(s.title or ""), "rounds": int(s.rounds),
            "first": getattr(s, "first", None), "last": getattr(s, "last", None),
            "language": getattr(s, "language", None)}


def _hit_dict(h: Any) -> dict[str, Any]:
    score = getattr(h, "score", None)
    return {"series": str(h.series), "round": int(h.round), "path": str(h.path), "text": str(h.text),
            "lineage": getattr(h, "lineage", None), "score": float(score) if score is not None else None}
