"""Taiwanese addresses in their parts, however they were written.

The same door is written 臺北市大安區復興南路二段１２３巷５號五樓, 台北市大安區復興南路2段123巷5號5F or
大安區復興南路2段123巷5號之1 5樓: full-width digits, 臺/台, Chinese numerals, F for 樓. Parsing
brings each to one form so that linkage can compare building, road and district separately.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from safetynet.core.numerals import NUMERALS as _NUMERAL
from safetynet.core.numerals import chinese_number

# A Chinese numeral followed by the marker it counts (段 巷 弄 號 樓 鄰), or 之 followed by one.
# Numerals before 路/街 are converted too (明德一路 = 明德1路): the key only has to be consistent.
_COUNTED = re.compile(rf"([{_NUMERAL}]+)(?=[段巷弄號樓鄰路街])|(?<=之)([{_NUMERAL}]+)")
_GAP_BETWEEN_DIGITS = re.compile(r"(?<=\d)\s+(?=\d)")
_FLOOR_F = re.compile(r"(?<![A-Za-z])(B?\d+)\s*[Ff](?![A-Za-z])|(?<=號)(B\d+)$")
_PARTS = re.compile(
    r"^(?P<county>.{2}?[縣市])?"
    r"(?P<district>.{1,3}?[區鄉鎮市])?"
    r"(?P<village>.{1,3}?[里村])?"
    r"(?:(?P<neighbourhood>\d+)鄰)?"
    r"(?P<road>.+?(?:大道|路|街|道)|.+?村)?"
    r"(?:(?P<section>\d+)段)?"
    r"(?:(?P<lane>\d+)巷)?"
    r"(?:(?P<alley>\d+)弄)?"
    r"(?:(?P<number>\d+(?:之\d+)?)號)?"
    r"(?:(?P<sub>之\d+))?,?"
    r"(?:(?P<floor>B?\d+)樓)?"
    r"(?:之(?P<room>\d+))?"
    r"(?P<rest>.*)$"
)


def _arabic(match: re.Match[str]) -> str:
    return str(chinese_number(match.group(0)))


@dataclass(frozen=True)
class AddressParts:
    county: str = ""
    district: str = ""
    village: str = ""
    neighbourhood: str = ""
    road: str = ""  # with its section: 復興南路2段
    lane: str = ""
    alley: str = ""
    number: str = ""  # 5 or 5之1
    floor: str = ""  # 5, 5之2 or B1
    rest: str = ""

    # Road, lane, alley and number: one building, whatever the floor. The district is left
    # out because records often omit it; it is compared on its own. Worked out by
    # parse_address (plain fields: cached_property takes a lock per first read in Python 3.11,
    # a second per million addresses).
    building: str = ""
    dwelling: str = ""  # the building and the floor


_PREFIX = re.compile(r"^\s*(\d{3}(\d{2,3})?)?\s*(臺灣省|台灣省|臺灣|台灣)?")
_BASEMENT = re.compile(r"地下(\d+)樓")


_NUMERAL_CHARS = frozenset(_NUMERAL)


def normalise_address(text: str) -> str:
    # A postal code (206, 20646) or 臺灣省 before the county says nothing about the door.
    value = _PREFIX.sub("", unicodedata.normalize("NFKC", text or "")).replace("台", "臺")
    # Each substitution only where its pattern can match (a million addresses: it adds up).
    if not _NUMERAL_CHARS.isdisjoint(value):
        value = _COUNTED.sub(_arabic, value)
    if "地下" in value:
        value = _BASEMENT.sub(lambda m: f"B{m.group(1)}樓", value)
    # "5號之1 5樓": a gap between two numbers separates them; other gaps mean nothing.
    words = value.split()
    if len(words) > 1:
        value = "".join(_GAP_BETWEEN_DIGITS.sub(",", value).split())
    else:
        value = words[0] if words else ""
    if "F" in value or "f" in value or "B" in value:
        value = _FLOOR_F.sub(lambda m: f"{(m.group(1) or m.group(2)).upper()}樓", value)
    return re.sub(r"(?<=\d)-(?=\d)", "之", value) if "-" in value else value


def parse_address(text: str) -> AddressParts:
    """Split a written address into its parts ('' for parts that are not there)."""
    value = normalise_address(text)
    if not value:
        return AddressParts()
    match = _PARTS.match(value)
    if match is None:  # pragma: no cover - the pattern has an all-optional form
        return AddressParts(rest=value)
    g = {k: v or "" for k, v in match.groupdict().items()}
    number = g["number"] + g["sub"]
    floor = g["floor"] + (f"之{g['room']}" if g["room"] else "")
    section = f"{int(g['section'])}段" if g["section"] else ""
    road = g["road"] + section
    lane = str(int(g["lane"])) if g["lane"] else ""
    alley = str(int(g["alley"])) if g["alley"] else ""
    building = f"{road}|{lane}|{alley}|{number}" if road and number else ""
    return AddressParts(
        county=g["county"],
        district=g["district"],
        village=g["village"],
        neighbourhood=str(int(g["neighbourhood"])) if g["neighbourhood"] else "",
        road=road,
        lane=lane,
        alley=alley,
        number=number,
        floor=floor,
        rest=g["rest"],
        building=building,
        dwelling=f"{building}|{floor}" if building else "",
    )


# Taiwan's English addresses (the Ministry of the Interior's form, smallest part first):
# 7F.-1, No. 104, Aly. 5, Ln. 100, Sec. 3, Zhongxiao E. Rd., Xinyi Dist., Taipei City 110.
# Road names are Hanyu Pinyin in most cities (some keep an older spelling: Keelung Rd.,
# Roosevelt Rd.); a building key in pinyin lets a Chinese address meet its English form.
_LATIN_NUMBER = re.compile(r"^no\.?\s*(\d+)(?:\s*-\s*(\d+))?$")
_LATIN_COUNTED = re.compile(r"^(aly|alley|ln|lane|sec|section)\.?\s*(\d+)$")
_LATIN_SECTION = re.compile(r"\bsec(?:tion)?\.?\s*(\d+)\b")
_LATIN_ROAD = re.compile(
    r"^(?P<name>[a-z0-9' -]+?)\s*(?:\b(?P<dir>[ewsn])(?:ast|est|outh|orth)?\.?)?\s*"
    r"\b(?P<kind>rd|road|st|street|blvd|boulevard|ave|avenue)\.?$"
)
_LATIN_KIND = {"road": "rd", "street": "st", "boulevard": "blvd", "avenue": "ave"}
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)\b")
_CHINESE_ROAD = re.compile(
    r"^(?P<name>.+?)(?P<dir>[東西南北])?(?P<kind>大道|路|街)(?:(?P<sec>\d+)段)?$"
)
_CHINESE_DIRECTION = {"東": "e", "西": "w", "南": "s", "北": "n"}
_CHINESE_KIND = {"路": "rd", "街": "st", "大道": "blvd"}


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _ORDINAL.sub(r"\1", _letters_kept(text).lower()))


def _latin_building(text: str) -> str:
    road = section = lane = alley = number = ""
    for token in (t.strip() for t in text.lower().split(",")):
        if found := _LATIN_NUMBER.match(token):
            number = found.group(1) + (f"之{found.group(2)}" if found.group(2) else "")
        elif found := _LATIN_COUNTED.match(token):
            kind, value = found.group(1)[:2], str(int(found.group(2)))
            if kind == "se":
                section = value
            elif kind == "al":
                alley = value
            else:
                lane = value
        else:
            if found := _LATIN_SECTION.search(token):  # "Zhongxiao E. Rd. Sec. 3" in one part
                section = str(int(found.group(1)))
                token = _LATIN_SECTION.sub("", token).strip()
            if not road and (found := _LATIN_ROAD.match(_letters_kept(token))):
                kind = found.group("kind")
                road = f"{_letters(found.group('name'))}|{found.group('dir') or ''}|"
                road += _LATIN_KIND.get(kind, kind)
    return f"{road}|{section}|{lane}|{alley}|{number}" if road and number else ""


def _letters_kept(token: str) -> str:
    """Diacritics dropped (Lüdao → ludao), the rest kept for the road pattern."""
    return "".join(c for c in unicodedata.normalize("NFKD", token) if not unicodedata.combining(c))


# At most this many readings of a road name (polyphonic characters: 重慶 chongqing, 木柵 muzha).
MAX_ROAD_READINGS = 8


def _chinese_buildings(parts: AddressParts) -> tuple[str, ...]:
    roads = _romanised_roads(parts.road)
    if not (roads and parts.number):
        return ()
    tail = f"|{parts.lane}|{parts.alley}|{parts.number}"
    return tuple(road + tail for road in roads)


@functools.lru_cache(maxsize=65_536)
def _romanised_roads(road: str) -> tuple[str, ...]:
    """忠孝東路4段 → zhongxiao|e|rd|4; a city has a few thousand roads, each worked out once."""
    found = _CHINESE_ROAD.match(road)
    if not found:
        return ()
    from pypinyin import Style, pinyin

    from safetynet.linkage.names import to_simplified

    # Simplified first: pypinyin's phrase readings are mostly for simplified characters. The
    # phrase's reading first, then each character's own readings (柵: zha and shan).
    name = to_simplified(found.group("name"))
    names = ["".join(r[0] for r in pinyin(name, style=Style.NORMAL))]
    combined = [""]
    for char in name:
        options = pinyin(char, style=Style.NORMAL, heteronym=True)[0]
        combined = [n + o for n in combined for o in options[:3]][:MAX_ROAD_READINGS]
    names += combined
    tail = f"|{_CHINESE_DIRECTION.get(found.group('dir') or '', '')}|"
    tail += f"{_CHINESE_KIND[found.group('kind')]}|{found.group('sec') or ''}"
    return tuple(dict.fromkeys(_letters(n.replace("v", "u")) + tail for n in names))


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def romanised_buildings(text: str, parts: AddressParts) -> tuple[str, ...]:
    """The building (road, section, lane, alley, number) with the road in toneless pinyin, for a
    Chinese address (from its parts; each reading of a polyphonic road name) or an English one
    (from its text); () when either is short of a road or a number. 萬大路332號5樓 and
    5F., No. 332, Wanda Rd. share a key."""
    value = unicodedata.normalize("NFKC", text or "")
    if not value:
        return ()
    if _CJK.search(value):
        return _chinese_buildings(parts)
    key = _latin_building(value)
    return (key,) if key else ()
