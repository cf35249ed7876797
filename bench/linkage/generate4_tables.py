"""The vocabulary of generator 4 (`bench/linkage/generate4.py`): names and their pools, the
characters that get confused for each other, the city's districts and roads, and the ways dates,
phones, floors and IDs are written. Data only; the error model and its rates are in generate4."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


class Choice(Generic[T]):
    """A weighted choice by bisection (one draw is cheaper than random.choices)."""

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        self.values: list[T] = []
        self.cum: list[float] = []
        total = 0.0
        for value, weight in pairs:
            total += weight
            self.values.append(value)
            self.cum.append(total)

    def __call__(self, rng: random.Random) -> T:
        return self.values[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


def items(text: str) -> list[list[str]]:
    return [item.split(":") for item in text.split()]


def groups(text: str) -> dict[str, str]:
    """Each character of a group maps to the others of its group."""
    return {c: group.replace(c, "") for group in text.split() for c in group}


# --- names ------------------------------------------------------------------------------------------

SURNAMES = Choice((s, float(w)) for s, w in items(
    "陳:105 林:82 張:62 黃:56 李:50 吳:40 王:38 劉:30 蔡:29 楊:27 許:22 廖:22 賴:22 鄭:18 謝:17"
    " 洪:15 郭:15 邱:14 曾:13 詹:12 徐:11 周:11 葉:11 蘇:10 莊:9 呂:9 江:9 何:8 蕭:8 羅:8 高:8"
    " 簡:7 潘:6 朱:6 鍾:6 游:6 彭:5 胡:5 施:5 沈:5 余:4 盧:4 梁:4 趙:4 顏:4 柯:4 翁:4 魏:3 孫:3"
    " 戴:3 范:3 方:3 宋:3 鄧:3 杜:2 傅:2 侯:2 曹:2 薛:2 丁:2 卓:2 馬:2 董:2 溫:2 唐:2 藍:2 蔣:2"
    " 石:2 紀:2 姚:2 連:2 馮:2 歐陽:1 張簡:1 范姜:0.5 司馬:0.3"))  # fmt: skip
GIVEN = {  # (cohort, sex): (first characters, second characters)
    (0, "M"): ("金清添進文明榮春永天萬福朝順坤火木德國", "水福財發雄德輝生昌來木得宗山成田旺義龍泉松枝土源"),
    (0, "F"): ("秀玉美月金春素麗寶碧招罔滿淑桂彩錦鳳雪梅蘭瓊", "英蘭珠枝花鳳雲琴娥霞妹蓮嬌卿治桃梅月珍香雪菊葉"),
    (1, "M"): ("志建國俊文明家正宗信忠榮永嘉振金清仁勝德世東", "明宏雄偉忠仁賢輝銘峰傑勝昌良祥龍成義德和民鴻彬"),
    (1, "F"): ("淑美秀麗惠玉雅素月碧玲佩秋春鳳靜", "芬惠娟玲珍華貞美蓮敏萍雲琴卿英慧鈴芳如"),
    (2, "M"): ("家俊冠志建宗承彥宇柏信育哲明偉政立嘉", "豪宏翔宇銘瑋傑霖賢廷佑文達凱勳安皓諺緯軒"),
    (2, "F"): ("雅怡佳淑欣宜筱詩思婉郁佩美惠瑋依心靜", "婷君穎慧雯琪涵如萱蓉芳玲芬瑜樺潔伶華琳"),
    (3, "M"): ("宥品承柏睿子宇彥冠翊恩昱奕宸祐禹博定", "辰廷睿恩翔宇軒安澤杰叡諺豪宸皓勛言碩佑霖"),
    (3, "F"): ("子語品芯苡羽詩宥沛欣芷以思恩歆妍若", "晴涵彤恩萱妍芯安歆寧柔芸甯瑄芊希璇菲綺媗"),
}  # fmt: skip
IND_SURNAMES = Choice((s, 1.0) for s in "高林陳田潘王黃李張曾金胡楊")
IND_SYLLABLES = items(
    "ya:雅 way:外 ta:達 li:利 ba:巴 yan:顏 wa:瓦 tan:旦 pi:比 hu:互 yu:尤 min:命 ha:哈 yung:勇"
    " ki:基 lu:魯 sa:撒 ka:卡 na:娜 ku:古 la:拉 mu:慕 si:絲 ma:瑪 no:諾 ni:妮 bu:布 wu:烏 pa:帕"
)  # fmt: skip
VN_SURNAMES = Choice(((s, z), float(w)) for s, z, w in items(
    "Nguyen:阮:38 Tran:陳:11 Le:黎:9 Pham:范:7 Hoang:黃:5 Vu:武:4 Dang:鄧:3 Bui:裴:3 Do:杜:3"
    " Ho:胡:2 Ngo:吳:2 Duong:楊:2"))  # fmt: skip
VN_GIVEN = items("Lan:蘭 Hoa:花 Huong:香 Mai:梅 Thu:秋 Nga:娥 Linh:玲 Phuong:芳 Yen:燕 Hong:紅"
                   " Dung:蓉 Hien:賢 Tuyet:雪 Thuy:翠 Ngoc:玉 Hanh:幸 Trinh:貞 Xuan:春 Loan:鸞")  # fmt: skip
ID_NAMES = items("Siti:西蒂 Dewi:黛薇 Sri:詩麗 Nur:努兒 Wati:瓦蒂 Rahayu:拉哈尤 Lestari:列絲塔莉"
                   " Susanti:蘇珊蒂 Yuliana:尤莉安娜 Ratna:拉特娜 Ani:阿妮 Wulandari:烏蘭達莉"
                   " Indah:茵達 Fitri:菲特莉 Puji:布吉 Astuti:阿絲圖蒂 Ningsih:寧希 Rina:莉娜")  # fmt: skip
PH_GIVEN = items("Maria:瑪麗亞 Ana:安娜 Joy:喬伊 Grace:葛瑞絲 Rose:蘿絲 Cristina:克莉絲汀娜"
                   " Jocelyn:喬瑟琳 Lorna:羅娜 Rowena:蘿薇娜 Marites:瑪麗特絲")  # fmt: skip
PH_SURNAMES = items("Santos:桑托斯 Reyes:雷耶斯 Cruz:克魯茲 Garcia:賈西亞 Bautista:包蒂斯塔"
                      " Mendoza:門多薩 Ramos:拉莫斯 Villanueva:維拉紐瓦")  # fmt: skip
ORIGINS = Choice((("VN", 0.6), ("ID", 0.25), ("PH", 0.15)))

# --- what goes wrong in a name --------------------------------------------------------------------

HOMOPHONES = groups(
    "明銘名鳴茗 華樺驊 玲伶苓齡鈴羚翎 惠慧蕙卉 輝暉徽 偉瑋維緯 君俊峻駿均鈞 志智芝致 宏弘鴻泓 紅虹"
    " 怡宜儀誼 逸翊亦奕 婷庭廷亭霆 佳家嘉珈 欣心馨芯昕歆新 宇雨語羽禹 玉郁育昱煜鈺 瑜妤予余俞于"
    " 豪浩皓昊 傑杰潔婕捷 軒萱璇宣瑄媗暄 涵翰晗瀚含 瑞睿叡芮蕊 彤桐童 美梅玫 芬紛 珍貞真禎甄"
    " 麗莉利立俐 英瑛鶯 穎盈瑩 清青卿晴 福富 財才彩采 榮蓉容融 忠中鍾鐘仲 國郭 建健劍堅 文雯紋"
    " 秀琇繡 淑舒書姝 珠朱 蘭藍嵐 月悅岳 雲芸筠韻 鳳峰鋒楓豐 琪琦淇棋祺 靜靖晶菁 承成誠程呈丞"
    " 彥晏雁燕妍 柏博伯 翔祥香湘 珊姍 辰宸晨陳臣 佩珮沛 如茹儒 娟涓鵑 萍平屏 敏民 春純淳 天添"
    " 勝聖昇盛 坤昆崑 源元媛原 昌長 和禾河賀何 全泉權銓 煌皇凰 仁任人 義益毅 賢嫻 順舜 旺望"
    " 龍隆 正政鄭 良亮梁 達大 哲喆 凱楷 宥祐佑 琴勤芹欽 桂貴 嬌姣 招昭 芊倩茜 澤擇 金錦進晉瑾"
    " 許徐 江姜蔣 盧陸魯 顏嚴閻 張章 李黎 劉柳 楊陽 吳伍武 邱丘 魏衛 戴代 范樊 方房 黃王 周洲"
)  # fmt: skip
SHAPES = groups(
    "王玉 陳陣 李季 曾會 賴瀨 徐涂 江汪 沈沉 余佘 楊揚 蔡祭 謝榭 溫温 張帳 廖蓼 莊壯 何河 梁樑"
    " 志忘 宇字 豪毫 思恩 亭享 廷延 晴睛 春舂 水永 良艮 進準 宜宣 玲鈴 福褔 德徳 柏栢 穎潁 達逹"
    " 妍姸 沛沸 佳住 珊柵 娟絹 錦綿 土士 末未 己已"
)  # fmt: skip
SIMPLIFIED = str.maketrans({a: b for a, b in items(
    "陳:陈 黃:黄 張:张 劉:刘 楊:杨 吳:吴 鄭:郑 謝:谢 許:许 蘇:苏 葉:叶 莊:庄 呂:吕 蕭:萧 羅:罗"
    " 鍾:钟 盧:卢 趙:赵 顏:颜 孫:孙 鄧:邓 賴:赖 華:华 麗:丽 偉:伟 國:国 賢:贤 龍:龙 鳳:凤"
    " 榮:荣 進:进 興:兴 貴:贵 義:义 銘:铭 傑:杰 儀:仪 鈴:铃 蓮:莲 嬌:娇 錦:锦 順:顺 財:财"
    " 發:发 豐:丰 輝:辉 勝:胜 寶:宝 雲:云 紅:红 慶:庆 東:东 蘭:兰 鴻:鸿 瑋:玮 軒:轩 穎:颖"
    " 潔:洁 樺:桦 齡:龄 靜:静 億:亿 誠:诚 憲:宪 凱:凯")})  # fmt: skip
FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "\u3000"})
SEPARATORS = Choice((("·", 5), ("‧", 2), ("・", 1), (".", 0.5), (" ", 1), ("", 0.5)))

# --- the city -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class District:
    zh: str
    en: str
    old_en: str  # Wade-Giles or Tongyong
    post: str
    county: str  # the Taichung County township it was until 2010 ("" for the old city)
    weight: float


@dataclass(frozen=True)
class Road:
    zh: str
    en: str
    old_en: str
    district: int
    sections: int


DISTRICTS = [District(z, e, o, p, "" if c == "-" else c, float(w)) for z, e, o, p, c, w in items(
    "中區:Central:Central:400:-:1 東區:East:East:401:-:3 南區:South:South:402:-:5"
    " 西區:West:West:403:-:5 北區:North:North:404:-:6 北屯區:Beitun:Peitun:406:-:11"
    " 西屯區:Xitun:Hsitun:407:-:9 南屯區:Nantun:Nantun:408:-:7 太平區:Taiping:Taiping:411:太平市:8"
    " 大里區:Dali:Tali:412:大里市:8 霧峰區:Wufeng:Wufeng:413:霧峰鄉:3 烏日區:Wuri:Wujih:414:烏日鄉:3"
    " 豐原區:Fengyuan:Fengyuan:420:豐原市:6 和平區:Heping:Hoping:424:和平鄉:0.5"
    " 潭子區:Tanzi:Tantzu:427:潭子鄉:4 大雅區:Daya:Taya:428:大雅鄉:4 沙鹿區:Shalu:Shalu:433:沙鹿鎮:4"
)]  # fmt: skip
DISTRICT_INDEX = {d.zh: i for i, d in enumerate(DISTRICTS)}
ROADS = [Road(z, e, o, DISTRICT_INDEX[d], int(s)) for z, e, o, d, s in items(
    "崇德路:Chongde:Chungte:北屯區:3 北屯路:Beitun:Peitun:北屯區:0 文心路:Wenxin:Wenhsin:北屯區:4"
    " 東山路:Dongshan:Tungshan:北屯區:2 太原路:Taiyuan:Taiyuan:北屯區:3 西屯路:Xitun:Hsitun:西屯區:3"
    " 臺灣大道:Taiwan:Taiwan:西屯區:4 福星路:Fuxing:Fuhsing:西屯區:0 逢甲路:Fengjia:Fengchia:西屯區:0"
    " 河南路:Henan:Honan:西屯區:3 南屯路:Nantun:Nantun:南屯區:2 公益路:Gongyi:Kungyi:南屯區:2"
    " 向上路:Xiangshang:Hsiangshang:南屯區:3 大墩路:Dadun:Tatun:南屯區:0 黎明路:Liming:Liming:南屯區:2"
    " 三民路:Sanmin:Sanmin:北區:3 中清路:Zhongqing:Jhongcing:北區:1 健行路:Jianxing:Chienhsing:北區:0"
    " 學士路:Xueshi:Hsuehshih:北區:0 中山路:Zhongshan:Chungshan:中區:0 民族路:Minzu:Mintsu:中區:0"
    " 進化路:Jinhua:Chinhua:東區:0 振興路:Zhenxing:Jhensing:東區:0 國光路:Guoguang:Kuokuang:南區:0"
    " 復興路:Fuxing:Fuhsing:南區:4 忠明南路:Zhongming_S.:Chungming_S.:南區:0"
    " 五權西路:Wuquan_W.:Wuchuan_W.:西區:1 美村路:Meicun:Meitsun:西區:2 精誠路:Jingcheng:Chingcheng:西區:0"
    " 中興路:Zhongxing:Chunghsing:太平區:0 樹孝路:Shuxiao:Shuhsiao:太平區:0 太平路:Taiping:Taiping:太平區:0"
    " 成功路:Chenggong:Chengkung:大里區:0 東榮路:Dongrong:Tungjung:大里區:0 中興路:Zhongxing:Jhongsing:大里區:2"
    " 中正路:Zhongzheng:Chungcheng:豐原區:0 三豐路:Sanfeng:Sanfeng:豐原區:2 中正路:Zhongzheng:Jhongjheng:霧峰區:0"
    " 四德路:Side:Szute:霧峰區:0 中山路:Zhongshan:Jhongshan:潭子區:3 潭興路:Tanxing:Tanhsing:潭子區:2"
    " 中清路:Zhongqing:Chungching:大雅區:4 學府路:Xuefu:Hsuehfu:大雅區:0 中山路:Zhongshan:Chungshan:烏日區:3"
    " 中山路:Zhongshan:Chungshan:沙鹿區:0 光華路:Guanghua:Kuanghua:沙鹿區:0 東關路:Dongguan:Tungkuan:和平區:3"
)]  # fmt: skip
ROADS_OF = [[i for i, r in enumerate(ROADS) if r.district == d] for d in range(len(DISTRICTS))]
DISTRICT_CHOICE = Choice((i, d.weight) for i, d in enumerate(DISTRICTS))
LI_FIRST, LI_SECOND = (
    "福新永平光仁和中大東西南北興德安文民長昌豐富忠義",
    "安興德和平榮成山林田美華正順明",
)
CN_DIGITS = "〇一二三四五六七八九"

# --- how things are written ----------------------------------------------------------------------

DATE_FORMS: dict[str, Callable[[int, int, int], str]] = {
    "roc_slash": lambda y, m, d: f"{y - 1911}/{m:02d}/{d:02d}",
    "roc7": lambda y, m, d: f"{y - 1911:03d}{m:02d}{d:02d}",
    "roc_cn": lambda y, m, d: f"民國{y - 1911}年{m}月{d}日",
    "ad_dash": lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
    "ad_slash": lambda y, m, d: f"{y}/{m}/{d}",
    "ad_dmy": lambda y, m, d: f"{d:02d}/{m:02d}/{y}",
    "excel": lambda y, m, d: f"{y}-{m:02d}-{d:02d} 00:00:00",
    "excel_tw": lambda y, m, d: f"{y}/{m}/{d} 上午 12:00:00",
    "serial": lambda y, m, d: str((dt.date(y, m, d) - dt.date(1899, 12, 30)).days),  # Excel
}
MOBILE_FORMS: Choice[Callable[[str], str]] = Choice((
    (lambda n: f"{n[:4]}-{n[4:7]}-{n[7:]}", 35), (lambda n: n, 30),
    (lambda n: f"{n[:4]} {n[4:7]} {n[7:]}", 5), (lambda n: f"{n[:4]}-{n[4:]}", 10),
    (lambda n: f"+886-{n[1:4]}-{n[4:7]}-{n[7:]}", 8), (lambda n: f"+886{n[1:]}", 8),
    (lambda n: f"886{n[1:]}", 4)))  # fmt: skip
LANDLINE_FORMS: Choice[Callable[[str], str]] = Choice((
    (lambda n: f"04-{n[2:6]}-{n[6:]}", 35), (lambda n: f"(04){n[2:6]}-{n[6:]}", 20),
    (lambda n: f"04-{n[2:]}", 15), (lambda n: n, 10), (lambda n: f"{n[2:6]}-{n[6:]}", 10),
    (lambda n: f"+886-4-{n[2:6]}-{n[6:]}", 5), (lambda n: f"(04){n[2:]}#{n[-3:]}", 5)))  # fmt: skip
FLOOR_FORMS: Choice[Callable[[int, int], str]] = Choice((
    (lambda f, r: f"{f}樓" + (f"之{r}" if r else ""), 50),
    (lambda f, r: f"{cn(f)}樓" + (f"之{cn(r)}" if r else ""), 30),
    (lambda f, r: f"{f}F" + (f"-{r}" if r else ""), 15), (lambda f, r: f"{f}f", 5)))  # fmt: skip
ID_STYLES: Choice[Callable[[str], str]] = Choice((
    (lambda v: v[0].lower() + v[1:], 3), (lambda v: v.translate(FULLWIDTH), 1.5),
    (lambda v: f"{v[0]} {v[1:]}", 1.5), (lambda v: f"{v[:1]}-{v[1:5]}-{v[5:]}", 1),
    (lambda v: v + " ", 1), (lambda v: f"{v[:4]} {v[4:7]} {v[7:]}", 1)))  # fmt: skip


def cn(n: int) -> str:
    """Chinese numerals up to 999 (十二, 一百零五, 一百一十)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[units] if units else "")
    hundreds, rest = divmod(n, 100)
    head = CN_DIGITS[hundreds] + "百"
    if rest == 0:
        return head
    return head + ("零" + CN_DIGITS[rest] if rest < 10 else ("一" if rest < 20 else "") + cn(rest))
