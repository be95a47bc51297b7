"""Check data against a shipped schema: a compiled yes/no first, jsonschema only on a no.

Almost every document is valid, and on a valid one jsonschema's walk costs
more than all the rules together; :func:`~evallint.schema.quick.compile_schema`
answers "valid?" in a fraction of that. Only a document that fails goes to
jsonschema (imported then), which finds each violation for the wording.
Numbers are evallint's: ``Decimal`` (and ``int``), never ``bool``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from evallint.schema.quick import Predicate, compile_schema, is_integer, is_number

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator


class SchemaCheck:
    """One schema, compiled once; :meth:`errors` gives its violations by a document."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.schema = schema
        self.quick: Predicate | None = compile_schema(
            schema, types={"number": is_number, "integer": is_integer}
        )
        self._validator: Validator | None = None

    def errors(self, instance: Any) -> list[ValidationError]:
        """Every violation of the schema by ``instance`` (empty when it is valid)."""
        if self.quick is not None and self.quick(instance):
            return []
        return list(self.validator().iter_errors(instance))

    def validator(self) -> Validator:
        """jsonschema's validator for the schema, with evallint's numbers."""
        if self._validator is None:
            self._validator = _validator_class()(self.schema)
        return self._validator


def _validator_class() -> type[Validator]:
    # jsonschema is imported only here: a run over valid documents never needs it.
    from jsonschema import Draft202012Validator, validators
    from jsonschema.exceptions import ValidationError

    def type_keyword(
        validator: Validator, types: Any, instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        # jsonschema's own `type` puts repr(instance) into a message we never show: slow
        # for a huge value, and it raises for an int of more than 4300 digits.
        names = [types] if isinstance(types, str) else types
        if not any(validator.is_type(instance, name) for name in names):
            yield ValidationError("type")

    checker = Draft202012Validator.TYPE_CHECKER.redefine(
        "number", lambda checker, instance: is_number(instance)
    ).redefine("integer", lambda checker, instance: is_integer(instance))
    # The stubs leave `extend` unannotated; it returns a validator class.
    cls: type[Validator] = validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, validators={"type": type_keyword}, type_checker=checker
    )
    return cls
