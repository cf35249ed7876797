"""Generator 6: the six systems' export habits and error rates (the table in generate6's docstring
lists the same numbers)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from bench.linkage import generate6_formats as fm
from bench.linkage import generate6_render as rd
from bench.linkage.generate6_episodes import (
    AID,
    BROUGHT_IN,
    DRUG,
    FAM,
    HOSPITAL,
    HOTLINE,
    POLICE,
    PROT,
    PSY,
    SCHOOL,
    SOCIAL,
    SUI,
    UNKNOWN,
    Seen,
)
from bench.linkage.generate6_render import Profile, cum, keep
from bench.linkage.generate6_world import YEAR, name_at

MOBILE_TYPED = cum((0, 0.45), (1, 0.3), (2, 0.15), (3, 0.03), (4, 0.03), (5, 0.02), (6, 0.02))
MOBILE_SHEET = cum((0, 0.55), (1, 0.25), (2, 0.12), (7, 0.05), (4, 0.03))
LANDLINE_TYPED = cum((0, 0.35), (1, 0.2), (2, 0.2), (3, 0.1), (4, 0.08), (5, 0.05), (7, 0.02))
LANDLINE_SHEET = cum((0, 0.4), (2, 0.25), (3, 0.15), (8, 0.05), (6, 0.1), (4, 0.05))

# 1. 保護資訊系統: what every protection report shares, then what each reporter knows.
_PROT = Profile(
    homophone=0.025, variant=0.01, simplified=0.002, space=0.005, kanfu=0.4, kanfu_social=0.01,
    stale_name=0.25, latin=0.45, mainland_simplified=0.1,
    id_typo=0.012, id_transpose=0.005, id_other=0.008, id_letter=0.002, id_lower=0.003,
    id_fullwidth=0.002, id_stale=0.2,
    dob_swap=0.004, dob_slip=0.01,
    dob_formats=cum((fm.ROC3, 0.85), (fm.ROC, 0.07), (fm.ISO, 0.05), (fm.ROC_ZH, 0.03)),
    sex_codes=("男", "女", "不詳"), sex_missing=0.03, sex_wrong=0.004,
    addr_registered=0.1, addr_stale=0.08, addr_slip=0.01, addr_en=0.2, city_omit=0.25,
    village=0.02, digits_full=0.08, floor_zh=0.1, floor_omit=0.12, sub_dash=0.25, postcode=0.03,
    tai=0.5, old_county=0.005,
    phone_contact=0.25, phone_landline=0.2, phone_stale=0.1, phone_typo=0.008,
    mobile_formats=MOBILE_TYPED, landline_formats=LANDLINE_TYPED,
)  # fmt: skip
PROT_BY_CHANNEL = {
    POLICE: replace(_PROT, id_missing=0.1, dob_missing=0.08, dob_guess=0.03, addr_missing=0.05,
                    addr_partial=0.02, phone_missing=0.2, title=0.01, nick=0.005,
                    name_missing=0.003),
    HOSPITAL: replace(_PROT, id_missing=0.15, dob_missing=0.08, dob_guess=0.04, addr_missing=0.2,
                      addr_registered=0.6, addr_partial=0.01, phone_missing=0.3, title=0.01,
                      nick=0.005),
    SCHOOL: replace(_PROT, id_missing=0.2, dob_missing=0.05, addr_missing=0.08, addr_registered=0.4,
                    addr_stale=0.2, phone_missing=0.1, phone_contact=0.8, title=0.15, nick=0.01,
                    given_only=0.02),
    SOCIAL: replace(_PROT, id_missing=0.25, dob_missing=0.15, dob_guess=0.05, addr_missing=0.1,
                    phone_missing=0.25, title=0.03),
    HOTLINE: replace(_PROT, id_missing=0.9, dob_missing=0.6, dob_guess=0.25, addr_missing=0.3,
                     addr_partial=0.3, phone_missing=0.65, title=0.3, nick=0.08, given_only=0.05,
                     homophone=0.08, name_missing=0.04),
}  # fmt: skip
PERP_ID, PERP_DOB, PERP_ADDR, PERP_PHONE, PERP_TITLE = 0.55, 0.7, 0.85, 0.6, 1.5

# 2. 脆弱家庭 family services: whole families typed by social workers.
FAM_PROFILE = Profile(
    homophone=0.02, variant=0.008, simplified=0.002, nick=0.003, space=0.004, kanfu=0.5,
    kanfu_social=0.005, stale_name=0.1, latin=0.5, mainland_simplified=0.15,
    id_missing=0.12, id_typo=0.015, id_transpose=0.008, id_other=0.006, id_letter=0.002,
    id_lower=0.004, id_fullwidth=0.003, id_stale=0.15,
    dob_missing=0.07, dob_guess=0.02, dob_swap=0.005, dob_slip=0.012,
    dob_formats=cum((fm.ROC3, 0.7), (fm.ROC, 0.15), (fm.ROC_ZH, 0.05), (fm.AD_SLASH, 0.09),
                    (fm.EXCEL_SERIAL, 0.01)),
    sex_codes=("M", "F", ""), sex_missing=0.01, sex_wrong=0.003,
    addr_missing=0.05, addr_registered=0.08, addr_stale=0.1, addr_slip=0.012, addr_en=0.15,
    city_omit=0.3, village=0.05, digits_full=0.12, floor_zh=0.15, floor_omit=0.06, sub_dash=0.2,
    postcode=0.05, tai=0.5, old_county=0.003,
    phone_missing=0.1, phone_contact=0.65, phone_landline=0.15, phone_stale=0.12, phone_typo=0.01,
    mobile_formats=MOBILE_SHEET, landline_formats=LANDLINE_TYPED,
)  # fmt: skip

# 3. 自殺防治通報: ER staff; the NHI card when the person is conscious.
_SUI = Profile(
    homophone=0.005, variant=0.02, kanfu=0.8, latin=0.85, mainland_simplified=0.05, stale_name=0.1,
    id_missing=0.03, id_typo=0.006, id_transpose=0.003, id_mask=0.06, mask_style=0, id_stale=0.2,
    dob_missing=0.01, dob_swap=0.002, dob_slip=0.004,
    dob_formats=cum((fm.ISO, 0.85), (fm.AD_SHORT, 0.1), (fm.AD8, 0.05)),
    sex_codes=("1", "2", ""), sex_missing=0.01, sex_wrong=0.002,
    addr_missing=0.15, addr_registered=0.55, addr_stale=0.1, addr_slip=0.008, addr_en=0.3,
    city_omit=0.15, village=0.1, digits_full=0.05, floor_zh=0.05, floor_omit=0.05, sub_dash=0.15,
    postcode=0.1, tai=0.5,
    phone_missing=0.2, phone_contact=0.3, phone_landline=0.15, phone_stale=0.15, phone_typo=0.008,
    mobile_formats=MOBILE_TYPED, landline_formats=LANDLINE_TYPED,
)  # fmt: skip
SUI_BY_CHANNEL = {
    0: _SUI,
    BROUGHT_IN: replace(_SUI, id_missing=0.4, homophone=0.03, nick=0.03, title=0.05,
                        dob_missing=0.25, dob_guess=0.2, addr_missing=0.35, addr_partial=0.05,
                        phone_contact=0.7, latin=0.5),
    UNKNOWN: replace(_SUI, name_missing=1.0, id_missing=1.0, dob_missing=0.5, dob_guess=1.0,
                     addr_missing=1.0, phone_missing=1.0),
}  # fmt: skip

# 4. 精神照護: public-health nurses; good IDs, addresses and phones often from years ago.
PSY_PROFILE = Profile(
    homophone=0.008, variant=0.01, simplified=0.001, kanfu=0.7, stale_name=0.3, latin=0.6,
    mainland_simplified=0.05,
    id_missing=0.01, id_typo=0.004, id_transpose=0.003, id_other=0.001, id_stale=0.25,
    dob_missing=0.005, dob_swap=0.002, dob_slip=0.004,
    dob_formats=cum((fm.ROC7, 0.7), (fm.ROC3, 0.2), (fm.AD_SLASH, 0.1)),
    sex_codes=("男", "女", ""), sex_missing=0.002, sex_wrong=0.001,
    addr_missing=0.03, addr_registered=0.5, addr_stale=0.5, addr_slip=0.005, addr_en=0.05,
    city_omit=0.1, village=0.3, digits_full=0.1, floor_zh=0.2, floor_omit=0.04, sub_dash=0.05,
    postcode=0.15, tai=0.3, old_county=0.04,
    phone_missing=0.1, phone_contact=0.15, phone_landline=0.45, phone_stale=0.35, phone_typo=0.005,
    extension=0.5,
    mobile_formats=MOBILE_TYPED, landline_formats=cum((0, 0.6), (1, 0.15), (2, 0.15), (3, 0.1)),
)  # fmt: skip

# 5. 社會救助: low-income registers typed from household registration transcripts.
AID_PROFILE = Profile(
    homophone=0.004, variant=0.015, simplified=0.0005, space=0.002, kanfu=0.95, stale_name=0.05,
    latin=0.7, mainland_simplified=0.02,
    id_missing=0.005, id_typo=0.005, id_transpose=0.003, id_other=0.001, id_stale=0.1,
    dob_swap=0.001, dob_slip=0.003,
    dob_formats=cum((fm.ROC_ZH, 0.4), (fm.ROC7, 0.37), (fm.ROC7_EXCEL, 0.03), (fm.ROC, 0.2)),
    sex_codes=("1", "2", ""), sex_wrong=0.001,
    addr_registered=1.0, addr_stale=0.03, addr_slip=0.004, city_omit=0.05, village=0.6,
    digits_full=0.35, digits_zh=0.1, floor_zh=0.4, floor_omit=0.02, postcode=0.1, tai=0.3,
    old_county=0.01,
    phone_missing=0.25, phone_contact=0.85, phone_landline=0.3, phone_stale=0.2, phone_typo=0.006,
    extension=0.3,
    mobile_formats=MOBILE_SHEET, landline_formats=LANDLINE_SHEET,
)  # fmt: skip

# 6. 毒品個案管理: referrals from prosecutors and police; aliases, stale addresses and phones.
DRUG_PROFILE = Profile(
    homophone=0.015, variant=0.01, simplified=0.003, nick=0.04, alias=0.02, kanfu=0.3,
    stale_name=0.3, latin=0.7, mainland_simplified=0.1,
    id_missing=0.05, id_typo=0.008, id_transpose=0.004, id_other=0.002, id_mask=0.03,
    mask_style=1, id_stale=0.25,
    dob_missing=0.03, dob_guess=0.01, dob_swap=0.003, dob_slip=0.008,
    dob_formats=cum((fm.AD_SLASH, 0.45), (fm.ROC, 0.35), (fm.ISO, 0.1), (fm.US, 0.05),
                    (fm.EXCEL_SERIAL, 0.05)),
    sex_codes=("M", "F", ""), sex_alt=("男", "女", ""), sex_alt_share=0.3, sex_missing=0.01,
    sex_wrong=0.002,
    addr_missing=0.1, addr_registered=0.65, addr_stale=0.45, addr_partial=0.02, addr_slip=0.008,
    addr_en=0.1, city_omit=0.2, village=0.15, digits_full=0.1, floor_zh=0.1, floor_omit=0.1,
    sub_dash=0.2, postcode=0.05, tai=0.4, old_county=0.04,
    phone_missing=0.25, phone_contact=0.2, phone_landline=0.1, phone_stale=0.45, phone_typo=0.01,
    mobile_formats=MOBILE_TYPED, landline_formats=LANDLINE_TYPED,
)  # fmt: skip

_SINGLE = {FAM: FAM_PROFILE, PSY: PSY_PROFILE, AID: AID_PROFILE, DRUG: DRUG_PROFILE}

Row = tuple[str, str, str, str, str, str]


def render(rng: random.Random, seen: Seen) -> Row:
    system, day, _key, _pos, p, role, channel, contact = seen
    if system == PROT:
        pr = PROT_BY_CHANNEL[channel]
    elif system == SUI:
        pr = SUI_BY_CHANNEL[channel]
        if channel == UNKNOWN:
            return _unknown(rng, pr, seen)
    else:
        pr = _SINGLE[system]
    age = int((day - p.birth) / YEAR)
    perp = role.endswith("perpetrator")
    id_missing = keep(pr.id_missing, PERP_ID) if perp else pr.id_missing
    dob_missing = keep(pr.dob_missing, PERP_DOB) if perp else pr.dob_missing
    addr_missing = keep(pr.addr_missing, PERP_ADDR) if perp else pr.addr_missing
    phone_missing = keep(pr.phone_missing, PERP_PHONE) if perp else pr.phone_missing
    if perp and pr.title:
        pr = replace(pr, title=min(1.0, pr.title * PERP_TITLE))
    if system == PROT and channel == SCHOOL and age < 18:
        id_missing = 0.08  # the school roster has the pupil's number
    cur = name_at(p, day)[0]
    foreign = cur.foreign is not None  # the English address form is for latin-script names
    day_year = date.fromordinal(day).year
    return (
        rd.name(rng, pr, p, day, age, role),
        rd.national_id(rng, pr, p, day, id_missing),
        rd.birth_date(rng, pr, p, day_year, dob_missing, pr.dob_guess),
        rd.sex(rng, pr, p),
        rd.address(rng, pr, p, day, addr_missing, foreign),
        rd.phone(rng, pr, p, day, contact, phone_missing),
    )


def _unknown(rng: random.Random, pr: Profile, seen: Seen) -> Row:
    """An unidentified patient (無名氏): a placeholder name, sex, maybe an estimated birth year."""
    _, day, _, _, p, _, _, _ = seen
    label = "無名氏" if rng.random() < 0.7 else ("不詳男" if p.sex == 1 else "不詳女")
    day_year = date.fromordinal(day).year
    return (label, "", rd.birth_date(rng, pr, p, day_year, 0.5, 1.0), rd.sex(rng, pr, p), "", "")
