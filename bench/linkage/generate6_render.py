"""Generator 6: writing one appearance down as one system's row (see generate6 for the spec)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.linkage import generate6_chars as ch
from bench.linkage import generate6_formats as fm
from bench.linkage import generate6_ids as ids
from bench.linkage import generate6_names as nm
from bench.linkage import generate6_places as pl
from bench.linkage.generate6_world import Name, Person, at, before, name_at

Cum = tuple[tuple[int, float], ...]


@dataclass(frozen=True, slots=True)
class Profile:
    """One system's (or one reporter's) habits; every number is a probability per record."""

    # name
    name_missing: float = 0.0
    title: float = 0.0  # adults: surname + title (陳小姐, 林媽媽, 王阿嬤) instead of the name
    nick: float = 0.0  # 阿明 / 小明
    given_only: float = 0.0  # a child called by the given name alone (怡君)
    alias: float = 0.0  # a different full name altogether (化名)
    homophone: float = 0.0
    variant: float = 0.0  # where the name has a character with another standard form
    simplified: float = 0.0
    space: float = 0.0  # 陳 怡君
    kanfu: float = 0.0  # a registered 冠夫姓 written out
    kanfu_social: float = 0.0  # the husband's surname added though not registered
    stale_name: float = 0.0  # the name before a legal change
    latin: float = (
        0.0  # a new resident before naturalisation: latin script, else Han transliteration
    )
    mainland_simplified: float = 0.0
    # national ID / resident certificate number
    id_missing: float = 0.0
    id_typo: float = 0.0
    id_transpose: float = 0.0
    id_other: float = 0.0  # another household member's number
    id_letter: float = 0.0
    id_mask: float = 0.0
    mask_style: int = 0
    id_lower: float = 0.0
    id_fullwidth: float = 0.0
    id_stale: float = 0.0  # the number before a change (old resident number, before naturalising)
    # birth date
    dob_missing: float = 0.0
    dob_guess: float = 0.0  # made up from an age: 1 January of the guessed year
    dob_swap: float = 0.0
    dob_slip: float = 0.0
    dob_formats: Cum = ((fm.ISO, 1.0),)
    # sex
    sex_codes: tuple[str, str, str] = ("男", "女", "")
    sex_alt: tuple[str, str, str] = ("男", "女", "")
    sex_alt_share: float = 0.0
    sex_missing: float = 0.0
    sex_wrong: float = 0.0
    # address
    addr_missing: float = 0.0
    addr_registered: float = 0.0  # the registered (戶籍) address rather than where one lives
    addr_stale: float = 0.0  # the address before a move
    addr_partial: float = 0.0
    addr_slip: float = 0.0
    addr_en: float = 0.0  # new residents only: the English (MOI) form
    city_omit: float = 0.0
    village: float = 0.0  # 里 and 鄰 written
    digits_full: float = 0.0
    digits_zh: float = 0.0
    floor_zh: float = 0.0
    floor_omit: float = 0.0
    sub_dash: float = 0.0  # 5-1號, 3F-1 rather than 5號之1, 3樓之1
    postcode: float = 0.0
    tai: float = 0.0  # 台 for 臺
    old_county: float = 0.0  # 臺北縣板橋市 (names before 2010)
    # phone
    phone_missing: float = 0.0
    phone_contact: float = 0.0  # the family's contact person's mobile
    phone_landline: float = 0.0  # the home landline when there is one
    phone_stale: float = 0.0
    phone_typo: float = 0.0
    extension: float = 0.0  # institutions: #12 after the switchboard number
    mobile_formats: Cum = ((0, 1.0),)
    landline_formats: Cum = ((0, 1.0),)


def cum(*pairs: tuple[int, float]) -> Cum:
    total = 0.0
    out = []
    for kind, share in pairs:
        total += share
        out.append((kind, total))
    return tuple(out)


def keep(p: float, factor: float) -> float:
    """A missing-rate when only `factor` of what is usually known is known."""
    return 1.0 - (1.0 - p) * factor


_SEPARATORS = ("．", "．", "．", "．", "．", "‧", "‧", "・", "·", "", "", " ")


def name(rng: random.Random, pr: Profile, p: Person, day: int, age: int, role: str) -> str:
    r = rng.random
    cur, prev = name_at(p, day)
    if prev is not None and r() < pr.stale_name:
        cur = prev
    if r() < pr.name_missing:
        return ""
    if cur.foreign is not None:
        return (
            _latin(rng, cur.foreign) if r() < pr.latin or not cur.foreign.han else cur.foreign.han
        )
    if not cur.surname:  # an Indigenous traditional name
        if r() < 0.04:
            return cur.roman
        return cur.given.replace("．", _SEPARATORS[int(r() * len(_SEPARATORS))])
    surname, given = cur.surname, cur.given
    if r() < pr.alias:
        return nm.SURNAMES.draw(rng) + nm.given_name(rng, p.sex == 2, p.by)
    if age >= 18 and r() < pr.title:
        return ch.title(surname, p.sex, age, "parent" if _as_parent(p, role) else "")
    if r() < pr.nick:
        return ch.nickname(given, age < 12)
    if age < 18 and r() < pr.given_only:
        return given
    full = surname + given
    if p.kanfu:
        if r() < pr.kanfu:
            full = p.kanfu + full
    elif pr.kanfu_social and p.sex == 2 and age >= 40 and r() < pr.kanfu_social:
        full = _husband_surname(p, surname) + full
    if (cur.mainland and r() < pr.mainland_simplified) or r() < pr.simplified:
        full = ch.simplified(full)
    if r() < pr.homophone:
        full = ch.homophone(rng, full, len(surname) if r() < 0.85 else 0)
    if r() < pr.variant and ch.has_variant(full):
        full = ch.variant(full)
    if r() < pr.space:
        cut = len(full) - len(given)
        full = full[:cut] + " " + full[cut:]
    return full


def _as_parent(p: Person, role: str) -> bool:
    """In a child-protection report a carer is 陳媽媽 / 林爸爸 to the reporter."""
    return (
        role.startswith("child_")
        and not role.endswith("victim")
        and p.role in ("parent", "partner")
    )


def _husband_surname(p: Person, own: str) -> str:
    for q in p.household.members:
        if q.sex == 1 and q.role in ("parent", "elder", "grandparent", "partner"):
            s = q.names[0][1].surname
            if s and s != own:
                return s
    return ""


def _latin(rng: random.Random, f: nm.Foreign) -> str:
    """The certificate's latin name as a clerk writes it (Vietnamese, Khmer: family name first)."""
    x = rng.random()
    fam, giv = f.family, f.given
    if not fam:
        return giv if x < 0.8 else giv.title()
    vn = f.origin == "VN"
    first = f.origin in nm.FAMILY_FIRST
    natural, swapped = (
        (f"{fam} {giv}", f"{giv} {fam}") if first else (f"{giv} {fam}", f"{fam} {giv}")
    )
    if x < 0.55:
        return natural
    if x < 0.7:
        return natural.title()
    if x < 0.76:
        return f"{fam}, {giv}"
    if x < 0.82:
        return swapped
    if x < 0.88:
        return f.plain if vn else natural
    if x < 0.94:
        return f"{fam} {giv.split()[-1]}" if vn and " " in giv else natural
    return natural.replace(" ", "") if x < 0.97 else natural.lower()


def national_id(rng: random.Random, pr: Profile, p: Person, day: int, id_missing: float) -> str:
    r = rng.random
    value = at(p.ids, day)
    if pr.id_stale and r() < pr.id_stale:
        value = before(p.ids, day) or value
    if not value or r() < id_missing:
        return ""
    if r() < pr.id_other:
        others = [q for q in p.household.members if q is not p and q.ids]
        if others:
            value = at(others[int(r() * len(others))].ids, day) or value
    x = r()
    if x < pr.id_typo:
        value = ids.typo(rng, value)
    elif x < pr.id_typo + pr.id_transpose:
        value = ids.transpose(rng, value)
    elif x < pr.id_typo + pr.id_transpose + pr.id_letter:
        value = ids.wrong_letter(rng, value)
    if r() < pr.id_mask:
        return ids.mask(value, pr.mask_style)
    if r() < pr.id_lower:
        return value.lower()
    if r() < pr.id_fullwidth:
        return ids.fullwidth(value)
    return value


def birth_date(
    rng: random.Random, pr: Profile, p: Person, day_year: int, missing: float, guess: float
) -> str:
    r = rng.random
    if r() < missing:
        return ""
    y, m, d = p.by, p.bm, p.bd
    if r() < guess:
        y, m, d = fm.guessed(rng, day_year, y)
    else:
        x = r()
        if x < pr.dob_swap:
            y, m, d = fm.swap_day_month(y, m, d)
        elif x < pr.dob_swap + pr.dob_slip:
            y, m, d = fm.digit_slip(rng, y, m, d)
    return fm.fmt_date(fm.pick_format(rng, pr.dob_formats), y, m, d)


def sex(rng: random.Random, pr: Profile, p: Person) -> str:
    r = rng.random
    codes = pr.sex_alt if r() < pr.sex_alt_share else pr.sex_codes
    if r() < pr.sex_missing:
        return codes[2]
    s = p.sex if r() >= pr.sex_wrong else 3 - p.sex
    return codes[s - 1]


def address(
    rng: random.Random, pr: Profile, p: Person, day: int, missing: float, foreign: bool
) -> str:
    r = rng.random
    if r() < missing:
        return ""
    span = p.home.at(day)
    registered = r() < pr.addr_registered
    a = span[2] if registered else span[1]
    if pr.addr_stale and r() < pr.addr_stale:
        prev = p.home.before(day)
        if prev is not None:
            a = prev[2] if registered else prev[1]
    if foreign and r() < pr.addr_en:
        return pl.render_en(a, r() < 0.4)
    if r() < pr.addr_partial:
        return pl.render_partial(rng, a)
    if r() < pr.addr_slip:
        a = pl.slip(rng, a)
    s = pl.Style()
    s.city = r() >= pr.city_omit
    s.village = r() < pr.village
    x = r()
    s.digits = 1 if x < pr.digits_full else 2 if x < pr.digits_full + pr.digits_zh else 0
    s.floor_zh = r() < pr.floor_zh
    s.floor = r() >= pr.floor_omit
    s.sub_dash = r() < pr.sub_dash
    s.postcode = r() < pr.postcode
    s.tai = r() < pr.tai
    s.old = r() < pr.old_county
    return pl.render_zh(a, s)


def phone(
    rng: random.Random, pr: Profile, p: Person, day: int, contact: Person | None, missing: float
) -> str:
    r = rng.random
    if r() < missing:
        return ""
    own = at(p.mobiles, day)
    if own and pr.phone_stale and r() < pr.phone_stale:
        own = before(p.mobiles, day) or own
    land = p.home.at(day)[3]
    theirs = at(contact.mobiles, day) if contact is not None and contact is not p else ""
    if theirs and (r() < pr.phone_contact or (not own and not land)):
        num = theirs
    elif land and (r() < pr.phone_landline or not own):
        num = land
    else:
        num = own
    if not num:
        return ""
    if r() < pr.phone_typo:
        num = fm.phone_typo(rng, num)
    if num[1] == "9":
        return fm.fmt_mobile(fm.pick_format(rng, pr.mobile_formats), num)
    text = fm.fmt_landline(fm.pick_format(rng, pr.landline_formats), num)
    if pr.extension and r() < pr.extension and p.household.kind.startswith("institution"):
        text += f"#{10 + int(r() * 40)}"
    return text


def is_foreign(cur: Name) -> bool:
    return cur.foreign is not None
