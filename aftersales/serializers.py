"""Serializer helpers shared by every app's API."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from functools import cached_property
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

_LOCK = threading.RLock()


class FieldsBuiltOnce:
    """For output serializers: build the field tree once per class, not once per instance.

    A ``ModelSerializer`` introspects its model every time it is instantiated; for a ticket
    with its nested customer, people, parts and hours that costs about 2 ms, several times
    what writing the JSON costs, and it is paid on every create, retrieve and transition.
    With this mixin the first instance of a class builds the fields on a context-free
    prototype and every later instance reuses them.

    Use it only where the output does not depend on the serializer instance: no field or
    ``get_<name>`` method may read ``self.context`` (the request), and nothing may edit
    ``serializer.fields`` per instance. Validation (``data=``) is refused, because input
    fields carry per-request state.
    """

    _built: ClassVar[dict[type, Any]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "data" in kwargs:
            raise TypeError(f"{type(self).__name__} is for output only")
        super().__init__(*args, **kwargs)

    @cached_property
    def fields(self) -> Any:
        cls = type(self)
        built = FieldsBuiltOnce._built.get(cls)
        if built is None:
            with _LOCK:
                built = FieldsBuiltOnce._built.get(cls)
                if built is None:
                    prototype = cls()
                    built = super(FieldsBuiltOnce, prototype).fields  # type: ignore[misc]
                    for field in built.values():  # build nested trees now, under the lock
                        if isinstance(field, serializers.ListSerializer):
                            field = field.child
                        if isinstance(field, serializers.BaseSerializer):
                            _ = field.fields  # type: ignore[attr-defined]
                    FieldsBuiltOnce._built[cls] = built
        return built


class FieldsCopiedShallow:
    """For input serializers on hot paths: each instance gets its own field objects, shallow
    copies of prototypes built once per class from the declared fields' constructor
    arguments, instead of DRF's deep copy of every declared field (its choices, querysets
    and defaults) and a fresh ``__init__`` each. For the ticket's sixteen fields that is a
    tenth of the cost.

    Use it only where the declared fields take immutable arguments and keep no state of
    their own between requests beyond what binding sets (the copy is bound to its serializer,
    so ``self.context`` is the request's); a queryset belongs on the field class (see
    ``tickets.api.serializers.SeverityCodeField``)."""

    _declared_fields: ClassVar[dict[str, serializers.Field]]
    _prototypes: ClassVar[dict[type, dict[str, serializers.Field]]] = {}

    def get_fields(self) -> dict[str, serializers.Field]:
        cls = type(self)
        prototypes = FieldsCopiedShallow._prototypes.get(cls)
        if prototypes is None:
            with _LOCK:
                prototypes = {
                    name: type(field)(*field._args, **field._kwargs)  # type: ignore[attr-defined]
                    for name, field in self._declared_fields.items()
                }
                for field in prototypes.values():
                    _ = field.validators  # built now, shared read-only by the copies
                FieldsCopiedShallow._prototypes[cls] = prototypes
        return {name: copy.copy(field) for name, field in prototypes.items()}


class ScopedRelatedField(serializers.Field):  # type: ignore[type-arg]
    """An input naming an object by its id (or by ``lookup``, e.g. a ticket's ``number``),
    looked up in the caller's scope: ``scope(request.user)`` is a selector's queryset, so
    another organisation's object is "Unknown or not yours.", the same as a missing one.

    The value is parsed as an integer (``lookup="pk"``) or as text of at most ``max_length``
    characters first, with DRF's own messages. A blank or null value of an optional field is
    ``None``. The serializer needs ``context={"request": request}``.
    """

    default_error_messages = {"does_not_exist": _("Unknown or not yours.")}

    def __init__(
        self,
        *,
        scope: Callable[[Any], QuerySet[Any]],
        lookup: str = "pk",
        max_length: int = 64,
        **kwargs: Any,
    ) -> None:
        self.scope = scope
        self.lookup = lookup
        self.key: serializers.Field[Any, Any, Any, Any] = (
            serializers.IntegerField()
            if lookup == "pk"
            else serializers.CharField(max_length=max_length, allow_blank=True)
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        key = self.key.run_validation(data)
        if key == "" and not self.required:
            return None
        found = self.scope(self.context["request"].user).filter(**{self.lookup: key}).first()
        if found is None:
            self.fail("does_not_exist")
        return found

    def to_representation(self, value: Any) -> Any:
        return getattr(value, self.lookup)


class _ScopedRelatedFieldSchema(OpenApiSerializerFieldExtension):
    """In the OpenAPI schema a scoped field is what the client sends: its id or its key."""

    target_class = ScopedRelatedField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        return auto_schema._map_serializer_field(self.target.key, direction)
