"""`safetynet linkimport SYSTEM FILE --user NAME [--map ours=theirs …]`: import a system's list.

The mapping (our column = the file's header) is saved for the system; later files of the same
system need no --map. Importing the same file again changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safetynet.agencies.principal import Principal
from safetynet.core.errors import ServiceError
from safetynet.linkage.models import SourceSystem
from safetynet.linkage.services import MAPPABLE, upload_import


class Command(BaseCommand):
    help = "Import an external system's list (CSV UTF-8/Big5, xlsx or ods) for linkage."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("system", help="source system code, e.g. psychiatric")
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True)
        parser.add_argument("--map", action="append", default=[], metavar="OURS=THEIRS",
                            help=f"our column ({', '.join(MAPPABLE)}) = the file's header")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        source = SourceSystem.objects.filter(code=options["system"]).first()
        if source is None:
            codes = ", ".join(SourceSystem.objects.values_list("code", flat=True))
            raise CommandError(f"No system {options['system']!r}; known: {codes}")
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}")
        mapping = dict(item.split("=", 1) for item in options["map"] if "=" in item) or None
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        try:
            upload = upload_import(principal=Principal.of_user(user), source=source,
                                   filename=path.name, data=path.read_bytes(), mapping=mapping)  # fmt: skip
        except ServiceError as exc:
            raise CommandError(f"{path}: {exc.message}") from exc
        self.stdout.write(f"upload {upload.pk}: {upload.record_count} records from {path.name}")
