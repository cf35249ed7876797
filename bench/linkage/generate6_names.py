"""Generator 6: invented personal names (see generate6 for the spec).

Surnames follow Taiwan's published surname shares; given names come from pools by sex and birth
era, a Zipf-weighted head of popular names plus two-character combinations for the tail, so that
common full names recur as they do in a real population.
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

# Share per 10,000 people (rounded from the interior ministry's surname statistics).
_SURNAMES = (
    "陳1113 林828 黃601 張529 李512 王413 吳404 劉316 蔡293 楊264 許233 鄭191 謝180 洪155 "
    "郭153 邱147 曾144 廖132 賴132 徐122 周113 葉110 蘇108 莊94 呂89 江88 何87 蕭81 羅80 "
    "高78 潘63 簡62 朱62 鍾60 游56 彭55 詹54 胡52 施51 沈49 余47 盧46 梁46 趙45 顏44 柯42 "
    "翁41 魏38 孫36 戴34 范32 方31 宋30 鄧27 杜24 傅24 侯23 曹22 薛21 丁20 卓20 阮19 馬18 "
    "董17 溫16 唐16 藍16 石15 蔣15 古14 紀14 姚13 連13 馮13 歐12 程12 湯12 黎11 田11 康11 "
    "姜11 白10 汪10 鄒10 尤10 巫10 鐘10 涂9 龔8 嚴8 韓8 袁8 金8 童7 陸7 夏7 柳6 凃6 邵6 "
    "錢5 伍5 倪5 于5 譚5 駱5 熊5 任5 甘5 秦5 顧4 毛4 章4 史4 官4 萬4 俞4 雷4 粘4 饒4 "
    "張簡3 闕3 凌3 崔3 尹3 孔3 辛3 歐陽3 辜3 陶3 易3 段3 龍3 韋3 池3 葛3 褚2 孟2 麥2 殷2 "
    "莫2 文2 賀2 賈2 管2 關2 包2 向2 丘2 范姜2 梅2 華2 裴2 利2 全2 樊2 房2 佘2 左2 魯2 "
    "塗2 穆2 鮑2 蒲2 郝2 谷2 邢2 司馬1 諸葛1 上官1 端木1"
)
_INDIGENOUS_HAN_SURNAMES = "高8 林8 陳8 潘6 王6 張6 李5 黃5 田4 馬3 胡3 朱3 吳3 劉3 楊3 許2 古2 曾2 蔡2 金2 全1 余1 杜1 宋1 羅1"
_MAINLAND_SURNAMES = "王9 李9 張8 劉7 陳6 楊5 黃4 趙4 吳4 周3 徐3 孫3 馬2 朱2 胡2 郭2 何2 高2 林2 羅2 鄭2 梁2 謝2 宋1 唐1"


def _weighted(spec: str) -> tuple[list[str], list[float]]:
    names: list[str] = []
    weights: list[float] = []
    for token in spec.split():
        cut = next(i for i, ch in enumerate(token) if ch.isdigit())
        names.append(token[:cut])
        weights.append(float(token[cut:]))
    return names, list(accumulate(weights))


class Pool:
    """Items with cumulative weights; draw() is one uniform draw and a bisect."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items: list[str], cum: list[float]) -> None:
        self.items = items
        self.cum = cum
        self.total = cum[-1]

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect(self.cum, rng.random() * self.total)]


def zipf_pool(words: str, exponent: float) -> Pool:
    items = words.split()
    return Pool(items, list(accumulate(1.0 / (rank + 1) ** exponent for rank in range(len(items)))))


SURNAMES = Pool(*_weighted(_SURNAMES))
INDIGENOUS_HAN_SURNAMES = Pool(*_weighted(_INDIGENOUS_HAN_SURNAMES))
MAINLAND_SURNAMES = Pool(*_weighted(_MAINLAND_SURNAMES))

# Birth eras: 0 before 1950, 1 1950-64, 2 1965-79, 3 1980-94, 4 1995-2009, 5 from 2010.
_TOP_MALE = (
    "金龍 清水 萬福 正雄 文雄 天賜 火土 進財 添丁 榮華 明德 永福 金水 阿土 春生 國雄 金生 清風 "
    "振興 萬得 福來 文章 水木 阿火 金樹 火旺 榮貴 阿發 德旺 清輝",
    "正雄 文雄 明德 俊雄 國雄 榮華 金龍 明輝 清吉 文正 建華 志明 國華 明哲 永昌 順發 聰明 進興 "
    "明華 建國 文欽 錦堂 嘉雄 勝雄 永明 宗明 文賢 金城 國榮 明宗",
    "志明 俊宏 建宏 志偉 文彬 明輝 志強 建志 國華 俊傑 志成 信宏 家銘 志宏 俊賢 文忠 振宏 宗憲 "
    "志豪 耀文 建良 育仁 明忠 正宏 世昌 東昇 文華 永祥 俊良 嘉宏",
    "家豪 志豪 冠宇 建宏 俊宏 承翰 宗翰 志偉 彥廷 柏翰 冠廷 家銘 哲瑋 俊廷 信宏 致遠 明哲 冠宏 "
    "家瑋 凱文 育賢 俊賢 建良 彥宏 宗霖 冠霖 昱廷 柏宏 偉傑 士傑",
    "承恩 宇翔 柏宇 冠霖 承翰 宥廷 品睿 子翔 彥宇 柏翰 冠宇 家瑋 宇軒 俊宇 柏諺 祐銘 彥廷 冠廷 "
    "宗翰 承佑 宥任 育誠 品諺 柏均 子傑 哲宇 宇辰 柏霖 承諺 睿恩",
    "宥辰 品睿 宸睿 承恩 宇恩 睿恩 禹安 柏睿 宥翔 品叡 子睿 恩宇 宥安 承佑 聿宸 晨睿 宥程 宸宇 "
    "品澔 睿宸 宥勳 宇宸 柏宇 以恩 恩睿 宥成 子宸 品宏 允睿 昕睿",
)
_TOP_FEMALE = (
    "秀英 玉蘭 罔市 月英 阿春 玉梅 秀琴 金蓮 阿嬌 春桃 秀鑾 碧霞 阿秀 素月 玉英 金枝 阿桃 秀蘭 "
    "玉霞 麗卿 月娥 寶珠 金鳳 阿滿 罔腰 秀鳳 阿雪 玉葉 阿梅 春美",
    "秀英 美惠 麗華 秀琴 淑貞 秀蘭 玉蘭 麗珠 美玉 秀玲 玉霞 素珍 淑惠 碧霞 美珠 月娥 秀鳳 麗卿 "
    "春美 惠美 淑華 寶玉 麗雲 玉珠 秀月 美雲 雪霞 秀枝 玉琴 秀珍",
    "淑芬 美玲 雅惠 淑惠 麗娟 美惠 淑娟 惠美 秀玲 美珍 淑華 玉玲 麗玲 佩玲 淑貞 靜宜 惠如 美華 "
    "淑玲 秀娟 月嬌 麗雯 素娟 佩珊 雅玲 慧玲 美芳 淑慧 素貞 麗美",
    "怡君 雅婷 佳穎 怡婷 雅雯 宜蓁 佩君 欣怡 詩涵 婉婷 郁婷 雅琪 依婷 淑婷 思穎 佳蓉 怡如 雅筑 "
    "佳慧 靜怡 宜君 筱婷 惠婷 佩珊 家瑜 雅芳 雅萍 佳玲 嘉玲 美君",
    "宜庭 詩涵 子涵 欣妤 品妍 郁涵 宜蓁 思妤 佳穎 雅筑 芷瑄 子晴 家瑜 筱涵 詠晴 亭妤 欣儀 宜臻 "
    "佳蓉 郁婷 雨涵 心怡 婕妤 怡萱 昀蓁 于婷 采潔 品萱 思婷 佳恩",
    "品妍 子晴 詠晴 芯妤 宥蓁 語彤 品蓁 羽彤 子芸 以晴 苡安 沛晴 芊妤 語晨 可晴 宥萱 品彤 子喬 "
    "詠心 恩綺 語涵 予晴 禹彤 宥恩 若晴 晨恩 芷瑜 芮安 姵妤 詩晴",
)
# Characters for the long tail: (first, second) per sex for old (eras 0-1), middle (2-3) and
# young (4-5) names.
_CHARS_MALE = (
    (
        "金清永明文國正榮進萬德天春福建錦勝順水茂阿火添坤朝樹松忠義昭炳俊宗輝耀振慶再長石江秋傳銘有",
        "雄龍德福財明輝發興生華昌山水木土旺成源吉祥榮泉和松田章郎義仁雲堂城波欽宏川海益通全勇芳彬",
    ),
    (
        "志俊建家宗文明信國冠承哲育世彥偉振耀嘉政昭宏正瑞凱智立柏佳書士啟英光裕永宇鴻達佑仁銘元禎",
        "宏豪偉明傑翰銘廷賢良仁成輝文彬德強志中華忠昌達宇霖瑋勳維凱源祥安民儒龍毅雄誠斌鈞展杰倫豐銓",
    ),
    (
        "宥品承宇柏子睿宸恩禹聿晨冠彥俊家翊昱祐哲允以奕浩語亮定紹秉鈞博皓立景致竣洺霆維崇少易閔凱尚",
        "辰睿恩翔宇安佑廷叡宸程勳澔成軒諺均霖翰杰碩維綸希熙倫哲謙瑋閎宏澤霆傑凱豪齊穎緯寬誠文佐言賢",
    ),
)
_CHARS_FEMALE = (
    (
        "秀玉美麗淑月金春素碧寶雪阿惠錦彩桂鳳瓊英銀梅蘭滿珠燕文招罔足幸菊雲嬌桃香好貴綉瑞品甘",
        "英蘭珠琴華玉霞鳳雲娥貞珍枝月梅嬌桃蓮卿美香妹鑾雪葉花好惠金菊娘鶯緞女治環仔秋綢珊燕麗容",
    ),
    (
        "淑美雅麗惠佩怡佳秀靜宜玉郁欣婉思筱詩家慧瑞曉嘉雪素依春碧彩珮育芳琬玟若宛文真湘鈺明蕙淳珊芷",
        "芬玲惠娟婷君華珍貞如雯萍芳珊宜慧瑩琪穎蓉怡鈴菁琳雲媛鳳蘭嫻儀真綺伶瑜瑄樺茹瑤涵薇潔純敏靜美",
    ),
    (
        "品子詠芯宥語羽以苡沛芊可若晨芷芮姵詩欣思宜佳亭妤昀采心雨家恩妍郁筱婕瑀歆璦祐亞凱意喬書容妘",
        "妍晴妤蓁彤芸安萱喬心綺涵恩瑜樂潔臻庭寧甯希璇瑄柔馨婕熙霏菲榆婷儀瑩蓉穎禎歆媛琪怡語芯璟淇葳",
    ),
)
_TOP_POOLS = [[zipf_pool(e, 0.6) for e in eras] for eras in (_TOP_MALE, _TOP_FEMALE)]
_CHAR_POOLS = [
    [(zipf_pool(" ".join(a), 0.4), zipf_pool(" ".join(b), 0.4)) for a, b in group]
    for group in (_CHARS_MALE, _CHARS_FEMALE)
]
TOP_SHARE = 0.08  # given names drawn from the popular head; the rest are combinations
SINGLE_CHAR_SHARE = (0.03, 0.02, 0.015, 0.01, 0.006, 0.004)  # one-character given names by era

MAINLAND_GIVEN = zipf_pool(
    "麗 麗華 紅梅 艷 靜 芳 秀蘭 海燕 曉燕 春梅 麗娟 玉梅 小紅 燕 敏 霞 琴 丹 婷 雪梅 桂英 玉蘭 "
    "秀英 麗萍 美玲 慧 娟 萍 曉麗 建芳 玉珍 雪 春燕 麗娜 美華 秀梅 紅 英 娜 琳 靜怡 小燕 金鳳 翠萍 "
    "紅霞 麗紅 秀珍 彩霞 海霞 玉霞 曉紅 春花 麗芳 小芳 秋菊 美娟 冬梅 月紅 艷紅 佳",
    0.5,
)


def era_of(year: int) -> int:
    if year < 1950:
        return 0
    if year < 1965:
        return 1
    if year < 1980:
        return 2
    if year < 1995:
        return 3
    if year < 2010:
        return 4
    return 5


def given_name(rng: random.Random, female: bool, year: int, first: str = "") -> str:
    """A given name; `first` forces a shared generation character (字輩) as the first one."""
    era = era_of(year)
    sex = 1 if female else 0
    firsts, seconds = _CHAR_POOLS[sex][min(era // 2, 2)]
    if first:
        return first + seconds.draw(rng)
    if rng.random() < SINGLE_CHAR_SHARE[era]:
        return seconds.draw(rng)
    if rng.random() < TOP_SHARE:
        return _TOP_POOLS[sex][era].draw(rng)
    a = firsts.draw(rng)
    b = seconds.draw(rng)
    while b == a:
        b = seconds.draw(rng)
    return a + b


def generation_char(rng: random.Random, female: bool, year: int) -> str:
    return _CHAR_POOLS[1 if female else 0][min(era_of(year) // 2, 2)][0].draw(rng)


# New residents: (latin family name, Chinese transliteration) and given names by origin.
_VN_FAMILY = (
    "NGUYEN:Nguyễn:阮:38 TRAN:Trần:陳:11 LE:Lê:黎:9 PHAM:Phạm:范:7 HOANG:Hoàng:黃:4 "
    "HUYNH:Huỳnh:黃:3 PHAN:Phan:潘:4 VU:Vũ:武:3 VO:Võ:武:3 DANG:Đặng:鄧:2 BUI:Bùi:裴:2 "
    "DO:Đỗ:杜:2 HO:Hồ:胡:2 NGO:Ngô:吳:2 DUONG:Dương:楊:1 LY:Lý:李:1"
)
_VN_GIVEN = (
    "HOA:Hoa:花 MAI:Mai:梅 LAN:Lan:蘭 HUONG:Hương:香 THU:Thu:秋 HANG:Hằng:姮 LINH:Linh:玲 "
    "NGOC:Ngọc:玉 TRANG:Trang:妝 PHUONG:Phương:芳 HANH:Hạnh:幸 NHUNG:Nhung:絨 THUY:Thủy:翠 "
    "DUNG:Dung:蓉 YEN:Yến:燕 LOAN:Loan:鸞 DIEM:Diễm:艷 TUYET:Tuyết:雪 HIEN:Hiền:賢 NGA:Nga:娥 "
    "LIEN:Liên:蓮 THAO:Thảo:草 VAN:Vân:雲 KIM:Kim:金"
)
# Other origins: given names | family names | one-word names (Indonesians often have one name).
_OTHER_NAMES = {
    "ID": (
        "SITI SRI DEWI NUR TRI ENDANG RINA LINDA SUSI YULI NENG EKA DWI WULAN RATNA INDAH",
        "AMINAH WAHYUNI LESTARI HAYATI RAHAYU SUSANTI KURNIASIH WATI SARI ANGGRAINI PURWANTI "
        "HANDAYANI SETIAWATI NINGSIH",
        "SUMIATI MULYANI YULIANTI SUPARMI KASMINI TARSIH WARSINAH SUNARTI",
    ),
    "PH": (
        "MARIA|ANA MARIE|JOCELYN|MARILOU|ROSALIE|JENNIFER|MARICEL|LORNA|MARY JANE|CRISTINA|JOY|"
        "ROWENA",
        "SANTOS|REYES|DELA CRUZ|GARCIA|MENDOZA|BAUTISTA|VILLANUEVA|AQUINO|RAMOS|TORRES|FLORES|"
        "CASTILLO",
        "",
    ),
    "TH": (
        "NARUEMON SOMPONG PORNTHIP WANIDA SUPAPORN KANYA MALEE SIRIPORN ORATAI RATCHANEE",
        "SRISUK KAEWTA CHAIYA BOONMA INTHONG SAENGTHONG PHROMMA SUKSAWAT",
        "",
    ),
    "KH": (
        "SOKHA SREYMOM CHANTHA DARA SOPHEAP BOPHA CHANNA",
        "CHAN KEO PHAL SOK CHEA HENG MEAS",
        "",
    ),
}
FAMILY_FIRST = ("VN", "KH")  # name order on the certificate: family name first


def _vn_table(spec: str) -> tuple[list[tuple[str, str, str]], list[float]]:
    rows: list[tuple[str, str, str]] = []
    weights: list[float] = []
    for token in spec.split():
        parts = token.split(":")
        rows.append((parts[0], parts[1], parts[2]))
        weights.append(float(parts[3]) if len(parts) > 3 else 1.0)
    return rows, list(accumulate(weights))


_VN_FAM_ROWS, _VN_FAM_CUM = _vn_table(_VN_FAMILY)
_VN_GIVEN_ROWS, _ = _vn_table(_VN_GIVEN)


class Foreign:
    """A new resident's name as written on the resident certificate, and its variants."""

    __slots__ = ("family", "given", "han", "origin", "plain")

    def __init__(self, origin: str, family: str, given: str, plain: str, han: str) -> None:
        self.origin = origin
        self.family = family  # latin family name, upper case ("" when the name is one word)
        self.given = given  # latin given names, upper case
        self.plain = plain  # the name with diacritics where the language has them
        self.han = han  # a Chinese transliteration on the certificate, or ""


def foreign_name(rng: random.Random, origin: str, female: bool) -> Foreign:
    if origin == "VN":
        fam = _VN_FAM_ROWS[bisect(_VN_FAM_CUM, rng.random() * _VN_FAM_CUM[-1])]
        g = _VN_GIVEN_ROWS[int(rng.random() * len(_VN_GIVEN_ROWS))]
        mid = ("THI", "Thị", "氏") if female else ("VAN", "Văn", "文")
        if female and rng.random() < 0.25:
            g2 = _VN_GIVEN_ROWS[int(rng.random() * len(_VN_GIVEN_ROWS))]
            if g2 != g:
                mid = (f"THI {g2[0]}", f"Thị {g2[1]}", "氏" + g2[2])
        given = f"{mid[0]} {g[0]}"
        plain = f"{fam[1]} {mid[1]} {g[1]}"
        return Foreign(origin, fam[0], given, plain, fam[2] + mid[2] + g[2])
    givens, families, singles = (
        [w for w in part.split("|" if "|" in part else None) if w] for part in _OTHER_NAMES[origin]
    )
    r = rng.random
    if singles and r() < 0.3:
        one = singles[int(r() * len(singles))]
        return Foreign(origin, "", one, one, "")
    given = givens[int(r() * len(givens))]
    family = families[int(r() * len(families))]
    full = f"{family} {given}" if origin in FAMILY_FIRST else f"{given} {family}"
    return Foreign(origin, family, given, full, "")


# Indigenous traditional names: (Han transliteration, romanisation, female?) per people.
_INDIGENOUS_GIVEN = (
    "馬耀:Mayaw:0 卡造:Kacaw:0 古拉斯:Kolas:0 查勞:Calaw:0 阿浪:Alang:0 拉菲:Lafay:1 巴奈:Panay:1 "
    "伊拜:Ipay:1 東尼:Dongi:1 瓦旦:Watan:0 尤幹:Yukan:0 比令:Pilin:0 達利:Tali:0 哈勇:Hayung:0 "
    "鐵木:Temu:0 雅外:Yaway:1 拉娃:Lawa:1 莎韻:Sayun:1 比勇:Biung:0 沙飛:Savi:0 依布:Ibu:1 "
    "烏瑪芙:Umav:1 慕阿凱:Muakai:1 古依:Kui:0"
)
INDIGENOUS_GIVEN = [
    (h, r, f == "1") for h, r, f in (t.split(":") for t in _INDIGENOUS_GIVEN.split())
]


def indigenous_name(rng: random.Random, female: bool) -> tuple[str, str]:
    """A traditional name: (Han transliteration with the official dot, romanisation)."""
    own = [x for x in INDIGENOUS_GIVEN if x[2] == female]
    a = own[int(rng.random() * len(own))]
    b = INDIGENOUS_GIVEN[int(rng.random() * len(INDIGENOUS_GIVEN))]
    return f"{a[0]}．{b[0]}", f"{a[1]} {b[1]}"
