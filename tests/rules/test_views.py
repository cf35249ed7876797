"""The rule pages: what is in force and its history; drafting, proposing and approving."""

from __future__ import annotations

import pytest
from django.utils import timezone

from safetynet.core.roc import format_roc
from safetynet.rules.models import RuleStatus, RuleVersion
from tests.conftest import City

pytestmark = pytest.mark.django_db


def test_an_administrator_changes_the_thresholds_and_another_publishes(city: City) -> None:
    admin = city.client_for(city.admin)
    home = admin.get("/rules/").content.decode()
    assert "篩案門檻" in home or "Screening thresholds" in home
    started = admin.post("/rules/intake.thresholds/draft/")
    draft = RuleVersion.objects.get(status=RuleStatus.DRAFT)
    assert started["Location"] == f"/rules/versions/{draft.pk}/"
    page = admin.get(started["Location"]).content.decode()
    assert "re_report_days" not in page.split("<form")[0]  # labels, never the codes
    form = {
        "revision": draft.revision, "effective_from": format_roc(timezone.localdate()),
        "source": "", "unsourced": "on", "note": "再通報期間改為兩年",
        "rows-TOTAL_FORMS": "3", "rows-INITIAL_FORMS": "2", "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
        "rows-0-threshold": "re_report_days", "rows-0-value": "730", "rows-0-source": "",
        "rows-1-threshold": "tipvda_high_danger_from", "rows-1-value": "8", "rows-1-source": "TIPVDA",
        "rows-2-threshold": "", "rows-2-value": "", "rows-2-source": "",
    }  # fmt: skip
    saved = admin.post(f"/rules/versions/{draft.pk}/", form)
    assert saved.status_code == 302, saved.content.decode()[-2000:]
    draft.refresh_from_db()
    assert draft.content[0]["value"] == 730
    admin.post(f"/rules/versions/{draft.pk}/propose/", {"revision": draft.revision})
    assert RuleVersion.objects.get(pk=draft.pk).status == RuleStatus.PROPOSED
    # The proposer finds no approve button; the second administrator does, and a card at home.
    assert "/approve/" not in admin.get(f"/rules/versions/{draft.pk}/").content.decode()
    admin2 = city.client_for(city.admin2)
    assert "待您核准的規則變更" in admin2.get("/").content.decode()
    assert (
        f"/rules/versions/{draft.pk}/approve/"
        in admin2.get(f"/rules/versions/{draft.pk}/").content.decode()
    )
    admin2.post(f"/rules/versions/{draft.pk}/approve/", {"note": ""})
    assert RuleVersion.objects.get(pk=draft.pk).status == RuleStatus.PUBLISHED


def test_a_stale_page_cannot_overwrite_a_newer_draft(city: City) -> None:
    admin = city.client_for(city.admin)
    admin.post("/rules/intake.thresholds/draft/")
    draft = RuleVersion.objects.get(status=RuleStatus.DRAFT)
    form = {
        "revision": draft.revision - 1, "effective_from": format_roc(timezone.localdate()),
        "source": "x", "note": "", "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0",
        "rows-0-threshold": "re_report_days", "rows-0-value": "5", "rows-0-source": "",
    }  # fmt: skip
    page = admin.post(f"/rules/versions/{draft.pk}/", form)
    assert page.status_code == 409 and "請比對兩個版本" in page.content.decode()
    assert RuleVersion.objects.get(pk=draft.pk).content == draft.content
    # Both versions are shown, and reapplying sends the submission on the stored revision.
    reapply = dict(page.context["conflict"].reapply)
    assert reapply["revision"] == str(draft.revision) and reapply["rows-0-value"] == "5"


def test_readers_see_the_rules_and_everyone_else_nothing(city: City) -> None:
    auditor = city.client_for(city.auditor)
    assert auditor.get("/rules/agencies.capabilities/").status_code == 200
    assert auditor.post("/rules/intake.deadlines/draft/").status_code == 302
    assert not RuleVersion.objects.filter(status=RuleStatus.DRAFT).exists()
    for staff in (city.worker, city.screener, city.police, None):
        client = city.client_for(staff)
        assert client.get("/rules/").status_code == 404
        assert client.get("/rules/intake.deadlines/").status_code == 404
        assert client.post("/rules/intake.deadlines/draft/").status_code == 404
