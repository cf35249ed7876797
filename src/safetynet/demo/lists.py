"""The demo city's external lists: what eight national systems know of its families.

Imported through the real service as the demo analyst; linking them is left to the analyst
(one click on /linkage/), so the first run and its progress are seen for real.
"""

from __future__ import annotations

import csv
import io

from safetynet.agencies.models import Staff
from safetynet.agencies.principal import Principal
from safetynet.demo.population import SyntheticHousehold
from safetynet.demo.records import RecordGenerator
from safetynet.linkage.models import SourceSystem
from safetynet.linkage.prepare import INPUT_COLUMNS
from safetynet.linkage.services import MAPPABLE, upload_import


def import_lists(*, seed: int, homes: list[SyntheticHousehold], count: int) -> int:
    analyst = Staff.objects.select_related("user", "unit").get(user__username="analyst")
    principal = Principal.of_user(analyst.user)
    generator = RecordGenerator(seed=seed)
    records = list(generator.records(count, people=generator.truths_of(homes)))
    mapping = {column: column for column in MAPPABLE}
    for source in SourceSystem.objects.order_by("code"):
        rows = [r for r in records if r["source_system"] == source.code]
        if not rows:
            continue
        out = io.StringIO()
        writer = csv.DictWriter(out, INPUT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        upload_import(principal=principal, source=source, filename=f"{source.code}.csv",
                      data=out.getvalue().encode(), mapping=mapping)  # fmt: skip
    return len(records)
