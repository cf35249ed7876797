from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# As shipped then (roles became the capability table's in 0005).
DESK = ["screener", "supervisor"]
SOURCE_SYSTEMS = [
    ("psychiatric", "精神照護資訊管理系統", [*DESK, "case_worker", "mh_social_worker", "care_visitor"],
     ["mh_social_worker", "care_visitor"]),
    ("suicide", "自殺防治通報系統", [*DESK, "case_worker", "mh_social_worker", "care_visitor"],
     ["mh_social_worker", "care_visitor"]),
    ("drug", "毒品成癮者個案管理系統", [*DESK, "case_worker", "drug_case_manager"],
     ["drug_case_manager"]),
    ("protection", "保護資訊系統", [*DESK, "case_worker", "mh_social_worker", "police_officer"],
     [*DESK, "case_worker"]),
    ("low_income", "社會救助（低收入戶）", [*DESK, "case_worker", "mh_social_worker", "care_visitor",
                                          "drug_case_manager"], ["case_worker"]),
    ("long_term_care", "長期照顧服務", [*DESK, "case_worker", "mh_social_worker", "care_visitor"],
     ["case_worker", "care_visitor"]),
    ("police_concern", "治安關懷名冊", [*DESK, "police_officer"], ["police_officer"]),
    ("school_counselling", "學生輔導資訊系統", [*DESK, "case_worker", "school_counsellor"],
     ["school_counsellor"]),
]  # fmt: skip


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    system = apps.get_model("linkage", "SourceSystem")
    for code, name, existence, content in SOURCE_SYSTEMS:
        system.objects.get_or_create(
            code=code,
            defaults={"name": name, "existence_roles": existence, "content_roles": content},
        )


class Migration(migrations.Migration):
    dependencies = [("linkage", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
