"""Score the platform's own linkage run over the demo city against the truth.

    .venv/bin/safetynet demo            # a fresh database, the default seed and sizes
    .venv/bin/safetynet linkrun --user analyst
    .venv/bin/python -m bench.linkage.demo_score [--seed 111 --population 360000 --lists 3000]

The demo's list records are drawn from people of the index (`demo/lists.py`), so each has one
right person: the index person with the ID the generator gave it. The lists are regenerated
here from the same seed (the households the demo kept, then the same record generator), which
gives each record's true ID; the database gives the person each record is linked to. Run it on
the day the demo was generated (ages, and so the people, depend on the date) with the demo's
arguments. Prints the records linked to their own index person, to another index person, to a
person linkage created (a miss: everyone in the lists is in the index), or to none, and the
pairs of records of one person that share a person (pairwise recall) or of two people that do
(pairwise precision).
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from itertools import combinations


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=111)
    parser.add_argument("--population", type=int, default=360_000)
    parser.add_argument("--lists", type=int, default=3000)
    args = parser.parse_args()

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    django.setup()

    from django.utils import timezone

    from safetynet.demo.city import COUNTY_CODE
    from safetynet.demo.population import PopulationGenerator
    from safetynet.demo.records import RecordGenerator
    from safetynet.geo.models import District
    from safetynet.linkage.models import ExternalRecord

    districts = list(District.objects.filter(county__code=COUNTY_CODE).order_by("code"))
    villages = [d.villages.count() for d in districts]
    population = PopulationGenerator(seed=args.seed, today=timezone.localdate())
    homes = population.households(
        population=args.population, district_count=len(districts), villages_per_district=villages
    )
    kept = [h for h in homes if h.key % 20 == 0 or args.population < 50_000]
    generator = RecordGenerator(seed=args.seed)
    records = generator.records(args.lists, people=generator.truths_of(kept))
    truth = {(r["source_system"], r["source_id"]): r["truth"] for r in records}
    key_of_id = {m.id_number: str(m.key) for h in kept for m in h.members}

    kinds: Counter[str] = Counter()
    person_of: dict[int, int | None] = {}
    true_of: dict[int, str] = {}
    rows = ExternalRecord.objects.select_related("source", "person").order_by("pk")
    for record in rows:
        key = truth.get((record.source.code, record.external_id))
        if key is None:
            kinds["not from the demo's lists"] += 1
            continue
        true_of[record.pk] = key
        person = record.person
        person_of[record.pk] = person.pk if person else None
        if person is None:
            kinds["linked to no one"] += 1
        elif person.id_number and key_of_id.get(person.id_number) == key:
            kinds["its own index person"] += 1
        elif person.id_number and person.id_number in key_of_id:
            kinds["another index person"] += 1
        else:
            kinds["a person linkage created (missed)"] += 1
    scored = len(true_of)
    print(f"{scored:,} list records of the demo")
    for kind, n in kinds.most_common():
        print(f"  {n:6,d}  {kind} ({n / max(scored, 1):.1%})")
    same = together = both = 0
    for a, b in combinations(true_of, 2):
        one = true_of[a] == true_of[b]
        joined = person_of[a] is not None and person_of[a] == person_of[b]
        same += one
        together += joined
        both += one and joined
    print(f"pairs of records of one person: {same:,}; in one person: {both:,}"
          f" (recall {both / max(same, 1):.4f}); pairs in one person: {together:,}"
          f" (precision {both / max(together, 1):.4f})")  # fmt: skip


if __name__ == "__main__":
    main()
