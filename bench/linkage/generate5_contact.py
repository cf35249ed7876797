"""Generator 5: how a source system writes an address and a phone number."""

from __future__ import annotations

import random
from collections.abc import Callable

from bench.linkage.generate5_people import MERGER, Addr, Person, at, before
from bench.linkage.generate5_render import FULL, NEIGHBOUR, Style, cn_num

# --- addresses ---------------------------------------------------------------------------------


def _n(rng: random.Random, st: Style, n: int, chinese: bool) -> str:
    if chinese and n < 100:
        return cn_num(n)
    text = str(n)
    return text.translate(FULL) if st.full_digits and rng.random() < st.full_digits else text


def address(rng: random.Random, st: Style, a: Addr | None, day: int, who: Person) -> str:
    if a is None:
        return rng.choice(st.no_home)
    if a.inst and rng.random() < st.inst_name:
        if rng.random() < 0.4:
            return a.inst
        return address(rng, st, _no_inst(a), day, who) + f"({a.inst})"
    abroad = who.country not in ("", "CN")
    if abroad and st.english and rng.random() < st.english and a.road_en and a.dist_en:
        return _english(a)
    out = []
    county = a.old != "" and (day < MERGER or (rng.random() < st.county and who.birth < MERGER))
    if rng.random() < st.postcode[0]:
        out.append(str(a.post))
    elif rng.random() < st.postcode[1]:
        out.append(a.post5)
    if county:
        out.append("高雄縣" + a.old)
    else:
        if rng.random() >= st.city_omit:
            city = a.city
            out.append(city.replace("臺", "台") if "臺" in city and rng.random() < st.tai else city)
        if not a.road or rng.random() >= st.dist_omit:
            out.append(a.dist)
    partial = rng.random() < st.partial
    if not a.road or (rng.random() < st.li and not partial):
        out.append(a.li + ("村" if county and a.old.endswith("鄉") else "里"))
        if not a.road or rng.random() < st.lin / max(st.li, 0.01):
            out.append(_n(rng, st, a.lin, rng.random() < st.cn_digits) + "鄰")
    if a.road:
        out.append(a.road)
        if a.sec:
            out.append((cn_num(a.sec) if rng.random() < 0.85 else str(a.sec)) + "段")
        if partial:
            if a.others and rng.random() < 0.3:
                out.append(f"與{rng.choice(a.others)}口")
            elif rng.random() < 0.4:
                out.append("附近")
            return "".join(out)
    elif partial:
        return "".join(out[:-1])
    cn = rng.random() < st.cn_digits
    if a.lane:
        out.append(_n(rng, st, a.lane, cn) + "巷")
    if a.alley:
        out.append(_n(rng, st, a.alley, cn) + "弄")
    no = a.no
    if rng.random() < st.addr_typo:
        no = int(str(no)[:-1] + rng.choice("0123456789")) or 1
    nos = _n(rng, st, no, False)
    if a.no_sub:
        form = rng.choices(range(3), cum_weights=st.sub_cum)[0]
        sub = _n(rng, st, a.no_sub, False)
        if form == 2 and a.floor:
            form = 0
        out.append((f"{nos}之{sub}號", f"{nos}-{sub}號", f"{nos}號之{sub}")[form])
    else:
        out.append(nos + "號")
    if a.floor:
        form = rng.choices(range(3), cum_weights=st.floor_cum)[0]
        if form == 0:
            out.append(_n(rng, st, a.floor, cn) + "樓")
        elif form == 1:
            out.append(_n(rng, st, a.floor, False) + "F")
        else:
            out.append(cn_num(a.floor) + "樓")
        if a.floor_sub:
            dash = form == 1 and rng.random() < 0.6
            out.append(("-" if dash else "之") + _n(rng, st, a.floor_sub, cn))
    return "".join(out)


def _no_inst(a: Addr) -> Addr:
    b = Addr()
    for slot in Addr.__slots__:
        setattr(b, slot, getattr(a, slot))
    b.inst = ""
    return b


def _english(a: Addr) -> str:
    parts = []
    if a.floor:
        parts.append(f"{a.floor}F." + (f"-{a.floor_sub}" if a.floor_sub else ""))
    parts.append(f"No. {a.no}" + (f"-{a.no_sub}" if a.no_sub else ""))
    if a.alley:
        parts.append(f"Aly. {a.alley}")
    if a.lane:
        parts.append(f"Ln. {a.lane}")
    if a.sec:
        parts.append(f"Sec. {a.sec}")
    parts.append(a.road_en)
    parts.append(f"{a.dist_en} Dist.")
    parts.append(f"Kaohsiung City {a.post}")
    return ", ".join(parts) + ", Taiwan (R.O.C.)"


# --- phones ------------------------------------------------------------------------------------

MOBILE_FMTS: dict[str, Callable[[str], str]] = {
    "plain": lambda n: n,
    "dash": lambda n: f"{n[:4]}-{n[4:7]}-{n[7:]}",
    "dash2": lambda n: f"{n[:4]}-{n[4:]}",
    "space": lambda n: f"{n[:4]} {n[4:7]} {n[7:]}",
    "intl": lambda n: "+886" + n[1:],
    "intl_dash": lambda n: f"+886-{n[1:4]}-{n[4:7]}-{n[7:]}",
    "excel": lambda n: n[1:],
}
LAND_FMTS: dict[str, Callable[[str], str]] = {
    "plain": lambda n: n,
    "dash": lambda n: f"{n[:2]}-{n[2:]}",
    "paren": lambda n: f"({n[:2]}){n[2:]}",
    "paren_dash": lambda n: f"({n[:2]}){n[2:5]}-{n[5:]}",
    "local": lambda n: n[2:],
    "excel": lambda n: n[1:],
    "intl": lambda n: f"+886-{n[1]}-{n[2:]}",
}
KIN = ("母", "父", "女兒", "兒子", "案妻", "案夫", "案母", "姊", "家屬")


def phone(rng: random.Random, st: Style, p: Person, day: int) -> str:
    if rng.random() >= st.phone_present:
        return ""
    src = rng.choices(range(4), cum_weights=st.src_cum)[0]
    number, note = "", ""
    live = at(p.live, day)
    if live is not None and live.phone and rng.random() < 0.7:
        number = live.phone
    elif src == 0:
        number = _pick(rng, st, p.mobiles, day)
    elif src == 1:
        number = _pick(rng, st, p.hh.landlines, day)
    elif src == 2:
        kin = [m for m in p.hh.members if m is not p and at(m.mobiles, day)]
        if kin:
            number = _pick(rng, st, rng.choice(kin).mobiles, day)
            if rng.random() < st.annotate:
                note = f"({rng.choice(KIN)})"
    else:
        number = "09" + f"{rng.randrange(10**8):08d}"
    if not number:
        number = at(p.mobiles, day) or at(p.hh.landlines, day)
        if not number:
            return ""
    text = _format(rng, st, number)
    if rng.random() < st.phone_two:
        other = at(p.hh.landlines, day) if number[1] == "9" else at(p.mobiles, day)
        if other and other != number:
            text += rng.choice(("/", "、", ";", " ")) + _format(rng, st, other)
    return text + note


def _pick(rng: random.Random, st: Style, timeline: list[tuple[int, str]], day: int) -> str:
    if len(timeline) > 1 and rng.random() < st.phone_old:
        return before(timeline, day)
    return at(timeline, day)


def _format(rng: random.Random, st: Style, number: str) -> str:
    if rng.random() < st.phone_typo:
        i = rng.randrange(3, len(number))
        number = number[:i] + rng.choice(NEIGHBOUR[number[i]]) + number[i + 1 :]
    if number[1] == "9":
        return MOBILE_FMTS[rng.choice(st.mobile_fmts)](number)
    text = LAND_FMTS[rng.choice(st.land_fmts)](number)
    if rng.random() < 0.03:
        text += f"#{rng.randint(1, 399)}"
    return text
