"""How the OpenAPI schema (drf-spectacular) is built, so it says what the API does.

- :class:`AutoSchema` — only a viewset's ``list`` is documented as paginated (the extra
  actions answer with plain lists, as they do). A view whose ``get_queryset`` scopes by the
  caller cannot run while the schema is generated without one (the ``spectacular``
  command): the model comes from the view's serializer instead, so path parameters get
  their real types (``id`` is an integer) whoever asks for the schema.
- :func:`document_errors` (a postprocessing hook) — every operation's error answers are
  described once: the 400 body of ``aftersales.api.exception_handler`` (field messages),
  401/403/404 with their ``detail``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

ERROR_COMPONENT = "Error"
VALIDATION_COMPONENT = "ValidationError"

_ERRORS = {
    "400": ("Invalid input: a message per field (or detail).", VALIDATION_COMPONENT),
    "401": ("Not signed in.", ERROR_COMPONENT),
    "403": ("Signed in, but your role or organisation may not do this.", ERROR_COMPONENT),
    "404": ("Not found (or not within your scope).", ERROR_COMPONENT),
}


def _serializer_model(view: Any) -> type | None:
    serializer = getattr(view, "serializer_class", None)
    if serializer is None:
        try:
            serializer = view.get_serializer_class()
        except Exception:  # noqa: BLE001 - any failure means "no model known"
            return None
    return getattr(getattr(serializer, "Meta", None), "model", None)


class AutoSchema(SpectacularAutoSchema):
    def _get_paginator(self) -> Any:
        # Only a viewset's ``list`` pages its answer; the extra actions (a ticket's timeline,
        # a store's stock …) answer with a plain list.
        if getattr(self.view, "action", "list") not in (None, "list"):
            return None
        return super()._get_paginator()

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        view: Any = self.view
        if getattr(view, "queryset", None) is None and getattr(view, "swagger_fake_view", False):
            model: Any = _serializer_model(view)
            if model is not None:
                # Only the schema generator's own view instance: requests never see it.
                view.queryset = model._default_manager.none()
        return super().get_operation(*args, **kwargs)


def document_errors(result: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Add the shared error answers to every operation that does not describe its own."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        ERROR_COMPONENT,
        {
            "type": "object",
            "description": "``detail`` (DRF: a text; a refused domain rule: a list of texts, or "
            "messages per field instead) and a stable ``code``.",
            "properties": {
                "detail": {
                    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
                },
                "code": {"type": "string"},
            },
            "additionalProperties": True,
        },
    )
    schemas.setdefault(
        VALIDATION_COMPONENT,
        {
            "type": "object",
            "description": "Field name → messages; ``detail`` for errors not of one field.",
            "additionalProperties": True,
        },
    )
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, (description, component) in _ERRORS.items():
                if status == "401" and operation.get("security") == [{}]:
                    continue
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{component}"}
                            }
                        },
                    },
                )
    return result
