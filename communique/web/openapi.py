"""The OpenAPI 3.1 document of the JSON API (``/openapi.json``).

Its response schemas *are* the published JSON Schemas
(``communique/schemas/*.schema.json``), copied in as components with their
references rewritten to point inside this document (``$id`` and
``$schema`` dropped, so that nothing resolves outside it):
``#/$defs/x`` of the diff schema becomes ``#/components/schemas/Diff/$defs/x``
and ``document.schema.json#/$defs/x`` becomes
``#/components/schemas/Document/$defs/x``.  :func:`published` undoes it
(the tests check the round trip).
"""

from __future__ import annotations

import copy
from typing import Any

from ..model.profile import RULES
from ..schemas import KINDS, schema

NAMES = {"document": "Document", "diff": "Diff", "history": "History"}

MEDIA = {"json": "application/json", "markdown": "text/markdown", "tei": "application/xml",
         "akn": "application/xml", "html": "text/html"}


def media_type(fmt: str) -> str:
    return MEDIA.get(fmt, "text/plain")


def _rewrite(node: Any, kind: str) -> Any:
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                out[k] = _ref(v, kind)
            else:
                out[k] = _rewrite(v, kind)
        return out
    if isinstance(node, list):
        return [_rewrite(v, kind) for v in node]
    return node


def _ref(ref: str, kind: str) -> str:
    file, _, pointer = ref.partition("#")
    target = kind
    if file:
        target = file.removesuffix(".schema.json")
        if target not in NAMES:
            raise ValueError(f"unexpected reference {ref!r} in the {kind} schema")
    return f"#/components/schemas/{NAMES[target]}{pointer}"


def component(kind: str) -> dict[str, Any]:
    """The published schema of ``kind`` as an OpenAPI component."""
    data = {k: v for k, v in schema(kind).items() if k not in ("$id", "$schema")}  # type: ignore[arg-type]
    return _rewrite(copy.deepcopy(data), kind)


def published(kind: str, component_schema: dict[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`component`: the schema file's content again."""
    original = schema(kind)  # type: ignore[arg-type,unused-ignore]

    def back(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: (_unref(v) if k == "$ref" else back(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [back(v) for v in node]
        return node

    def _unref(ref: str) -> str:
        prefix = "#/components/schemas/"
        name, _, pointer = ref[len(prefix):].partition("/")
        target = next(k for k, v in NAMES.items() if v == name)
        return f"#{'/' + pointer if pointer else ''}" if target == kind else \
            f"{target}.schema.json{'#/' + pointer if pointer else ''}"

    return {"$schema": original["$schema"], "$id": original["$id"], **back(component_schema)}


def _error(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


ERRORS = {
    "400": _error("malformed request (JSON, form or multipart that cannot be read)"),
    "401": _error("a token is required and was not given"),
    "403": _error("refused: a host name other than loopback without a token, or a post from another site"),
    "408": _error("the request body did not arrive in time"),
    "413": _error("the request or an input is over the size limit"),
    "415": _error("a body type the endpoint does not take"),
    "422": _error("the input or an option cannot be used (one line says why), or processing ran over "
                  "the time limit"),
}


def _ok(schema_ref: str | None, formats: list[str], description: str) -> dict[str, Any]:
    content: dict[str, Any] = {}
    for fmt in formats:
        mt = media_type(fmt)
        if mt in content:
            continue
        if fmt == "json" and schema_ref:
            content[mt] = {"schema": {"$ref": schema_ref}}
        else:
            content[mt] = {"schema": {"type": "string"}}
    return {"description": description, "content": content}


def document(doc_formats: list[str], diff_formats: list[str], archive: bool) -> dict[str, Any]:
    """The OpenAPI document of this server (archive paths only with an archive)."""
    rule_list = list(RULES)
    options_props: dict[str, Any] = {
        "ignore": {"description": "normalization rules to ignore too (the CLI's --ignore)",
                   "oneOf": [{"type": "string", "pattern": f"^\\s*({'|'.join(rule_list)})?\\s*"
                                                          f"(,\\s*({'|'.join(rule_list)})\\s*)*$"},
                             {"type": "array", "items": {"enum": rule_list}}]},
        "strict": {"type": "boolean", "description": "compare the text exactly as written (--strict)"},
        "threshold": {"type": ["number", "null"], "minimum": 0, "maximum": 1,
                      "description": "similarity below which two clauses are not the same clause (--threshold)"},
        "format": {"enum": diff_formats, "default": "json", "description": "the output format (--format)"},
        "cross_language": {"type": "boolean", "description": "compare as an original and its translation "
                           "(--cross-language); left out, the two languages decide"},
    }
    statement = {
        "description": "a statement: its text, or an object with its text (and a name) or its URL",
        "oneOf": [
            {"type": "string", "minLength": 1},
            {"type": "object", "properties": {"text": {"type": "string", "minLength": 1}, "name": {"type": "string"}},
             "required": ["text"], "additionalProperties": False},
            {"type": "object", "properties": {"url": {"type": "string", "format": "uri", "pattern": "^https?://"}},
             "required": ["url"], "additionalProperties": False},
        ],
    }
    schemas: dict[str, Any] = {NAMES[k]: component(k) for k in KINDS}
    schemas.update({
        "Error": {"type": "object", "required": ["error", "status"], "additionalProperties": False,
                  "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}},
        "DiffOptions": {"type": "object", "additionalProperties": False, "properties": options_props},
        "ParseOptions": {"type": "object", "additionalProperties": False,
                         "properties": {"format": {"enum": doc_formats, "default": "json"}}},
        "Statement": statement,
        "DiffRequest": {"type": "object", "required": ["old", "new"], "additionalProperties": False,
                        "properties": {"old": {"$ref": "#/components/schemas/Statement"},
                                       "new": {"$ref": "#/components/schemas/Statement"},
                                       "options": {"$ref": "#/components/schemas/DiffOptions"}}},
        "ParseRequest": {"type": "object", "additionalProperties": False,
                         "oneOf": [{"required": ["text"]}, {"required": ["url"]}],
                         "properties": {"text": {"type": "string", "minLength": 1}, "name": {"type": "string"},
                                        "url": {"type": "string", "format": "uri", "pattern": "^https?://"},
                                        "options": {"$ref": "#/components/schemas/ParseOptions"}}},
        "Health": {"type": "object", "required": ["status", "version", "archive"],
                   "properties": {"status": {"const": "ok"}, "version": {"type": "string"},
                                  "archive": {"type": "boolean"}, "formats": {"type": "object"},
                                  "readers": {"type": "array", "items": {"type": "string"}}}},
    })
    multipart_diff = {"type": "object", "required": ["old", "new"],
                      "properties": {"old": {"type": "string", "format": "binary"},
                                     "new": {"type": "string", "format": "binary"},
                                     **{k: v for k, v in options_props.items() if k != "ignore"},
                                     "ignore": {"type": "string"}}}
    paths: dict[str, Any] = {
        "/api/health": {"get": {"operationId": "health", "summary": "the server is up; what it reads and writes",
                                "responses": {"200": {"description": "up", "content": {"application/json": {
                                    "schema": {"$ref": "#/components/schemas/Health"}}}}}}},
        "/api/parse": {"post": {
            "operationId": "parse", "summary": "parse one statement into its clause tree",
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ParseRequest"}},
                "multipart/form-data": {"schema": {
                    "type": "object", "properties": {"file": {"type": "string", "format": "binary"},
                                                     "text": {"type": "string"},
                                                     "format": {"enum": doc_formats}}}}}},
            "responses": {"200": _ok("#/components/schemas/Document", doc_formats,
                                     "the document (JSON of document.schema.json, or the format asked for)"),
                          **ERRORS}}},
        "/api/diff": {"post": {
            "operationId": "diff", "summary": "what changed between two rounds, clause by clause",
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/DiffRequest"}},
                "multipart/form-data": {"schema": multipart_diff}}},
            "responses": {"200": _ok("#/components/schemas/Diff", diff_formats,
                                     "the diff (JSON of diff.schema.json, or the format asked for)"),
                          **ERRORS}}},
    }
    if archive:
        sid = {"name": "series", "in": "path", "required": True,
               "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$"}}
        lin = {"name": "lineage", "in": "path", "required": True,
               "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$"}}
        not_found = _error("no such series or lineage")
        hits = {"description": "matching clauses, best first", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Hits"}}}}
        schemas.update({
            "Series": {"type": "object", "required": ["id", "title", "rounds"],
                       "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                                      "rounds": {"type": "integer", "minimum": 0},
                                      "first": {"type": ["string", "null"]}, "last": {"type": ["string", "null"]},
                                      "language": {"type": ["string", "null"]}}},
            "SeriesList": {"type": "object", "required": ["series"],
                           "properties": {"series": {"type": "array",
                                                     "items": {"$ref": "#/components/schemas/Series"}}}},
            "Hit": {"type": "object", "required": ["series", "round", "path", "text"],
                    "properties": {"series": {"type": "string"}, "round": {"type": "integer", "minimum": 0},
                                   "path": {"type": "string"}, "text": {"type": "string"},
                                   "lineage": {"type": ["string", "null"]},
                                   "score": {"type": ["number", "null"]}}},
            "Hits": {"type": "object", "required": ["hits", "total"],
                     "properties": {"hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                                    "total": {"type": "integer", "minimum": 0}}},
            "LineageResponse": {"type": "object", "required": ["series", "lineage", "rounds"],
                                "properties": {
                                    "series": {"type": "string"},
                                    "lineage": {"$ref": "#/components/schemas/History/$defs/lineage"},
                                    "rounds": {"type": "array",
                                               "items": {"$ref": "#/components/schemas/History/$defs/round"}},
                                    "elsewhere": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}}}},
        })
        text_q = {"name": "text", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1}}
        paths.update({
            "/api/archive/series": {"get": {"operationId": "archiveSeries", "summary": "the series of the archive",
                                            "responses": {"200": {"description": "the series", "content": {
                                                "application/json": {"schema": {
                                                    "$ref": "#/components/schemas/SeriesList"}}}}}}},
            "/api/archive/series/{series}": {"get": {
                "operationId": "archiveHistory", "summary": "a series' history (lineages × rounds)",
                "parameters": [sid],
                "responses": {"200": {"description": "the history (JSON of history.schema.json)", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/History"}}}},
                    "404": not_found, "422": ERRORS["422"]}}},
            "/api/archive/series/{series}/lineages/{lineage}": {"get": {
                "operationId": "archiveGenealogy", "summary": "one clause's genealogy: its lineage through the "
                "rounds, and where else its wording appears",
                "parameters": [sid, lin],
                "responses": {"200": {"description": "the lineage", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/LineageResponse"}}}},
                    "404": not_found, "422": ERRORS["422"]}}},
            "/api/archive/search": {"get": {
                "operationId": "archiveSearch", "summary": "full-text search of the clauses",
                "parameters": [{"name": "q", "in": "query", "required": True,
                                "schema": {"type": "string", "minLength": 1}}],
                "responses": {"200": hits, "422": ERRORS["422"]}}},
            "/api/archive/reuse": {"get": {
                "operationId": "archiveReuse", "summary": "clauses worded like the text given",
                "parameters": [text_q], "responses": {"200": hits, "422": ERRORS["422"]}}},
        })
    return {
        "openapi": "3.1.0",
        "info": {"title": "communique", "version": _version(),
                 "description": "Parse diplomatic final statements into clause trees and diff rounds clause by "
                 "clause. Responses in JSON follow the published schemas (components Document, Diff, History)."},
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _version() -> str:
    import communique

    return str(communique.__version__)
