"""Forms of linkage pages: a list upload, its column mapping, a review decision, an un-merge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safetynet.linkage.models import SourceSystem
from safetynet.linkage.services import MAPPABLE

COLUMN_LABELS = {
    "source_id": _("Record id in that system"),
    "name": _("Name"),
    "national_id": _("ID number"),
    "birth_date": _("Birth date"),
    "sex": _("Sex"),
    "address": _("Address"),
    "phone": _("Phone"),
}
# Headers the ministry's and cities' exports use, to propose a mapping the first time.
_GUESSES = {
    "source_id": ("source_id", "案號", "個案編號", "個案號", "病歷號", "編號", "流水號", "id"),
    "name": ("name", "姓名", "個案姓名", "名字"),
    "national_id": ("national_id", "身分證字號", "身分證號", "身分證統一編號", "證號", "居留證號"),
    "birth_date": ("birth_date", "出生日期", "生日", "出生年月日"),
    "sex": ("sex", "性別"),
    "address": ("address", "地址", "戶籍地址", "居住地址", "現住地址"),
    "phone": ("phone", "電話", "聯絡電話", "手機"),
}
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class UploadForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=SourceSystem.objects.order_by("code"), label=_("System the list comes from")
    )
    file = forms.FileField(label=_("List (CSV in UTF-8 or Big5, xlsx or ods)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload


def guess_mapping(headers: list[str], saved: dict[str, str]) -> dict[str, str]:
    out = {}
    for column in MAPPABLE:
        if saved.get(column) in headers:
            out[column] = saved[column]
            continue
        lowered = {h.lower(): h for h in headers}
        out[column] = next((lowered[g] for g in _GUESSES[column] if g in lowered), "")
    return out


class MappingForm(forms.Form):
    """Which header of the file holds each of our columns (saved for the system's next file)."""

    token = forms.RegexField(
        regex=r"^[0-9a-f]{64}\.(csv|txt|tsv|xlsx|ods)$", widget=forms.HiddenInput
    )
    filename = forms.CharField(max_length=200, widget=forms.HiddenInput)
    source = forms.ModelChoiceField(queryset=SourceSystem.objects.all(), widget=forms.HiddenInput)

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in this file)")), *((h, h) for h in headers)]
        for column in MAPPABLE:
            self.fields[column] = forms.ChoiceField(
                choices=choices, required=column == "source_id", label=COLUMN_LABELS[column]
            )

    def mapping(self) -> dict[str, str]:
        return {c: self.cleaned_data[c] for c in MAPPABLE if self.cleaned_data.get(c)}


class ReviewPairForm(forms.Form):
    same_person = forms.TypedChoiceField(
        choices=[("yes", _("Same person")), ("no", _("Different persons"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label=_("Your decision"),
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Note")
    )


class UnmergeForm(forms.Form):
    reason = forms.CharField(max_length=500, label=_("Why is this record not this person?"))
    person = forms.IntegerField(widget=forms.HiddenInput)  # whom the reviewer saw it under
