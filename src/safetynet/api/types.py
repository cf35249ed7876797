"""Field types of the API's schemas: text the platform can store, codes from a list (declared as
enums in the OpenAPI document), dates in the ROC or ISO forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import (
    AfterValidator,
    BeforeValidator,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from safetynet.core.roc import DateParseError, parse_date
from safetynet.core.text import is_clean
from safetynet.core.twid import InvalidIdNumber, id_number_kind, normalise_id_number

EARLIEST = dt.date(1912, 1, 1)


def _clean(value: str) -> str:
    if not is_clean(value):
        raise PydanticCustomError(
            "text", _("The text holds characters that cannot be stored (such as NUL).")
        )
    return value


# Stored text: `Annotated[str, Field(max_length=…), CLEAN]`.
CLEAN = AfterValidator(_clean)


def _moment(value: dt.datetime) -> dt.datetime:
    """A date and time as UTC: the wire's offset is only notation, and PostgreSQL refuses
    offsets beyond ±16 hours (found by the fuzzing: 0205-08-09T17:15:23-17:15 answered 500)."""
    if value.tzinfo is None:
        return value
    try:
        moment = value.astimezone(dt.UTC)
    except OverflowError:
        moment = None
    if moment is None or moment.year < EARLIEST.year:
        raise PydanticCustomError("date", _("This value is not valid."))
    return moment


# A stored date and time: `Annotated[dt.datetime, MOMENT]`.
MOMENT = AfterValidator(_moment)


@dataclass(frozen=True)
class OneOf:
    """A code from a list (read when the schema is built), validated here and declared as an
    enum in the OpenAPI document so that generated clients can form valid requests:
    `Annotated[str, OneOf(codes, "description")]`."""

    values: tuple[str, ...]
    description: str = ""

    def _check(self, value: str) -> str:
        if value not in self.values:
            raise PydanticCustomError("one_of", _("Not one of the allowed values."))
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "enum": list(self.values), "description": self.description}


def _roc_or_iso(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not is_clean(value) or len(value) > 20:
        raise PydanticCustomError("date", _("Enter a date such as 112/04/14 or 2023-04-14."))
    try:
        parsed = parse_date(value)
    except DateParseError as exc:
        raise PydanticCustomError(
            "date", _("Enter a date such as 112/04/14, 1120414, 民國112年4月14日 or 2023-04-14.")
        ) from exc
    if not EARLIEST <= parsed <= dt.date.today():
        raise PydanticCustomError("date", _("The date is in the future or before 民國1年."))
    return parsed


PastDate = Annotated[
    dt.date | None,
    BeforeValidator(_roc_or_iso),
    WithJsonSchema(
        {"type": "string", "description": "ROC (112/04/14, 1120414, 民國112年4月14日) or ISO date"}
    ),
]


def _id_number(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("id_number", _("Enter the ID number as text."))
    text_value = normalise_id_number(_clean(value))
    if text_value:
        try:
            id_number_kind(text_value)
        except InvalidIdNumber as exc:
            raise PydanticCustomError(
                "id_number",
                _(
                    "This is not a valid national ID or resident certificate number "
                    "(check the letters and the check digit)."
                ),
            ) from exc
    return text_value


IdNumber = Annotated[
    str,
    BeforeValidator(_id_number),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": 12,
            "description": "National ID or resident certificate number (new or old format)",
        }
    ),
]
