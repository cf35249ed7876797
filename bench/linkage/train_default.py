"""Train the default linkage model on 120,000 synthetic records and save it for small runs.

    .venv/bin/python -m bench.linkage.train_default

Runs of fewer than pipeline.MIN_TRAINING_RECORDS records (and runs whose training fails) use
these parameters instead of training on themselves. Re-run after changing linkage/model.py; a
test checks that the saved comparisons are the model's.
"""

from __future__ import annotations

import os


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    os.environ.setdefault("SAFETYNET_ENV", "development")
    django.setup()

    from safetynet.demo.records import RecordGenerator
    from safetynet.linkage.pipeline import (
        DEFAULT_MODEL,
        DEFAULT_MODEL_RECORDS,
        duckdb_api,
        trained_linker,
    )
    from safetynet.linkage.prepare import columns_of, prepare_records

    records = RecordGenerator(seed=2024).records(DEFAULT_MODEL_RECORDS)
    table = prepare_records(columns_of(records))
    linker = trained_linker(duckdb_api(), table)
    DEFAULT_MODEL.parent.mkdir(exist_ok=True)
    linker.misc.save_model_to_json(str(DEFAULT_MODEL), overwrite=True)
    print(f"saved {DEFAULT_MODEL}")


if __name__ == "__main__":
    main()
