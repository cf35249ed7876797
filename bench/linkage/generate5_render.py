"""Generator 5: how one source system writes a person down on one day (its habits and slips)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence

from bench.linkage import generate5_world as w
from bench.linkage.generate5_people import Person, at, before

FULL = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ－",
)
CN = "〇一二三四五六七八九"
NEIGHBOUR = {"0": "98", "1": "24", "2": "135", "3": "26", "4": "157", "5": "2468",
             "6": "359", "7": "48", "8": "579", "9": "68"}  # fmt: skip


def _groups(spec: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for group in spec.split():
        chars = "".join(dict.fromkeys(group))
        for ch in chars if len(chars) > 1 else "":
            out[ch] = out.get(ch, "") + chars.replace(ch, "")
    return out


HOMOPHONE = _groups(w.HOMOPHONES)
LOOKALIKE = _groups(w.LOOKALIKES)


def cn_num(n: int) -> str:
    """Chinese numerals as written in addresses: 3 三, 12 十二, 25 二十五, 105 一百零五."""
    if n < 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n % 10] if n % 10 else "")
    if n < 100:
        return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + CN[rest]) if rest < 10 else cn_num(rest)
    if 10 <= rest < 20:
        tail = "一" + tail
    return CN[n // 100] + "百" + tail


class Style:
    """One system's habits. Probabilities are per record unless noted."""

    def __init__(self, **kw: object) -> None:
        # names
        self.name_blank = 0.0
        self.title = 0.0  # surname and a title: 陳小姐, 林姓男子
        self.nick = 0.0  # given name or a nickname only: 美玲, 阿玲, 小明
        self.char_err = 0.0  # one character replaced, mixed as below
        self.char_mix = (0.6, 0.15, 0.25)  # homophone, look-alike, variant form
        self.drop = 0.0  # a given-name character missing
        self.space = 0.0  # a space (half or full width) after the surname, or trailing
        self.alias = 0.0  # 陳美玲(阿玲)
        self.married = 0.0  # 冠夫姓 for women who have one
        self.stale_name = 0.3  # the old name after a legal rename
        self.simplified = 0.0  # simplified characters for a mainland spouse's name
        self.big5_until = 0  # day before which rare characters were lost
        self.police_titles = False
        self.masked = 0.0  # 陳○玲
        # foreigners: certificate, title case, given first, no spaces, diacritics, 漢字, given
        # only, "FAMILY, GIVEN"
        self.roman = (30.0, 10, 5, 2, 3, 20, 5, 2)
        # national IDs
        self.id_present = 0.9
        self.id_foreign = 0.7
        self.passport = 0.1
        self.id_stale = 0.2  # the old resident number after the new one was issued
        self.id_err = (0.0,) * 6  # typo, swap, household member's, masked, O for 0, no check
        self.id_lower = self.id_sep = self.id_full = 0.0
        self.mask_forms = ("head",)  # E12345****, E123***789 (mid), ******6789 (tail)
        self.unknown = 0.0  # an unidentified patient: 無名氏
        self.no_home = ("",)  # what is written for someone with no home
        # birth dates
        self.dob_present = 0.9
        self.dob_fmts: tuple[str, ...] = ("iso",)
        self.dob_err = (0.0,) * 5  # age-derived, year only, day/month swap, digit, ROC+1900
        # sex
        self.sex_present = 0.98
        self.sex_codes = ("男", "女")
        self.sex_wrong = 0.005
        # addresses
        self.addr_present = 0.9
        self.reg = 0.5  # household-registration address rather than where they live
        self.stale_addr = 0.05  # the previous address
        self.postcode = (0.2, 0.05)  # 3-digit, 5-digit
        self.city_omit = 0.2
        self.dist_omit = 0.03
        self.li = 0.2
        self.lin = 0.15
        self.full_digits = 0.0
        self.cn_digits = 0.05  # lane/alley/floor in Chinese numerals
        self.floor_forms = (70.0, 20, 10)  # 3樓, 3F, 三樓
        self.sub_forms = (50.0, 40, 10)  # 12之3號, 12-3號, 12號之3
        self.county = 0.04  # 高雄縣鳳山市 written after the merger
        self.tai = 0.4  # 台 for 臺 in city names
        self.partial = 0.0  # road or village only
        self.english = 0.0  # English form, for people born abroad
        self.inst_name = 0.3  # an institution's name with or instead of its address
        self.addr_typo = 0.005
        # phones
        self.phone_present = 0.85
        self.phone_src = (60.0, 25, 15, 0)  # own mobile, home landline, family member, other
        self.phone_old = 0.05
        self.phone_typo = 0.005
        self.phone_two = 0.03
        self.mobile_fmts: tuple[str, ...] = ("plain",)
        self.land_fmts: tuple[str, ...] = ("dash",)
        self.annotate = 0.0  # (母), (案妻)
        for k, v in kw.items():
            if not hasattr(self, k):
                raise AttributeError(k)
            setattr(self, k, v)
        self.roman_cum = _cum(self.roman)
        self.floor_cum = _cum(self.floor_forms)
        self.sub_cum = _cum(self.sub_forms)
        self.src_cum = _cum(self.phone_src)


def _cum(weights: Sequence[float]) -> list[float]:
    out, total = [], 0.0
    for x in weights:
        total += x
        out.append(total)
    return out


# --- names -------------------------------------------------------------------------------------

POLITE = (
    ("姓男童", "姓男童", "姓少年", "先生", "先生", "伯伯"),
    ("姓女童", "姓女童", "姓少女", "小姐", "太太", "阿嬤"),
)
POLICE = (
    ("姓男童", "姓男童", "姓少年", "姓男子", "男", "姓老翁"),
    ("姓女童", "姓女童", "姓少女", "姓女子", "女", "姓老婦"),
)


def _bracket(age: int) -> int:
    return (
        0
        if age < 6
        else 1
        if age < 12
        else 2
        if age < 18
        else 3
        if age < 40
        else 4
        if age < 65
        else 5
    )


def _char_error(rng: random.Random, st: Style, text: str, start: int) -> str:
    """Replace a character of `text` (from `start` on) by a sound-alike, look-alike or variant."""
    r = rng.random()
    table: dict[str, str]
    if r < st.char_mix[0]:
        table = HOMOPHONE
    elif r < st.char_mix[0] + st.char_mix[1]:
        table = LOOKALIKE
    else:
        table = w.VARIANTS
    spots = [i for i in range(start, len(text)) if text[i] in table]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + rng.choice(table[text[i]]) + text[i + 1 :]


def name(rng: random.Random, st: Style, p: Person, day: int) -> str:
    names = p.names
    sur, given, roman, script = at(names, day)
    if len(names) > 1 and rng.random() < st.stale_name:
        sur, given, roman, script = before(names, day)
    r = rng.random()
    if r < st.name_blank:
        return ""
    r -= st.name_blank
    if script == "f":
        text = _roman(rng, st, sur, given, roman)
        if text[:1] >= "\u2e80" and rng.random() < st.char_err * 2:  # a transcription misheard
            text = _char_error(rng, st, text, 0)
        return text
    if script == "i":
        if rng.random() < 0.25 and roman:
            return f"{roman[3]} {roman[2]}"
        sep = rng.choices(("‧", "・", "．", "·", "-", ""), (50, 15, 10, 10, 5, 10))[0]
        return given + sep + sur
    if r < st.title and sur:
        kind = POLICE if st.police_titles else POLITE
        title = kind[p.sex - 1][_bracket(p.age(day))]
        if title in ("伯伯", "阿嬤") and rng.random() < 0.3:
            return "阿公" if p.sex == 1 else "阿嬤"
        if title in ("太太", "小姐") and rng.random() < 0.3:
            title = "女士" if rng.random() < 0.5 else "媽媽"
        return sur + title
    r -= st.title
    if r < st.nick and len(given) == 2:
        form = rng.random()
        return given if form < 0.5 else ("阿" if form < 0.8 else "小") + given[-1]
    full = sur + given
    if rng.random() < st.char_err:
        full = _char_error(rng, st, full, 0 if rng.random() < 0.3 else len(sur))
        sur, given = full[: len(sur)], full[len(sur) :]
    if len(given) >= 2 and rng.random() < st.drop:
        given = given[0] if rng.random() < 0.5 else given[1:]
    if p.married_sur and rng.random() < st.married:
        sur = p.married_sur + sur
    if st.masked and rng.random() < st.masked:
        mark = rng.choice(("○", "Ｏ", "O", "*"))
        given = mark * len(given) if rng.random() < 0.5 else mark + given[1:]
    full = sur + given
    if script == "c" and rng.random() < st.simplified:
        full = "".join(w.SIMPLIFIED.get(c, c) for c in full)
    if day < st.big5_until:
        for ch in w.RARE:
            if ch in full:
                full = full.replace(ch, rng.choice(("?", "＊", w.RARE[ch], w.RARE[ch])))
    r = rng.random()
    if r < st.space:
        form = rng.random()
        if form < 0.4:
            full = f"{full[: len(sur)]} {full[len(sur) :]}"
        elif form < 0.7:
            full = f"{full[: len(sur)]}\u3000{full[len(sur) :]}"
        else:
            full += " " if form < 0.9 else "\u3000"
    if rng.random() < st.alias and len(given) == 2:
        nick = ("阿" if rng.random() < 0.6 else "小") + given[-1]
        full += rng.choice(("({})", "（{}）", "/{}", " 綽號{}")).format(nick)
    return full


def _roman(
    rng: random.Random, st: Style, sur: str, given: str, roman: tuple[str, ...] | None
) -> str:
    if roman is None:
        return sur + given
    fam, giv, fam_d, giv_d = roman
    form = rng.choices(range(8), cum_weights=st.roman_cum)[0]
    space = " " if fam else ""
    if form == 0:
        return f"{fam}{space}{giv}"
    if form == 1:
        return f"{fam}{space}{giv}".title()
    if form == 2:
        return f"{giv}{space}{fam}"
    if form == 3:
        return (fam + giv).replace(" ", "")
    if form == 4:
        return f"{fam_d}{space}{giv_d}"
    if form == 5:
        return sur + given
    if form == 6:
        last = giv.split()[-1]
        return last if rng.random() < 0.6 else "阿" + given[-1:]
    return f"{fam}, {giv}" if fam else giv


# --- IDs ---------------------------------------------------------------------------------------


def ident(rng: random.Random, st: Style, p: Person, day: int) -> str:
    foreign = p.country != ""
    ids = p.ids
    nid = at(ids, day)
    if foreign and nid[1] in "89ABCD":
        if rng.random() >= st.id_foreign:
            return ""
        if p.passport and rng.random() < st.passport:
            return p.passport
        if len(ids) > 1 and rng.random() < st.id_stale:
            nid = before(ids, day)
    elif rng.random() >= st.id_present:
        return ""
    r = rng.random()
    e = st.id_err
    if r < e[0]:
        i = rng.randrange(2, 10)
        nid = nid[:i] + rng.choice(NEIGHBOUR[nid[i]]) + nid[i + 1 :]
    elif r < e[0] + e[1]:
        i = rng.randrange(2, 9)
        nid = nid[:i] + nid[i + 1] + nid[i] + nid[i + 2 :]
    elif r < e[0] + e[1] + e[2]:
        others = [m for m in p.hh.members if m is not p and m.birth < day and m.ids[0][0] <= day]
        if others:
            nid = at(rng.choice(others).ids, day)
    elif r < e[0] + e[1] + e[2] + e[3]:
        form = rng.choice(st.mask_forms)
        if form == "head":
            nid = nid[:6] + "****"
        elif form == "mid":
            nid = nid[:4] + "***" + nid[7:]
        else:
            nid = "******" + nid[6:]
    elif r < e[0] + e[1] + e[2] + e[3] + e[4]:
        nid = nid[0] + nid[1:].replace("0", "O")
    elif r < e[0] + e[1] + e[2] + e[3] + e[4] + e[5]:
        nid = nid[:-1]
    if rng.random() < st.id_lower:
        nid = nid.lower()
    if rng.random() < st.id_sep:
        nid = f"{nid[:1]} {nid[1:]}" if rng.random() < 0.5 else f"{nid[:4]}-{nid[4:7]}-{nid[7:]}"
    if rng.random() < st.id_full:
        nid = nid.translate(FULL)
    return nid


# --- birth dates -------------------------------------------------------------------------------

DateFmt = Callable[[int, int, int], str]
DATE_FMTS: dict[str, DateFmt] = {
    "iso": lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
    "ad_slash": lambda y, m, d: f"{y}/{m:02d}/{d:02d}",
    "ad_short": lambda y, m, d: f"{y}/{m}/{d}",
    "dmy": lambda y, m, d: f"{d:02d}/{m:02d}/{y}",
    "ad8": lambda y, m, d: f"{y}{m:02d}{d:02d}",
    "roc_slash": lambda y, m, d: f"{y - 1911:03d}/{m:02d}/{d:02d}",
    "roc_short": lambda y, m, d: f"{y - 1911}/{m}/{d}",
    "roc_dot": lambda y, m, d: f"{y - 1911}.{m:02d}.{d:02d}",
    "roc7": lambda y, m, d: f"{y - 1911:03d}{m:02d}{d:02d}",
    "roc_cn": lambda y, m, d: f"民國{y - 1911}年{m}月{d}日",
    "roc_nian": lambda y, m, d: f"{y - 1911:03d}年{m:02d}月{d:02d}日",
}
AD = frozenset({"iso", "ad_slash", "ad_short", "dmy", "ad8"})


def birth(rng: random.Random, st: Style, p: Person, day: int) -> str:
    if rng.random() >= st.dob_present:
        return ""
    y, m, d = p.ymd
    fmt = rng.choice(st.dob_fmts)
    if p.country and fmt in AD and rng.random() < 0.3:
        fmt = "dmy"
    r = rng.random()
    e = st.dob_err
    if r < e[0]:  # an age was asked, or guessed, and turned into 1 January
        age = p.age(day) + (rng.choice((-2, -1, 1, 2)) if rng.random() < 0.4 else 0)
        y, m, d = dt.date.fromordinal(day).year - age, 1, 1
    elif r < e[0] + e[1]:
        return str(y) if fmt in AD else f"{y - 1911}年" if rng.random() < 0.5 else f"{y - 1911:03d}"
    elif r < e[0] + e[1] + e[2] and d <= 12 and d != m:
        m, d = d, m
    elif r < e[0] + e[1] + e[2] + e[3]:
        part = rng.random()
        if part < 0.5:
            d = (
                d + (1 if d < 28 else -1)
                if rng.random() < 0.5
                else (d % 10) + 10 * ((d // 10 + 1) % 3) or 1
            )
        elif part < 0.75:
            m = m % 12 + 1
        else:
            y = y + rng.choice((-10, -1, 1, 10))
    elif r < e[0] + e[1] + e[2] + e[3] + e[4] and fmt in AD:
        y = y - 11  # ROC year plus 1900
    if y < 1912 and fmt not in AD:
        fmt = "iso"
    return DATE_FMTS[fmt](y, m, d)


def sex(rng: random.Random, st: Style, p: Person) -> str:
    if rng.random() >= st.sex_present:
        return ""
    s = p.sex if rng.random() >= st.sex_wrong else 3 - p.sex
    return st.sex_codes[s - 1]
