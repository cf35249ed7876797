"""Generator 6: the households of a New Taipei safety-net caseload (see generate6 for the spec)."""

from __future__ import annotations

from bench.linkage import generate6_names as nm
from bench.linkage import generate6_places as pl
from bench.linkage.generate6_world import END, NEVER, START, Home, Household, Name, Person, World

KINDS = (
    ("elder_alone", 9.0),
    ("elder_couple", 6.0),
    ("nuclear", 17.0),
    ("single_parent", 15.0),
    ("three_gen", 10.0),
    ("skipped_gen", 5.0),
    ("new_resident", 9.0),
    ("single_adult", 15.0),
    ("adult_with_parent", 6.0),
    ("blended", 4.0),
    ("institution", 0.5),
)
_CUM = [sum(w for _, w in KINDS[: i + 1]) for i in range(len(KINDS))]
INDIGENOUS_SHARE = 0.06  # of families of the kinds that can be Indigenous
RENAME = 0.025  # adults 18-65 who change their given name in the window
RESTORE = 0.04  # Indigenous adults who take up a traditional name in the window
STEP_SURNAME = 0.3  # step-children who take the step-father's surname in the window
KANFU = 0.25  # married women born before 1955 registered with the husband's surname (冠夫姓)


def _kind(w: World) -> str:
    x = w.rng.random() * _CUM[-1]
    return next(k for (k, _), c in zip(KINDS, _CUM, strict=True) if x < c)


def _year(w: World, lo: int, hi: int) -> int:
    return lo + int(w.rng.random() * (hi - lo + 1))


def _wife_of(w: World, husband: Person, indigenous: bool = False) -> Person:
    wife = w.native(2, husband.by + _year(w, 0, 6), "spouse", indigenous=indigenous)
    if wife.by < 1955 and w.rng.random() < KANFU:
        wife.kanfu = husband.names[0][1].surname
    return wife


def _elsewhere(w: World, p: Person, landline: float = 0.3) -> Person:
    """A relative who lives at their own address."""
    district = pl.pick_district(w.rng)
    hh = Household("relative", district, w.home(district, landline))
    p.home = hh.home
    p.household = hh
    return p


def build(w: World) -> Household:
    r = w.rng.random
    kind = _kind(w)
    if kind == "institution":
        return _institution(w)
    indigenous = (
        kind in ("nuclear", "single_parent", "three_gen", "skipped_gen", "single_adult")
        and r() < INDIGENOUS_SHARE
    )
    district = pl.WULAI if indigenous and r() < 0.25 else pl.pick_district(w.rng)
    elders = kind in ("elder_alone", "elder_couple", "skipped_gen", "adult_with_parent")
    home = w.home(
        district,
        0.7 if elders else 0.3 if kind != "single_adult" else 0.15,
        tall=not elders or r() < 0.5,
    )
    hh = Household(kind, district, home)
    m = hh.members
    if kind == "elder_alone":
        p = w.native(2 if r() < 0.65 else 1, _year(w, 1926, 1958), "elder")
        if p.sex == 2 and p.by < 1955 and r() < KANFU:
            p.kanfu = nm.SURNAMES.draw(w.rng)
        m.append(p)
        if r() < 0.45:
            hh.others.append(
                _elsewhere(
                    w,
                    w.native(
                        2 if r() < 0.5 else 1,
                        p.by + _year(w, 20, 34),
                        "adult_child",
                        p.names[0][1].surname,
                    ),
                )
            )
    elif kind == "elder_couple":
        h = w.native(1, _year(w, 1928, 1957), "elder")
        m += [h, _wife_of(w, h)]
        m[1].role = "elder"
        if r() < 0.35:
            hh.others.append(
                _elsewhere(
                    w,
                    w.native(
                        2 if r() < 0.5 else 1,
                        m[1].by + _year(w, 20, 34),
                        "adult_child",
                        h.names[0][1].surname,
                    ),
                )
            )
    elif kind in ("nuclear", "three_gen"):
        if kind == "three_gen":
            g = w.native(1, _year(w, 1935, 1965), "grandparent", indigenous=indigenous)
            if r() < 0.7:
                m += [g, _wife_of(w, g, indigenous)]
                m[-1].role = "grandparent"
            else:
                g = _wife_of(w, g, indigenous)
                g.role = "grandparent"
                m.append(g)
            father = w.native(
                1,
                g.by + _year(w, 22, 34),
                "parent",
                g.names[0][1].surname if g.sex == 1 else "",
                indigenous,
            )
        else:
            father = w.native(1, _year(w, 1966, 1999), "parent", indigenous=indigenous)
        mother = _wife_of(w, father, indigenous)
        mother.role = "parent"
        if kind == "nuclear" or r() < 0.75:
            m += [father, mother]
        else:
            m.append(mother)
            hh.others.append(_elsewhere(w, father))
        n = 1 + int(r() ** 1.4 * 4)
        m += w.children(
            mother.by,
            father.names[0][1].surname if r() < 0.97 else mother.names[0][1].surname,
            n,
            indigenous=indigenous,
        )
    elif kind == "single_parent":
        if r() < 0.08:
            ex = w.native(1, _year(w, 1955, 1990), "ex")
            parent, arrival = w.new_resident(ex.by, ex.names[0][1].surname)
            parent.role = "parent"
            kids = w.children(
                parent.by, ex.names[0][1].surname, 1 + int(r() * 3), earliest=arrival + 1
            )
        else:
            female = r() < 0.8
            parent = w.native(
                2 if female else 1, _year(w, 1968, 2003), "parent", indigenous=indigenous
            )
            ex = w.native(
                1 if female else 2, parent.by + _year(w, -6, 2), "ex", indigenous=indigenous
            )
            father = ex if female else parent
            surname = (
                father.names[0][1].surname
                if not female or r() < 0.85
                else parent.names[0][1].surname
            )
            kids = w.children(
                parent.by if female else ex.by,
                surname,
                1 + int(r() ** 1.5 * 3),
                indigenous=indigenous,
            )
        m.append(parent)
        m += kids
        if r() < 0.5:
            hh.others.append(_elsewhere(w, ex))
    elif kind == "skipped_gen":
        g = w.native(
            1 if r() < 0.3 else 2, _year(w, 1940, 1968), "grandparent", indigenous=indigenous
        )
        m.append(g)
        if g.sex == 1 and r() < 0.6:
            m.append(_wife_of(w, g, indigenous))
            m[-1].role = "grandparent"
        son = w.native(
            1, g.by + _year(w, 20, 32), "absent_parent", g.names[0][1].surname, indigenous
        )
        son.volatile = r() < 0.4
        m += w.children(
            son.by + _year(w, -3, 3),
            son.names[0][1].surname,
            1 + int(r() ** 1.5 * 3),
            "grandchild",
            indigenous,
        )
        if r() < 0.7:
            hh.others.append(_elsewhere(w, son, 0.1))
    elif kind == "new_resident":
        h = w.native(1, _year(w, 1950, 1990), "parent")
        wife, arrival = w.new_resident(h.by, h.names[0][1].surname)
        wife.role = "parent"
        m += [h, wife]
        if r() < 0.25:
            g = w.native(2, h.by - _year(w, 22, 34), "grandparent", h.names[0][1].surname)
            if g.by < 1955 and r() < KANFU:
                g.kanfu = h.names[0][1].surname
            g.names[0] = (NEVER, Name(nm.SURNAMES.draw(w.rng), g.names[0][1].given))
            m.append(g)
        m += w.children(
            wife.by, h.names[0][1].surname, 1 + int(r() ** 1.5 * 3), earliest=arrival + 1
        )
    elif kind == "single_adult":
        p = w.native(1 if r() < 0.65 else 2, _year(w, 1958, 2004), "adult", indigenous=indigenous)
        p.volatile = r() < 0.3
        m.append(p)
        if r() < 0.02:
            office = w.offices[district.name]
            home.spans = [(NEVER, home.spans[0][1], office, "")]
        if r() < 0.3:
            hh.others.append(
                _elsewhere(w, w.native(2, p.by - _year(w, 20, 34), "parent_elsewhere"), 0.7)
            )
    elif kind == "adult_with_parent":
        par = w.native(1 if r() < 0.3 else 2, _year(w, 1932, 1960), "elder")
        m.append(par)
        child = w.native(
            1 if r() < 0.62 else 2,
            par.by + _year(w, 20, 35),
            "adult_child",
            par.names[0][1].surname if par.sex == 1 or r() < 0.4 else "",
        )
        child.volatile = r() < 0.2
        m.append(child)
    elif kind == "blended":
        mother = w.native(2, _year(w, 1975, 2000), "parent")
        ex = w.native(1, mother.by - _year(w, 0, 5), "ex")
        partner = w.native(1, mother.by - _year(w, -3, 8), "partner")
        kids = w.children(mother.by, ex.names[0][1].surname, 1 + int(r() * 2.5))
        m += [mother, partner, *kids]
        for k in kids:
            if r() < STEP_SURNAME:
                w.resurname(k, partner.names[0][1].surname)
        if r() < 0.3:
            m += w.children(mother.by + 6, partner.names[0][1].surname, 1)
        if r() < 0.4:
            hh.others.append(_elsewhere(w, ex))
    _finish(w, hh, indigenous)
    return hh


def _finish(w: World, hh: Household, indigenous: bool) -> None:
    r = w.rng.random
    for p in hh.members:
        p.home = hh.home
        p.household = hh
    for p in hh.members + hh.others:
        age = p.age(START)
        if 18 <= age <= 65 and r() < RENAME:
            w.rename(p)
        if indigenous and age >= 18 and r() < RESTORE and p.names[-1][1].surname:
            han, roman = nm.indigenous_name(w.rng, p.sex == 2)
            p.names.append((START + int(r() * (END - START)), Name("", han, roman=roman)))
        if p.volatile and p.mobiles:
            for _ in range(1 + int(r() * 2)):
                p.mobiles.append((START + int(r() * (END - START)), w.new_mobile()))
            p.mobiles.sort()
    adults = [p for p in hh.members if p.age(START) >= 20 and p.mobiles]
    mothers = [p for p in adults if p.sex == 2 and p.role in ("parent", "grandparent")]
    pool = mothers if mothers and r() < 0.8 else adults or [p for p in hh.others if p.mobiles]
    hh.contact = pool[int(r() * len(pool))] if pool else None


_INSTITUTIONS = (
    # kind, share, residents (lo, hi), birth years (lo, hi), male share, registered there,
    # registered at the household registration office, own mobile
    ("nursing", 0.35, (15, 50), (1925, 1952), 0.45, 0.4, 0.0, 0.1),
    ("rehab", 0.25, (12, 30), (1958, 1998), 0.6, 0.2, 0.0, 0.5),
    ("children", 0.2, (8, 25), (2005, 2019), 0.5, 0.0, 0.0, 0.2),
    ("shelter", 0.2, (10, 35), (1950, 1990), 0.85, 0.1, 0.3, 0.4),
)


def _institution(w: World) -> Household:
    r = w.rng.random
    x = r()
    spec = _INSTITUTIONS[-1]
    for s in _INSTITUTIONS:
        x -= s[1]
        if x < 0:
            spec = s
            break
    name, _, (lo, hi), (y0, y1), male, reg_here, reg_office, mobile = spec
    district = pl.pick_district(w.rng)
    addr = pl.new_address(w.rng, district, tall=False)
    land = w.new_landline(district)
    hh = Household("institution_" + name, district, Home(addr, addr, land))
    for _ in range(lo + int(r() * (hi - lo + 1))):
        p = w.native(1 if r() < male else 2, _year(w, y0, y1), "resident")
        if not r() < mobile:
            p.mobiles = []
        x = r()
        reg = (
            addr
            if x < reg_here
            else w.offices[district.name]
            if x < reg_here + reg_office
            else pl.new_address(w.rng, pl.pick_district(w.rng))
        )
        p.home = Home(addr, reg, land)
        p.household = hh
        hh.members.append(p)
    return hh
