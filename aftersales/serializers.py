"""Serializer helpers shared by every app's API."""

from __future__ import annotations

import threading
from functools import cached_property
from typing import Any, ClassVar

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
                    built = super(FieldsBuiltOnce, prototype).fields
                    for field in built.values():  # build nested trees now, under the lock
                        if isinstance(field, serializers.ListSerializer):
                            field = field.child
                        if isinstance(field, serializers.BaseSerializer):
                            _ = field.fields
                    FieldsBuiltOnce._built[cls] = built
        return built


class FieldsCopiedShallow:
    """For input serializers on hot paths: each instance gets fresh field objects made from
    the declared ones' constructor arguments, without DRF's deep copy of those arguments
    (choices, querysets and defaults, which none of our fields mutate). For a dozen fields
    that is a quarter of the cost.

    Use it only where the declared fields take immutable arguments; a queryset belongs on
    the field class (see ``tickets.api.serializers.SeverityCodeField``)."""

    _declared_fields: ClassVar[dict[str, serializers.Field]]

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            name: type(field)(*field._args, **field._kwargs)
            for name, field in self._declared_fields.items()
        }
