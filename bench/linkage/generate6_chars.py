"""Generator 6: character-level slips in Chinese names (see generate6 for the spec)."""

from __future__ import annotations

import random

# Characters a clerk types for a name heard aloud (same Mandarin syllable, or the Taiwanese-accent
# merges huang/wang, zhou/zou, wu/hu), each followed by its usual substitutes.
_HOMOPHONES = (
    "怡宜儀 宜怡儀 儀怡宜 婷庭亭 庭婷廷 亭婷庭 廷庭霆 君均鈞 均君鈞 鈞均君 雅亞 雯文聞 惠慧蕙 "
    "慧惠蕙 珍真禎 貞珍禎 玲鈴齡苓 鈴玲齡 娟涓鵑 華樺驊 美媄 秀琇綉 琇秀 蘭嵐 蓮連 英瑛鶯 瑛英 "
    "玉鈺育 鈺玉育 鳳奉 雲芸耘 芸雲妘 明銘鳴 銘明鳴 豪濠 偉瑋緯暐 瑋偉緯 宏鴻弘泓 鴻宏弘 "
    "翰瀚漢 涵含晗 萱瑄宣暄 瑄萱宣 妤予瑜 妍研 彥晏 傑杰潔 杰傑 志智誌 智志致 俊峻駿 峻俊駿 "
    "賢嫻弦 成承誠丞 承成丞 誠成承 宇羽雨禹 羽宇雨 禹宇羽 睿瑞叡 叡睿瑞 瑞睿叡 辰晨宸臣 晨辰宸 "
    "宸辰晨 翔祥詳 祥翔 佑祐宥 祐佑宥 宥佑祐 柏伯博 伯柏 晴情擎 蓁臻 臻蓁 彤桐潼 詠泳永 語雨羽 "
    "芯心欣 心芯欣 欣心馨 馨欣 穎瑩盈 瑩盈穎 盈瑩 筑竹築 琪祺琦綺 綺琪琦 琦琪綺 凱愷鎧 文雯聞 "
    "彬斌濱 斌彬 建健 健建 家佳嘉 佳家嘉 嘉佳家 霖琳麟 琳霖 倫綸 綸倫 軒萱宣 諺彥晏 勳薰 維惟唯 "
    "惟維 昱育郁 郁育昱 育郁昱 靜靖 婉宛琬 思絲 詩施 月悅 嬌姣 萍平屏蘋 純淳 淳純 蓉容榮 "
    "芳方 梅玫 珠朱 香湘 枝芝 桂貴 財材 雄熊 龍隆 輝暉煇 暉輝 德得 生昇升 昇生 清青卿 正政 "
    "政正 中忠仲 忠中 勝聖盛 聖勝 亮諒 信鑫 興馨 昌長 耀曜 曜耀 哲喆 冠官 子梓紫 梓子 芷祉 "
    "佩珮姵 珮佩 姵佩珮 沛佩霈 芊千 可珂 以苡依 苡以依 依伊以 彩采 采彩 黃王 王黃 周鄒 鄒周 "
    "吳胡 胡吳 許徐 徐許 張章 李黎 劉柳 游尤 余于 邱丘 鍾鐘 鐘鍾 涂凃 凃涂"
)
HOMOPHONES: dict[str, str] = {w[0]: w[1:] for w in _HOMOPHONES.split()}

# The same character in another standard form (台/臺, 溫/温 ...): both forms occur in systems.
_VARIANTS = "溫温 黃黄 峰峯 群羣 啟啓 繡綉 嫻嫺 妍姸 恆恒 真眞 清淸 鳳鳯 吳吴 姍姗 為爲 臺台 裡裏 秘祕 衛衞 麵麪 着著"
VARIANTS: dict[str, str] = {}
for _pair in _VARIANTS.split():
    if _pair[0] != _pair[1]:
        VARIANTS[_pair[0]] = _pair[1]
        VARIANTS.setdefault(_pair[1], _pair[0])

# Traditional -> simplified for the characters of our name pools (mainland spouses' documents,
# and the occasional input method left in simplified mode).
_SIMPLIFIED = (
    "陳陈 張张 劉刘 楊杨 黃黄 趙赵 吳吴 孫孙 馬马 羅罗 鄭郑 謝谢 葉叶 蘇苏 許许 鍾钟 鐘钟 龔龚 "
    "賴赖 蕭萧 盧卢 顏颜 鄧邓 馮冯 歐欧 湯汤 錢钱 譚谭 駱骆 韓韩 嚴严 陸陆 簡简 莊庄 呂吕 "
    "蔣蒋 紀纪 連连 萬万 溫温 藍蓝 鄒邹 顧顾 饒饶 闕阙 龍龙 韋韦 麥麦 賀贺 賈贾 關关 華华 "
    "魯鲁 塗涂 鮑鲍 麗丽 紅红 艷艳 靜静 蘭兰 曉晓 偉伟 傑杰 強强 國国 榮荣 輝辉 鳳凤 雲云 "
    "貞贞 儀仪 瑩莹 穎颖 詩诗 彥彦 銘铭 賢贤 維维 勳勋 軒轩 諺谚 綺绮 瑋玮 鑾銮 嬌娇 寶宝 "
    "進进 興兴 財财 順顺 發发 義义 樹树 錦锦 聰聪 勝胜 憲宪 東东 昇升 葉叶 鈺钰 筆笔 "
    "瑤瑶 綉绣 鵑鹃 蓮莲 雙双 鶯莺 凱凯 綸纶 倫伦 樺桦 驊骅 鴻鸿 漢汉 "
    "禎祯 齡龄 鈴铃 專专 郵邮 鄉乡 區区 號号 樓楼 縣县 鎮镇 鄰邻 臺台 門门 滿满 "
    "淵渊 億亿 陽阳 愛爱 謙谦 碩硕 閎闳 寧宁 潔洁 樂乐 喬乔 萬万 "
)
SIMPLIFIED: dict[str, str] = {
    p[0]: p[1] for p in _SIMPLIFIED.split() if len(p) == 2 and p[0] != p[1]
}


def homophone(rng: random.Random, name: str, start: int = 0) -> str:
    """name with one character of name[start:] swapped for one heard the same (if any has one)."""
    spots = [i for i in range(start, len(name)) if name[i] in HOMOPHONES]
    if not spots:
        return name
    i = spots[int(rng.random() * len(spots))]
    subs = HOMOPHONES[name[i]]
    return name[:i] + subs[int(rng.random() * len(subs))] + name[i + 1 :]


def variant(name: str) -> str:
    """Every character that has another standard form, in that form."""
    return "".join(VARIANTS.get(c, c) for c in name)


def has_variant(name: str) -> bool:
    return any(c in VARIANTS for c in name)


def simplified(name: str) -> str:
    return "".join(SIMPLIFIED.get(c, c) for c in name)


def nickname(given: str, child: bool) -> str:
    """阿明 for 志明; 小明 for a child."""
    last = given[-1] if given else "明"
    return ("小" if child else "阿") + last


def title(surname: str, sex: int, age: int, role: str) -> str:
    """What a caller calls someone whose given name they do not know: 陳小姐, 林媽媽, 王阿嬤."""
    if age >= 65:
        return surname + ("阿公" if sex == 1 else "阿嬤")
    if role == "parent":
        return surname + ("爸爸" if sex == 1 else "媽媽")
    if sex == 1:
        return surname + "先生"
    return surname + ("太太" if age >= 40 else "小姐")
