"""`safetynet apiclient NAME UNIT_CODE CHANNEL`: register a partner system; prints its token once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safetynet.agencies.models import Unit
from safetynet.agencies.services import api_client_create
from safetynet.core import codes


class Command(BaseCommand):
    help = "Create an API client for a partner system and print its bearer token (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("unit_code")
        parser.add_argument("channel", help="TWSS reporting-unit code, e.g. 35 for the 113 hotline")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = Unit.objects.filter(code=options["unit_code"]).first()
        if unit is None:
            raise CommandError(f"no unit {options['unit_code']}")
        if options["channel"] not in {c.code for c in codes.code_system(codes.REPORTING_UNIT)}:
            raise CommandError(f"unknown channel {options['channel']}")
        client, token = api_client_create(
            name=options["name"], unit=unit, channel=options["channel"]
        )
        self.stdout.write(f"client {client.pk}: {token}")
