"""Generator 5: the eight source systems, who turns up in each, and each system's habits."""

from __future__ import annotations

import datetime as dt
import random

from bench.linkage import generate5_contact as c
from bench.linkage import generate5_render as r
from bench.linkage.generate5_people import (
    DISABLED,
    END,
    FOREIGN,
    HOMELESS,
    POOR,
    PSYCH,
    REF_YEAR,
    START,
    VICTIM,
    Addr,
    Household,
    Person,
    at,
)

Rec = tuple[int, int, str, str, str, str, str, str, str, str]  # day, seq, fields, truth, group
ICF = dt.date(2012, 7, 11).toordinal()  # disability assessment moved to a new system


class System:
    def __init__(
        self,
        code: str,
        style: r.Style,
        *,
        start: int = 2008,
        ages: tuple[int, int] = (0, 120),
        weights: tuple[float, float, float] = (1, 1, 1),  # child, adult, elder
        boost: tuple[tuple[int, float], ...] = (),
        repeat: float = 0.25,
        without: float = 1.0,  # weight factor for people with none of the boosted flags
    ) -> None:
        self.code = code
        self.style = style
        self.start = dt.date(start, 1, 1).toordinal()
        self.ages = ages
        self.weights = weights
        self.boost = boost
        self.repeat = repeat
        self.without = without


S = r.Style
SYSTEMS = (
    System(
        "hospital_psy_er",
        S(char_err=0.01, char_mix=(0.2, 0.1, 0.7), drop=0.002, space=0.005, married=0.3,
          stale_name=0.15, simplified=0.5, roman=(60, 5, 5, 2, 1, 20, 2, 5), unknown=0.015,
          id_present=0.97, id_foreign=0.85, passport=0.25, id_stale=0.3,
          id_err=(0.003, 0.002, 0.002, 0, 0, 0), dob_present=0.98, dob_fmts=("iso", "iso", "ad8"),
          dob_err=(0.01, 0, 0.002, 0.002, 0), sex_present=0.995, sex_codes=("M", "F"),
          sex_wrong=0.001, addr_present=0.85, reg=0.3, stale_addr=0.08, postcode=(0.4, 0.1),
          city_omit=0.1, dist_omit=0.02, li=0.1, lin=0.05, cn_digits=0.03,
          floor_forms=(60, 35, 5), sub_forms=(40, 50, 10), county=0.03, partial=0.02,
          english=0.1, inst_name=0.4, no_home=("", "居無定所", "街友"), phone_present=0.9,
          phone_src=(55, 15, 25, 5), phone_old=0.08, phone_two=0.1,
          mobile_fmts=("plain", "plain", "dash2"), land_fmts=("dash", "paren"), annotate=0.6),
        ages=(10, 120), weights=(0.5, 2.0, 0.8), boost=((PSYCH, 6), (HOMELESS, 2)),
        repeat=0.3, without=0.5,
    ),
    System(
        "hotline_113",
        S(name_blank=0.06, title=0.14, nick=0.06, char_err=0.1, char_mix=(0.75, 0.1, 0.15),
          drop=0.03, space=0.01, alias=0.02, stale_name=0.4, simplified=0.2,
          roman=(15, 10, 10, 5, 2, 35, 20, 3), id_present=0.3, id_foreign=0.2, passport=0.2,
          id_stale=0.5, id_err=(0.04, 0.02, 0.03, 0, 0.005, 0.01), id_lower=0.03, id_sep=0.01,
          dob_present=0.5, dob_fmts=("roc_slash", "roc_slash", "roc_short"),
          dob_err=(0.25, 0.05, 0.02, 0.02, 0), sex_present=0.93, sex_wrong=0.02,
          addr_present=0.78, reg=0.1, stale_addr=0.15, postcode=(0.05, 0), city_omit=0.3,
          dist_omit=0.08, li=0.08, lin=0.04, cn_digits=0.1, floor_forms=(60, 20, 20),
          sub_forms=(50, 30, 20), county=0.06, partial=0.25, inst_name=0.5, addr_typo=0.02,
          phone_present=0.55, phone_src=(45, 15, 15, 25), phone_old=0.1, phone_typo=0.02,
          phone_two=0.02, mobile_fmts=("plain", "dash", "dash2"),
          land_fmts=("dash", "paren", "local"), annotate=0.3),
        weights=(4.0, 2.0, 1.0), boost=((VICTIM, 4), (FOREIGN, 1.5)), repeat=0.25, without=0.4,
    ),
    System(
        "school_counsel",
        S(char_err=0.02, char_mix=(0.3, 0.1, 0.6), drop=0.002, space=0.003, stale_name=0.5,
          masked=0.05, roman=(40, 20, 5, 0, 0, 30, 0, 5), id_present=0.95, id_foreign=0.9,
          passport=0.05, id_err=(0.003, 0.002, 0, 0.15, 0, 0), mask_forms=("head", "mid"),
          dob_present=0.99, dob_fmts=("roc7", "roc7", "roc_dot"),
          dob_err=(0, 0, 0.002, 0.003, 0), sex_present=1.0, sex_codes=("1", "2"),
          sex_wrong=0.002, addr_present=0.96, reg=0.7, stale_addr=0.1, postcode=(0.5, 0.1),
          city_omit=0.05, dist_omit=0, li=0.6, lin=0.55, full_digits=0.15, cn_digits=0.1,
          floor_forms=(70, 10, 20), sub_forms=(60, 20, 20), county=0.08, tai=0.5,
          inst_name=0.5, phone_present=0.92, phone_src=(10, 35, 55, 0), phone_old=0.15,
          phone_two=0.15, mobile_fmts=("dash2", "plain", "dash"),
          land_fmts=("dash", "paren_dash", "plain"), annotate=0.4),
        start=2010, ages=(6, 18), weights=(5.0, 0, 0), boost=((VICTIM, 1.5), (DISABLED, 1.5)),
        repeat=0.25,
    ),
    System(
        "hotline_1957",
        S(name_blank=0.04, title=0.1, nick=0.01, char_err=0.09, char_mix=(0.8, 0.05, 0.15),
          drop=0.02, space=0.005, married=0.1, stale_name=0.3, simplified=0.1,
          roman=(20, 10, 5, 5, 0, 40, 15, 5), id_present=0.4, id_foreign=0.3, passport=0.05,
          id_stale=0.4, id_err=(0.03, 0.02, 0.01, 0.03, 0.01, 0.02), id_lower=0.05,
          mask_forms=("tail",), dob_present=0.5,
          dob_fmts=("roc_short", "roc_short", "roc_slash"), dob_err=(0.15, 0.1, 0.02, 0.03, 0),
          sex_present=0.97, sex_wrong=0.01, addr_present=0.6, reg=0.3, stale_addr=0.1,
          postcode=(0.02, 0), city_omit=0.5, dist_omit=0.05, li=0.1, lin=0.05, cn_digits=0.12,
          floor_forms=(60, 15, 25), county=0.1, partial=0.3, inst_name=0.3, addr_typo=0.02,
          no_home=("", "居無定所"), phone_present=0.92, phone_src=(60, 20, 20, 0), annotate=0.1,
          phone_typo=0.003, phone_two=0.01, land_fmts=("plain", "dash")),
        start=2009, ages=(18, 120), weights=(0, 2.5, 2.5), boost=((POOR, 2), (DISABLED, 1.3)),
        repeat=0.3,
    ),
    System(
        "employment",
        S(char_err=0.01, char_mix=(0.5, 0.1, 0.4), drop=0.002, space=0.04, stale_name=0.2,
          simplified=0.6, roman=(25, 30, 10, 3, 20, 5, 0, 7), id_present=0.98, id_foreign=0.95,
          passport=0.05, id_stale=0.25, id_err=(0.004, 0.003, 0, 0, 0.002, 0.001),
          id_lower=0.06, id_sep=0.01, id_full=0.02, dob_present=0.99,
          dob_fmts=("ad_slash", "ad_short", "iso"), dob_err=(0, 0, 0.004, 0.003, 0.002),
          sex_present=0.99, sex_wrong=0.002, addr_present=0.93, reg=0.2, postcode=(0.3, 0.2),
          city_omit=0.1, dist_omit=0.02, li=0.05, lin=0.03, full_digits=0.05, cn_digits=0.02,
          floor_forms=(45, 50, 5), sub_forms=(30, 65, 5), county=0.02, partial=0.02,
          english=0.25, inst_name=0.2, phone_present=0.97, phone_src=(90, 5, 5, 0),
          phone_old=0.1, phone_two=0.05,
          mobile_fmts=("plain", "dash", "dash2", "space", "intl", "intl_dash"),
          land_fmts=("dash", "paren")),
        ages=(15, 70), weights=(0.3, 3.0, 0.2), boost=((POOR, 1.5), (FOREIGN, 1.5)),
    ),
    System(
        "social_housing",
        S(char_err=0.006, char_mix=(0.3, 0.3, 0.4), space=0.002, stale_name=0.1, married=0.05,
          id_present=0.99, id_foreign=0.98, passport=0, id_err=(0.004, 0.003, 0, 0, 0, 0),
          dob_present=0.99, dob_fmts=("roc_cn", "roc_slash", "roc_slash"),
          dob_err=(0, 0, 0.002, 0.003, 0), sex_present=0.99, addr_present=0.99, reg=0.95,
          stale_addr=0.02, postcode=(0.1, 0), city_omit=0, dist_omit=0, li=0.9, lin=0.9,
          cn_digits=0.3, floor_forms=(50, 0, 50), sub_forms=(80, 5, 15), county=0.02,
          inst_name=0.1, addr_typo=0.003, phone_present=0.95,
          mobile_fmts=("plain", "plain", "excel", "dash2", "dash2"),
          land_fmts=("plain", "plain", "excel", "dash", "dash")),
        start=2014, weights=(0, 0, 0),
    ),
    System(
        "disability",
        S(char_err=0.015, char_mix=(0.3, 0.2, 0.5), space=0.002, stale_name=0.25, married=0.4,
          big5_until=ICF, id_present=0.99, id_foreign=0.9, passport=0.02, id_stale=0.4,
          id_err=(0.003, 0.002, 0.002, 0, 0.001, 0), dob_present=0.99,
          dob_fmts=("roc7", "roc_dot"), dob_err=(0, 0, 0.002, 0.003, 0), sex_present=0.99,
          sex_codes=("1", "2"), addr_present=0.97, reg=0.85, stale_addr=0.1, postcode=(0.3, 0.1),
          city_omit=0.05, li=0.7, lin=0.6, full_digits=0.05, cn_digits=0.15,
          floor_forms=(60, 5, 35), county=0.06, tai=0.5, inst_name=0.5, phone_present=0.85,
          phone_src=(35, 45, 20, 0), phone_old=0.2, phone_two=0.1,
          mobile_fmts=("plain", "dash2", "excel"), land_fmts=("plain", "dash", "excel", "paren")),
        weights=(1.2, 1.5, 2.5), boost=((DISABLED, 8),), repeat=0.25, without=0.08,
    ),
    System(
        "police",
        S(name_blank=0.03, title=0.06, police_titles=True, char_err=0.04,
          char_mix=(0.7, 0.1, 0.2), drop=0.01, alias=0.04, stale_name=0.25, simplified=0.3,
          roman=(50, 5, 10, 5, 0, 25, 2, 3), id_present=0.78, id_foreign=0.8, passport=0.3,
          id_stale=0.3, id_err=(0.01, 0.01, 0.005, 0, 0.002, 0.003), dob_present=0.85,
          dob_fmts=("roc_nian", "roc_slash"), dob_err=(0.05, 0.01, 0.01, 0.01, 0),
          sex_present=0.98, addr_present=0.85, reg=0.5, stale_addr=0.1, postcode=(0, 0),
          city_omit=0.15, li=0.15, lin=0.1, cn_digits=0.1, floor_forms=(60, 30, 10), county=0.05,
          partial=0.1, inst_name=0.4, no_home=("居無定所", "", "街友"), phone_present=0.6,
          phone_src=(75, 10, 10, 5), phone_old=0.1, phone_typo=0.01,
          mobile_fmts=("plain", "dash"), land_fmts=("dash",)),
        ages=(12, 120), weights=(0.4, 1.5, 0.4),
        boost=((PSYCH, 2), (VICTIM, 2), (HOMELESS, 3)), repeat=0.15, without=0.6,
    ),
)  # fmt: skip
HOUSING = 5
BY_COUNT = (45.0, 70, 85, 93, 97.5, 100)  # cumulative weights of 1..6 systems per person


class Emitter:
    def __init__(self, rng: random.Random, out: list[list[Rec]]) -> None:
        self.rng = rng
        self.out = out
        self.seq = 0
        self.left = 0

    def record(
        self, s: int, p: Person, day: int, group: str = "", phone: str | None = None
    ) -> None:
        if self.left <= 0:
            return
        self.left -= 1
        self.seq += 1
        rng, st = self.rng, SYSTEMS[s].style
        if st.unknown and rng.random() < st.unknown:
            nm = "無名氏" + (str(rng.randint(1, 99)) if rng.random() < 0.5 else "")
            dob = str(dt.date.fromordinal(day).year - p.age(day)) if rng.random() < 0.3 else ""
            row = (nm, "", dob, r.sex(rng, st, p), "", "")
            self.out[s].append((day, self.seq, *row, p.key, group))
            return
        live = at(p.live, day)
        a: Addr | None
        if rng.random() < st.reg and p.reg:
            a = at(p.reg, day)
            if rng.random() < st.stale_addr:
                a = p.reg[0][1]
        else:
            a = live
            if rng.random() < st.stale_addr and len(p.live) > 1:
                a = p.live[0][1] if p.live[0][1] is not live else a
        if live is None and a is not None and rng.random() < 0.5:
            a = None
        addr = c.address(rng, st, a, day, p) if rng.random() < st.addr_present else ""
        if phone is None:
            phone = c.phone(rng, st, p, day)
        row = (r.name(rng, st, p, day), r.ident(rng, st, p, day), r.birth(rng, st, p, day),
               r.sex(rng, st, p), addr, phone)  # fmt: skip
        self.out[s].append((day, self.seq, *row, p.key, group))

    def household(self, hh: Household) -> None:
        rng = self.rng
        members = hh.members
        for day in hh.apply:
            home = at(hh.home, day)
            rows = [p for p in members if p.birth <= day < p.death and at(p.live, day) is home]
            if not rows:
                continue
            applicant = max(rows, key=lambda p: (18 <= p.age(day) < 80, -p.birth))
            phone = c.phone(rng, SYSTEMS[HOUSING].style, applicant, day)
            rows.sort(key=lambda p: p is not applicant)
            for p in rows:
                self.record(HOUSING, p, day, f"{hh.key}.{day}", phone)
        for i, p in enumerate(members):
            if i == 0 or rng.random() < (0.8 if p.flags & VICTIM else 0.55):
                self.person(p, applied=bool(hh.apply))

    def person(self, p: Person, *, applied: bool) -> None:
        rng = self.rng
        age = REF_YEAR - p.ymd[0]
        group = 0 if age < 18 else 1 if age < 65 else 2
        options: list[tuple[int, int, int, float]] = []
        for s, sys in enumerate(SYSTEMS):
            weight = sys.weights[group]
            if weight <= 0:
                continue
            boosted = False
            for flag, factor in sys.boost:
                if p.flags & flag:
                    weight *= factor
                    boosted = True
            if not boosted:
                weight *= sys.without
            lo = max(START, sys.start, p.birth + sys.ages[0] * 365 + 30, p.arrive)
            hi = min(END, p.death, p.birth + (sys.ages[1] + 1) * 365)
            if lo < hi:
                options.append((s, lo, hi, weight))
        k = rng.choices(range(1, 7), cum_weights=BY_COUNT)[0] - (1 if applied else 0)
        while options and k > 0:
            total = sum(o[3] for o in options)
            x = rng.random() * total
            i = len(options) - 1
            for j, o in enumerate(options):
                x -= o[3]
                if x <= 0:
                    i = j
                    break
            s, lo, hi, _ = options.pop(i)
            k -= 1
            self.visits(s, p, lo, hi)

    def visits(self, s: int, p: Person, lo: int, hi: int) -> None:
        rng = self.rng
        sys = SYSTEMS[s]
        first = lo + int((hi - lo) * rng.random() ** 0.8)
        days = [first]
        while len(days) < 6 and rng.random() < sys.repeat:
            if rng.random() < 0.5:
                days.append(min(hi - 1, days[-1] + rng.randint(1, 120)))
            else:
                days.append(lo + rng.randrange(hi - lo))
        for day in days:
            self.record(s, p, day)
        if s == 1 and p.age(first) < 18:  # a child-protection report names the siblings too
            for sib in p.hh.members:
                if (
                    sib is not p
                    and sib.birth < first
                    and sib.age(first) < 18
                    and rng.random() < 0.4
                ):
                    self.record(s, sib, first)
