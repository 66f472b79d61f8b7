"""The OpenAPI document of ``/api/v1`` completed by hand, and ``/docs``: that document as a plain page.

Why not FastAPI's Swagger UI: it loads its scripts and styles from a CDN, which an offline machine cannot
reach (the page stays blank), and it needs inline scripts the newsroom's CSP forbids. The reference page
here is server-rendered from the same OpenAPI document (``/openapi.json`` for tools) and runs nothing.

Why completed by hand: the ``POST`` routes read their bodies themselves (size limits before parsing, see
``server.app.read_json_body``), so FastAPI cannot see their request models; and every error is
``{"error": "<one line>"}``, not FastAPI's validation-error shape.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {"error": {"type": "string", "description": "what went wrong, in one line"}},
    "required": ["error"],
}
ERROR_CODES = {
    "304": "Not modified: the ETag given in If-None-Match is still the story's",
    "400": "Bad request: not JSON, or JSON nested too deep",
    "401": "A token is needed for writes on this server",
    "403": "Cross-site write, or a wrong token",
    "404": "No such story or entity",
    "413": "Body over the size limit, or too many articles",
    "415": "The body is not JSON",
    "422": "A parameter or field is invalid (the message names it), or nothing could be used",
    "503": "Busy: try again after Retry-After seconds",
    "504": "The work did not finish within the time budget",
}


def install_openapi(app: FastAPI, bodies: dict[tuple[str, str], type[BaseModel]]) -> None:
    """Make ``app.openapi()`` return the completed document: request bodies of ``bodies`` (keyed by
    (method, path)), the error schema for every 4xx/5xx, and no FastAPI validation-error schemas."""

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            description=app.description,
            routes=app.routes,
        )
        components = document.setdefault("components", {}).setdefault("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        components["Error"] = ERROR_SCHEMA
        for (method, path), model in bodies.items():
            schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(schema.pop("$defs", {}))
            components[model.__name__] = schema
            operation = document["paths"].get(path, {}).get(method)
            if operation is not None:
                operation["requestBody"] = {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
                    },
                }
        for operations in document["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code in list(responses):
                    if code.startswith(("4", "5")):
                        responses[code] = _error_response(code)
                for code in _codes_of(operation):
                    responses.setdefault(code, _error_response(code))
        app.openapi_schema = document
        return document

    app.openapi = build  # type: ignore[method-assign]


def _error_response(code: str) -> dict[str, Any]:
    return {
        "description": ERROR_CODES.get(code, "error"),
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _codes_of(operation: dict[str, Any]) -> list[str]:
    """The error codes an operation can answer, by what it does (its method and parameters)."""
    codes = ["422"]
    names = {parameter["name"] for parameter in operation.get("parameters", [])}
    if {"story_id", "name"} & names:
        codes.append("404")
    if "requestBody" in operation:
        codes += ["400", "401", "403", "413", "415", "503"]
    return codes


def reference(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations of the document as plain values for the ``/docs`` template, in path order."""
    schemas = document.get("components", {}).get("schemas", {})
    operations = []
    for path, methods in document.get("paths", {}).items():
        for method, operation in methods.items():
            body = (
                operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            )
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": item["name"],
                            "in": item["in"],
                            "type": _type_name(item.get("schema", {})),
                            "required": item.get("required", False),
                            "default": item.get("schema", {}).get("default"),
                        }
                        for item in operation.get("parameters", [])
                    ],
                    "body": _fields(body, schemas) if body else [],
                    "body_name": str(body.get("$ref", "")).rsplit("/", 1)[-1] if body else None,
                    "responses": [
                        {"code": code, "description": value.get("description", "")}
                        for code, value in sorted(operation.get("responses", {}).items())
                    ],
                }
            )
    return operations


def _resolve(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return schemas.get(ref.rsplit("/", 1)[-1], {}) if isinstance(ref, str) else schema


def _fields(schema: dict[str, Any], schemas: dict[str, Any], prefix: str = "") -> list[dict[str, Any]]:
    """The fields of a request body, nested models flattened as ``articles[].text``."""
    resolved = _resolve(schema, schemas)
    required = set(resolved.get("required", []))
    fields: list[dict[str, Any]] = []
    for name, item in resolved.get("properties", {}).items():
        label = f"{prefix}{name}"
        inner = item.get("items", {}) if item.get("type") == "array" else {}
        fields.append(
            {
                "name": label,
                "type": _type_name(item),
                "required": name in required,
                "default": item.get("default"),
            }
        )
        if "$ref" in inner:
            fields += _fields(inner, schemas, prefix=f"{label}[].")
    return fields


def _type_name(schema: dict[str, Any]) -> str:
    """A short type for the reference: ``integer 1–100``, ``string ≤ 500``, ``html | md | json``."""
    if "anyOf" in schema:
        kinds = [_type_name(option) for option in schema["anyOf"] if option.get("type") != "null"]
        return " | ".join(kinds) + " (optional)"
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = str(schema.get("type", "any"))
    if kind == "array":
        return f"list of {_type_name(schema.get('items', {}))}"
    limits = []
    if "minimum" in schema or "maximum" in schema:
        limits.append(f"{schema.get('minimum', '')}–{schema.get('maximum', '')}")
    if "maxLength" in schema:
        limits.append(f"≤ {schema['maxLength']} chars")
    if "pattern" in schema:
        limits.append(f"matching {schema['pattern']}")
    return " ".join([kind, *limits])
