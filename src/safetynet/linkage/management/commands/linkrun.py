"""`safetynet linkrun [RUN_ID] --user NAME`: link the person index with every imported list.

Without RUN_ID a new run is created for the user (a linkage staff member) and carried out here
with a progress bar; with RUN_ID a run created on the web is carried out (or started over)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from safetynet.agencies.principal import Principal
from safetynet.core.errors import ServiceError
from safetynet.linkage.services import linkrun_create, linkrun_execute

STAGES = ("read", "prepare", "train", "predict", "cluster", "save")


class Command(BaseCommand):
    help = "Run linkage over the person index and every imported list."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("run_id", nargs="?", type=int)
        parser.add_argument("--user", help="username of the linkage staff member (new runs)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        run_id = options["run_id"]
        if run_id is None:
            user = User.objects.filter(username=options["user"] or "").first()
            if user is None:
                raise CommandError("Give --user: the username of a linkage staff member.")
            try:
                run_id = linkrun_create(principal=Principal.of_user(user)).pk
            except ServiceError as exc:
                raise CommandError(exc.message) from exc
        bar = tqdm(total=len(STAGES), disable=options["no_progress"], unit="stage")

        def stage(name: str) -> None:
            bar.set_description(name)
            bar.update(1)

        run = linkrun_execute(run_id=run_id, progress=stage)
        bar.close()
        self.stdout.write(f"run {run.pk}: {run.status} {run.figures}")
