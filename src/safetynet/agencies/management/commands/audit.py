"""`safetynet audit verify|seal|checkpoint|purge|grants`: the audit trail's chain from the shell.

Here rather than in `audit` because `purge` reads the retention rule table (a layer above).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext as _

from safetynet.agencies.retention import purge_expired
from safetynet.audit import chain
from safetynet.audit.models import AuditSeal

TABLES = ("audit_auditevent", "audit_auditseal", "audit_auditpurge")


def grants(role: str) -> str:
    """What the application's database role is granted (PostgreSQL): everything it needs on the
    other tables, and only SELECT and INSERT on the audit tables."""
    quoted = '"' + role.replace('"', '""') + '"'
    lines = [
        f"GRANT USAGE ON SCHEMA public TO {quoted};",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted};",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted};",
        *(f"REVOKE UPDATE, DELETE, TRUNCATE ON {t} FROM {quoted};" for t in TABLES),
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Verify, seal, checkpoint or purge the audit trail; print the application role's grants."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "seal", "checkpoint", "purge", "grants"])
        parser.add_argument("role", nargs="?", default="", help="grants: the application's role")
        parser.add_argument("--lang", choices=["zh-hant", "en"], default="zh-hant")
        parser.add_argument(
            "--checkpoints", default="", help="verify: the folder of signed checkpoints "
            "(default: AUDIT_CHECKPOINT_DIR)",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        action = options["action"]
        if action == "grants":
            if not options["role"]:
                raise CommandError(_("Name the application's database role."))
            self.stdout.write(grants(options["role"]))
        elif action == "seal":
            self.stdout.write(_("%(n)s seals written.") % {"n": chain.seal_pending()})
        elif action == "checkpoint":
            chain.seal_pending()
            path = chain.checkpoint_export(reason="manual")
            if path is not None:
                self.stdout.write(str(path))
            elif AuditSeal.objects.exists():
                self.stdout.write(_("The head was exported already."))
            else:
                self.stdout.write(_("Nothing is sealed yet: no checkpoint."))
        elif action == "purge":
            try:
                purge = purge_expired()
            except DatabaseError as error:
                raise CommandError(_("The purge was refused: run it as the audit tables' owner "
                                     "(%(error)s).") % {"error": error}) from error  # fmt: skip
            if purge is None:
                self.stdout.write(_("No sealed rows are past their retention."))
            else:
                self.stdout.write(_("Removed %(rows)s rows of seals up to %(seal)s.")
                                  % {"rows": purge.rows, "seal": purge.through_seal})  # fmt: skip
        else:
            self._verify(Path(options["checkpoints"]) if options["checkpoints"] else None)

    def _verify(self, folder: Path | None) -> None:
        report = chain.verify(checkpoints=folder or chain.checkpoint_dir())
        for finding in report.findings:
            self.stderr.write(finding.message)
        self.stdout.write(
            _("%(seals)s seals, %(rows)s rows checked, %(unsealed)s rows not sealed yet, "
              "%(checkpoints)s checkpoints.")
            % {"seals": report.seals, "rows": report.rows_checked, "unsealed": report.unsealed,
               "checkpoints": report.checkpoints}
        )  # fmt: skip
        if not report.ok:
            raise CommandError(_("The audit trail fails verification: %(n)s problems.")
                               % {"n": len(report.findings)})  # fmt: skip
        self.stdout.write(_("The audit trail verifies."))
