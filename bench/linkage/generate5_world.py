"""Generator 5: the static world of Kaohsiung (districts, roads, names, character confusions).

Everything here is either public geography (district names, postcodes, road names) or invented
pools of characters; no table holds a real person's name.
"""

from __future__ import annotations


def words(text: str) -> list[str]:
    return text.split()


# District: name, postcode, weight (thousands of residents, rounded), the pre-2010 county-era name
# ("" for the old city), landline prefixes after (07), roads. "路#3" is a road with 段 1..3.
# A district with few roads also has addresses made of 里/鄰/號 alone.
DISTRICTS: tuple[tuple[str, int, int, str, str, str], ...] = (
    (
        "新興區",
        800,
        48,
        "",
        "22 23 24",
        "中山一路 中正三路 七賢一路 民生一路 林森一路 復興一路 六合一路 南華路 大同一路 八德一路 五福二路",
    ),
    (
        "前金區",
        801,
        26,
        "",
        "21 25 26",
        "中正四路 成功一路 自強一路 七賢二路 五福三路 河東路 市中一路 大同二路 中華三路 六合二路",
    ),
    (
        "苓雅區",
        802,
        165,
        "",
        "33 71 72",
        "四維三路 中正一路 中華四路 青年一路 三多一路 三多二路 英明路 光華一路 武廟路 建國一路 自強三路 福德三路 凱旋一路 興中一路 林德街 和平一路",
    ),
    (
        "鹽埕區",
        803,
        22,
        "",
        "52 53 55",
        "大勇路 大仁路 七賢三路 五福四路 公園二路 新樂街 瀨南街 大公路 富野路",
    ),
    (
        "鼓山區",
        804,
        140,
        "",
        "52 55 58",
        "美術東二路 明誠四路 裕誠路 中華一路 臨海二路 鼓山一路 鼓山二路 九如四路 河西路 龍德路 濱海一路 青海路 華榮路 馬卡道路",
    ),
    ("旗津區", 805, 27, "", "57", "旗津三路 中洲三路 通山路 廟前路 旗津二路 中洲二路"),
    (
        "前鎮區",
        806,
        180,
        "",
        "33 82 84",
        "中山二路 中山三路 一心一路 二聖一路 翠亨北路 瑞隆路 瑞南街 班超路 草衙二路 復興三路 成功二路 光華二路 凱旋三路 鎮中路 沱江街 民權二路 廣東三街",
    ),
    (
        "三民區",
        807,
        330,
        "",
        "31 38 39",
        "建國二路 建工路 大昌一路 大昌二路 九如一路 九如二路 民族一路 鼎山街 天祥一路 覺民路 十全一路 十全二路 熱河一街 正忠路 察哈爾二街 博愛一路 同盟一路 陽明路 明仁路 義華路 大順二路 自立一路 澄清路 吉林街",
    ),
    (
        "楠梓區",
        811,
        190,
        "",
        "35 36 59",
        "楠梓路 德民路 右昌街 加昌路 土庫一路 藍田路 後昌路 惠民路 興楠路 建楠路 楠陽路 大學東路 朝明路 德賢路 軍校路",
    ),
    (
        "小港區",
        812,
        155,
        "",
        "80 87",
        "沿海一路 漢民路 宏平路 山明路 中安路 小港路 平和東路 宏光路 店鎮街 大業北路 學府路 松和路 二苓路 桂陽路",
    ),
    (
        "左營區",
        813,
        195,
        "",
        "55 58 34",
        "博愛二路 博愛三路 重愛路 左營大路 自由二路 自由三路 明華一路 文自路 翠華路 華夏路 富國路 立大路 至聖路 勝利路 崇德路 新莊一路 大中二路 孟子路",
    ),
    (
        "仁武區",
        814,
        90,
        "仁武鄉",
        "37 35",
        "仁雄路 中正路 仁和路 八德南路 高楠公路 鳳仁路 京吉一路 仁武路 澄觀路 仁林路",
    ),
    ("大社區", 815, 34, "大社鄉", "35", "中山路 三民路 翠屏路 旗楠路 中華路 民族路"),
    (
        "岡山區",
        820,
        97,
        "岡山鎮",
        "62 63",
        "岡山路 壽天路 中山北路 柳橋東路 維仁路 公園東路 河華路 大仁北路 介壽路 前峰路 岡燕路 仁壽路",
    ),
    ("路竹區", 821, 50, "路竹鄉", "69 60", "中山路 中正路 大仁路 國昌路 延平路 中華路"),
    ("阿蓮區", 822, 28, "阿蓮鄉", "63", "中正路 民族路 民生路 中山路"),
    ("田寮區", 823, 7, "田寮鄉", "63", "崗北路 南安路 新興路"),
    ("燕巢區", 824, 29, "燕巢鄉", "61", "中民路 安招路 中興路 深水路 橫山路"),
    ("橋頭區", 825, 38, "橋頭鄉", "61", "成功北路 隆豐路 經武路 仕豐路 橋南路 芋寮路"),
    ("梓官區", 826, 35, "梓官鄉", "61", "進學路 中正路 通港路 梓和路 光明路"),
    ("彌陀區", 827, 19, "彌陀鄉", "61", "中正路 文安路 漁港路 中華路"),
    ("永安區", 828, 14, "永安鄉", "69", "永安路 保寧路 維新路 興達路"),
    ("湖內區", 829, 29, "湖內鄉", "69", "中山路#2 湖中路 大湖路 民族路 忠孝街"),
    (
        "鳳山區",
        830,
        355,
        "鳳山市",
        "74 76 77 79",
        "光復路#2 中山東路 中山西路 光遠路 自由路 五甲一路 五甲二路 五甲三路 青年路#2 文化路 維新路 經武路 南京路 建國路 鳳甲路 中崙一路 國泰路 誠義路 新富路 輜汽路 文衡路 曹公路 鳳東路 武營路 保華一路 瑞興路 鳳頂路 海洋一路 過埤路 博愛路",
    ),
    (
        "大寮區",
        831,
        110,
        "大寮鄉",
        "78 70",
        "鳳林一路 鳳屏一路 光明路 捷西路 仁德路 大寮路 鳳林三路 鳳林四路 山頂路 永芳路",
    ),
    ("林園區", 832, 68, "林園鄉", "64", "林園北路 沿海路#4 東林西路 王公路 林園南路 仁愛路"),
    ("鳥松區", 833, 44, "鳥松鄉", "73 37", "大華路 本館路 中正路 神農路 大埤路 美山路 澄清路"),
    ("大樹區", 840, 40, "大樹鄉", "65", "中興南路 中興北路 中興東路 統嶺路 久堂路 大坑路"),
    ("旗山區", 842, 35, "旗山鎮", "66", "中山路 延平一路 中學路 中華路 旗甲路#2 大德路 華中街"),
    ("美濃區", 843, 38, "美濃鎮", "68", "中山路#2 中正路#3 泰安路 民權路 永安路 美中路"),
    ("六龜區", 844, 12, "六龜鄉", "68", "光復路 中正路 民治路 太平路"),
    ("內門區", 845, 14, "內門鄉", "66", "中正路 內豐路"),
    ("杉林區", 846, 11, "杉林鄉", "67", "山仙路 清水路"),
    ("甲仙區", 847, 6, "甲仙鄉", "67", "文化路 中山路 和安街"),
    ("桃源區", 848, 4, "桃源鄉", "68", "南橫公路"),
    ("那瑪夏區", 849, 3, "那瑪夏鄉", "67", ""),
    ("茂林區", 851, 2, "茂林鄉", "68", ""),
    ("茄萣區", 852, 29, "茄萣鄉", "69", "濱海路#4 仁愛路 民權路 白雲路 茄萣路#2 正順北路"),
)
# English district names as Kaohsiung signs them (a mix of Hanyu and Tongyong pinyin).
DISTRICT_EN = words(
    "Xinxing Qianjin Lingya Yancheng Gushan Cijin Qianzhen Sanmin Nanzih Siaogang Zuoying Renwu "
    "Dashe Gangshan Luzhu Alian Tianliao Yanchao Qiaotou Ziguan Mituo Yong'an Hunei Fengshan "
    "Daliao Linyuan Niaosong Dashu Qishan Meinong Liugui Neimen Shanlin Jiaxian Taoyuan Namaxia "
    "Maolin Qieding"
)
# Districts where a third of the people are Indigenous (Bunun, Rukai, Kanakanavu).
MOUNTAIN = frozenset({"桃源區", "那瑪夏區", "茂林區"})

# Places outside Kaohsiung: people born or registered there (city, district, postcode, roads).
ELSEWHERE: tuple[tuple[str, str, int, str], ...] = (
    ("臺南市", "永康區", 710, "中華路 中正南路 大灣路"),
    ("臺南市", "東區", 701, "東門路#3 長榮路#2"),
    ("屏東縣", "屏東市", 900, "自由路 民生路 廣東路"),
    ("屏東縣", "東港鎮", 928, "中正路 中山路"),
    ("屏東縣", "潮州鎮", 920, "中山路 新生路"),
    ("臺東縣", "臺東市", 950, "中華路#4 更生路"),
    ("澎湖縣", "馬公市", 880, "中正路 三民路"),
    ("臺北市", "中正區", 100, "重慶南路#3 羅斯福路#6"),
    ("新北市", "板橋區", 220, "文化路#2 中山路#2"),
    ("臺中市", "北區", 404, "三民路#3 五權路"),
)

# 里 (village) name pool; each district draws its own dozen. County-era 鄉 called them 村.
LI_POOL = words(
    "中正 民生 光明 仁愛 忠孝 和平 新興 復興 福德 永安 文化 建國 興中 自強 龍泉 德民 大同 長安 南興 "
    "北勢 東門 西門 港口 竹林 興仁 正義 博愛 福山 明正 中庄 順昌 安和 昭明 鼎強 本和 寶興 十全 灣子 "
    "後庄 前峰 溪洲 三和 五福 新庄 下寮 頂寮 田心 內厝 埤頂 過溪 東坑 西埔 南安 北嶺 山頂 水寮 赤崁 "
    "海汕 漁港 崙仔 新厝 舊城 青山 美山 金田 德和 瑞豐 華盛 興達 仁和 大樹 九曲"
)

# Road-name syllables for English addresses (Hanyu pinyin; built once with pypinyin).
PINYIN: dict[str, str] = {
    w[0]: w[1:]
    for w in words(
        "一yi 七qi 三san 中zhong 久jiu 九jiu 二er 五wu 亨heng 京jing 仁ren 介jie 仕shi 仙xian 保bao "
        "光guang 內nei 全quan 八ba 公gong 六liu 凱kai 利li 前qian 功gong 加jia 勇yong 勝sheng 化hua "
        "北bei 十shi 南nan 博bo 卡ka 右you 合he 吉ji 同tong 和he 哈ha 四si 國guo 園yuan 土tu 坑keng 埤pi "
        "堂tang 壽shou 夏xia 多duo 大da 天tian 太tai 如ru 子zi 孝xiao 孟meng 學xue 安an 宏hong 富fu "
        "察cha 寧ning 寮liao 小xiao 屏ping 山shan 岡gang 峰feng 崇chong 崗gang 崙lun 嶺ling 工gong "
        "左zuo 市shi 平ping 年nian 店dian 府fu 庫ku 廟miao 廣guang 延yan 建jian 強qiang 後hou 復fu 德de "
        "心xin 忠zhong 惠hui 愛ai 慶qing 成cheng 招zhao 捷jie 文wen 斯si 新xin 旋xuan 族zu 旗qi 昌chang "
        "明ming 更geng 曹cao 朝chao 本ben 東dong 松song 林lin 柳liu 校xiao 桂gui 梓zi 森sen 楠nan 業ye "
        "榮rong 樂le 橋qiao 橫heng 權quan 正zheng 武wu 民min 水shui 永yong 江jiang 汽qi 沱tuo 河he "
        "治zhi 沿yan 泰tai 洋yang 津jin 洲zhou 海hai 深shen 清qing 港gang 湖hu 漁yu 漢han 澄cheng 濱bin "
        "瀨lai 灣wan 熱re 燕yan 營ying 爾er 王wang 班ban 瑞rui 生sheng 田tian 由you 甲jia 白bai 盟meng "
        "神shen 祥xiang 福fu 立li 統tong 經jing 維wei 羅luo 美mei 義yi 翠cui 聖sheng 臨lin 自zi 至zhi "
        "興xing 芋yu 芳fang 苓ling 英ying 茄qie 草cao 莊zhuang 華hua 萣ding 藍lan 術shu 衙ya 衡heng "
        "裕yu 西xi 覺jue 觀guan 誠cheng 豐feng 賢xian 超chao 軍jun 輜zi 農nong 通tong 進jin 過guo 道dao "
        "達da 遠yuan 重chong 野ye 鎮zhen 長chang 門men 陽yang 隆long 雄xiong 雲yun 青qing 頂ding "
        "順shun 館guan 馬ma 高gao 鳳feng 鼎ding 鼓gu 龍long "
    )
}

# Surnames with weights (per ten thousand people, rounded from national frequency).
SURNAMES = (
    "陳1110 林830 黃600 張530 李510 王410 吳400 劉320 蔡290 楊270 許230 鄭190 謝180 郭170 洪160 "
    "曾140 邱140 廖140 賴130 周120 徐120 蘇120 葉110 莊100 呂100 江90 何90 蕭90 羅90 高80 潘70 "
    "簡70 朱70 鍾60 游60 彭60 詹60 胡60 施50 沈50 余50 盧50 梁50 趙50 顏50 柯50 翁40 魏40 孫40 "
    "戴40 范40 方40 宋40 鄧30 杜30 傅30 侯30 曹30 薛30 丁30 卓30 阮20 馬20 董20 溫20 唐20 藍20 "
    "石20 蔣20 古20 紀20 姚20 連20 馮20 歐20 程20 湯20 黎20 田20 康10 姜10 白10 汪10 鄒10 尤10 "
    "巫10 鐘10 涂10 龔10 嚴10 韓10 袁10 金10 童10 陸10 夏10 柳10 凃5 邵10 錢5 伍5 倪5 張簡3 "
    "歐陽1 范姜1 司馬1"
)

# Given-name characters by era of birth and sex: (first characters, second characters), most
# frequent first. Eras: born before 1955, 1955-74, 1975-94, 1995 on.
GIVEN = {
    (0, 1): (
        "金清文榮正明國德永春添天武水進福建振錦坤",
        "雄男德福山田水木生財發源成龍輝來祥興全順旺義章堂仁昌忠松",
    ),
    (1, 1): (
        "志建文明俊國家宗正世清信振耀嘉永啟維勝政",
        "宏明雄成豪偉忠賢仁彬良榮輝銘峰傑昌男華鴻勳鑫斌隆德",
    ),
    (2, 1): (
        "家冠志俊建宗偉承彥柏育哲信韋嘉明威文凱政",
        "宏豪翔廷銘緯賢霖傑凱瑋佑勳誠維哲翰諺儒堃",
    ),
    (3, 1): ("承宇柏冠品子睿宥家彥恩博昱定晨浩", "翔宇恩睿廷軒叡澤哲勳崴碩辰希祐宏鈞齊諺安喆"),
    (0, 2): (
        "秀美麗玉月金春素寶淑碧錦彩瑞惠雪桂鳳罔招",
        "英蘭珠鳳雲梅琴枝霞蓮妹嬌娥玉月花香卿貞葉市",
    ),
    (1, 2): ("淑美麗秀雅惠玉碧素佩月瑞怡慧靜明素", "芬玲惠娟華珍貞君鈴如萍真雲蓉英美琴卿燕"),
    (2, 2): ("怡雅佳欣婷淑宜佩思家詩惠筱美郁依", "君婷如慧玲涵雯萱穎琪蓉芳儀真伶瑜嘉"),
    (3, 2): ("子品詠宜欣語芷思佳羽采宥姿家心若妍以", "晴萱涵妤彤瑄恩綺甯庭昕榆潔希安柔芸玥珺"),
}
# Characters a Big5-era system cannot store, and what it stores instead.
RARE = {"堃": "坤", "喆": "哲", "玥": "月", "珺": "君", "甯": "寧"}

# Sound-alike sets (同音/近音字, tone ignored): what a listener or a Zhuyin IME slip produces.
HOMOPHONES = (
    "佳家嘉加珈 怡宜儀沂貽 婷庭廷亭霆 君均筠鈞軍 志智致治誌 明銘名鳴茗 宏弘鴻泓紘 文雯紋玟汶 "
    "惠慧蕙卉 玲鈴苓伶齡翎 芳方舫 俊峻駿浚竣 豪浩皓昊 翔祥詳 承成丞呈誠程 宇羽語雨禹予 "
    "欣馨心新昕鑫芯 瑜榆渝俞妤于余 淑書舒姝 秀琇繡 珍貞真禎蓁 冠貫觀 傑杰潔捷 偉瑋煒韋葦 "
    "凱愷楷鎧 軒萱宣瑄璇玄 涵含函晗寒韓 琪淇祺棋騏奇其 瑞睿銳芮蕊叡 麗莉俐立利荔 珠朱竹諸 "
    "春純淳 華樺驊 榮融蓉容溶 國幗郭 正政鄭征 清青卿菁晴 德得 輝徽暉 勝聖盛昇 福富輔馥 "
    "賢憲嫻 雄熊 隆龍瓏 義誼 忠中鍾宗 仁任 英瑛鶯櫻 蘭嵐藍 月悅玥越 鳳奉峰豐逢楓 秋邱 "
    "燕妍彥硯豔 翠萃 柏伯博 哲喆 昀芸云耘勻 芷紙祉芝 詠永泳勇 子紫梓姿 雅亞 美媚梅玫 "
    "黃王 陳程 張章 李理 吳伍武巫 劉柳留 楊陽 許徐 謝薛 洪紅 曾增 廖了 賴來 周舟 葉業 "
    "蘇酥 莊庄 呂侶 江姜蔣 何賀 蕭簫 羅駱 潘盤 簡翦 游尤由 彭朋 胡湖 施詩 沈審 余魚 盧魯 "
    "梁良 趙照 顏嚴 柯科 翁 魏衛 孫蓀 戴代 范范 方芳 宋送 鄧登 杜度 傅付 侯候 曹 薛雪 "
    "卓桌 阮軟 馬瑪 蓉榕 萍平 娟涓 霞俠 枝芝 嬌姣 彬斌賓 銘 良 昌 財才材 發法 源元 水 "
    "木 生 田 山 松 章 堂 鑫 斌 勳薰 緯偉 霖林琳 翰漢瀚 諺彥 儒如 恩 叡 澤 崴威 碩 辰晨臣 "
    "希熙曦 祐佑右 鈞 齊琪 安 妤 彤 綺 甯寧 庭 昕 榆 潔 柔 采彩 宥佑 若 以 晴"
)
# Look-alike sets (形近字): a clerk reading handwriting.
LOOKALIKES = (
    "己已巳 未末 士土 日曰 王玉主 大太犬 人入 天夭 千干于 徐除涂凃 侯候 戊戌戍 瑩螢營 崇祟 "
    "綸倫論輪 峻竣俊浚駿 清情晴請倩 琪棋淇祺 鈞均筠 汶紋玟 佩珮 惠蕙 怡恰 茵菌 蓉溶榕容 晉普 "
    "冠寇 儀議 瑜愉諭榆 婷停 姿資 貞員 坤申 鳳鳯 萍苹 嬌驕 瑋煒 雯雲 玲珍 秀季 淑叔"
)
# Variant forms (異體字, Hong Kong/Japanese input, county-era fonts).
VARIANTS = {
    "台": "臺",
    "臺": "台",
    "峰": "峯",
    "群": "羣",
    "黃": "黄",
    "吳": "吴",
    "溫": "温",
    "啟": "啓",
    "真": "眞",
    "清": "淸",
    "嫻": "嫺",
    "裡": "裏",
    "為": "爲",
    "銳": "鋭",
    "寬": "寛",
    "涼": "凉",
    "晉": "晋",
    "妝": "粧",
    "繡": "綉",
    "凃": "涂",
    "涂": "凃",
    "叡": "睿",
    "坤": "堃",
    "哲": "喆",
    "衛": "衞",
    "說": "説",
    "秘": "祕",
    "麵": "麪",
    "峯": "峰",
    "鳳": "鳯",
    "雞": "鷄",
    "恆": "恒",
    "琳": "玪",
    "銘": "鉻",
}
# Traditional to simplified, for names a mainland spouse or a converter writes.
SIMPLIFIED = dict(
    zip(
        "陳張劉楊黃吳鄭謝葉蘇莊呂蕭羅簡鍾盧趙顏孫鄧馮湯龔嚴韓陸錢麗華蘭鳳雲貞瑋偉國榮東傑銘鴻"
        "緯賢凱誠維軒澤勳碩齊語綺潔靜葉寶嬌蓮錦義興順發財龍輝來進勝啟憲穎儀詩紅雙鈞瑩婦廣賴許"
        "鐘彥萬麥盧蓉娟",
        "陈张刘杨黄吴郑谢叶苏庄吕萧罗简钟卢赵颜孙邓冯汤龚严韩陆钱丽华兰凤云贞玮伟国荣东杰铭鸿"
        "纬贤凯诚维轩泽勋硕齐语绮洁静叶宝娇莲锦义兴顺发财龙辉来进胜启宪颖仪诗红双钧莹妇广赖许"
        "钟彦万麦卢蓉娟",
        strict=True,
    )
)

# Vietnamese names: (ASCII as on the residence certificate, with diacritics, Sino-Vietnamese).
VN_SURNAMES = (
    ("NGUYEN", "Nguyễn", "阮", 38),
    ("TRAN", "Trần", "陳", 11),
    ("LE", "Lê", "黎", 9),
    ("PHAM", "Phạm", "范", 7),
    ("HUYNH", "Huỳnh", "黃", 5),
    ("HOANG", "Hoàng", "黃", 3),
    ("PHAN", "Phan", "潘", 4),
    ("VU", "Vũ", "武", 4),
    ("DANG", "Đặng", "鄧", 3),
    ("BUI", "Bùi", "裴", 3),
    ("DO", "Đỗ", "杜", 3),
    ("HO", "Hồ", "胡", 2),
    ("NGO", "Ngô", "吳", 2),
    ("DUONG", "Dương", "楊", 2),
    ("LY", "Lý", "李", 1),
)
VN_MIDDLE_F = (("THI", "Thị", "氏"),) * 8 + (("NGOC", "Ngọc", "玉"), ("KIM", "Kim", "金"))
VN_MIDDLE_M = (("VAN", "Văn", "文"),) * 6 + (("DUC", "Đức", "德"), ("MINH", "Minh", "明"))
VN_GIVEN_F = (
    ("LAN", "Lan", "蘭"),
    ("HOA", "Hoa", "花"),
    ("HUONG", "Hương", "香"),
    ("MAI", "Mai", "梅"),
    ("HANG", "Hằng", "姮"),
    ("THU", "Thu", "秋"),
    ("TRANG", "Trang", "妝"),
    ("LINH", "Linh", "玲"),
    ("NGA", "Nga", "娥"),
    ("HANH", "Hạnh", "幸"),
    ("THUY", "Thủy", "水"),
    ("YEN", "Yến", "燕"),
    ("PHUONG", "Phượng", "鳳"),
    ("NHUNG", "Nhung", "絨"),
    ("DUNG", "Dung", "蓉"),
    ("LOAN", "Loan", "鸞"),
    ("TUYET", "Tuyết", "雪"),
    ("HIEN", "Hiền", "賢"),
    ("HONG", "Hồng", "紅"),
    ("LIEN", "Liên", "蓮"),
    ("THAO", "Thảo", "草"),
    ("VAN", "Vân", "雲"),
    ("DIEM", "Diễm", "艷"),
)
VN_GIVEN_M = (
    ("HUNG", "Hùng", "雄"),
    ("DUNG", "Dũng", "勇"),
    ("TUAN", "Tuấn", "俊"),
    ("NAM", "Nam", "南"),
    ("HAI", "Hải", "海"),
    ("THANH", "Thành", "成"),
)
# Other countries: (given words, family words), each word "ROMAN:漢字" (the phonetic transcription a
# caseworker writes).
FOREIGN = {
    "ID": (
        "SITI:西蒂 NUR:努兒 SRI:詩莉 DEWI:黛薇 RINA:莉娜 YULIANTI:尤莉安蒂 SUSANTI:蘇珊蒂 "
        "RATNA:拉特娜 FITRI:菲特莉 ANI:安妮 KARTINI:卡蒂妮 TITIN:蒂汀",
        "AMINAH:阿米娜 LESTARI:列絲塔莉 WAHYUNI:瓦尤妮 HARTATI:哈塔蒂 RAHAYU:拉哈尤 "
        "NINGSIH:寧西 PURWANTI:普萬蒂 HANDAYANI:韓達雅妮",
    ),
    "PH": (
        "MARIA:瑪莉亞 JOCELYN:喬瑟琳 MARICEL:瑪莉賽 ROSALIE:蘿莎莉 CRISTINA:克莉絲汀娜 "
        "ANALYN:安娜琳 JENNIFER:珍妮佛 MARILOU:瑪莉露",
        "SANTOS:桑托斯 REYES:雷耶斯 CRUZ:克魯茲 BAUTISTA:包蒂斯塔 GARCIA:加西亞 "
        "MENDOZA:門多薩 RAMOS:拉莫斯 VILLANUEVA:維拉紐瓦",
    ),
    "TH": (
        "NATTAYA:娜塔雅 SOMJIT:頌吉 PORNTIP:蓬蒂 SUDARAT:蘇達拉 WANIDA:瓦妮達",
        "BOONMA:汶瑪 SRISUK:詩素 KAEWKAM:凱康 CHAIYAPHUM:柴雅蓬",
    ),
    "KH": ("SOPHEAP:索菲 CHANTHA:詹塔 SREY:絲蕾 SOKHA:索卡", "SOK:索 CHEA:奇亞 KIM:金 MEAS:密"),
}
# Bunun/Rukai traditional names (roman:漢字), given name then family name.
INDIGENOUS = (
    "Savi:莎韋 Biung:比勇 Umav:烏瑪芙 Ibu:伊布 Langus:拉谷斯 Vilian:維里安 Tama:達瑪 Dahu:達虎 "
    "Abus:阿布絲 Kaling:卡玲 Bukun:布袞 Istasipal:伊斯達",
    "Istanda:伊斯坦大 Tansikian:丹西吉安 Palalavi:巴拉拉菲 Takisvilainan:達給斯比萊南 "
    "Ispalidav:伊斯巴里達夫 Takiludun:達基魯敦 Taisunan:台蘇南",
)

INSTITUTION_KINDS = (
    # kind, name pattern, residents (min, max), share of institutions
    ("elder", "高雄市私立{}老人長期照顧中心(養護型)", 40, 140, 5),
    ("nursing", "{}護理之家", 30, 90, 2),
    ("rehab", "{}康復之家", 15, 40, 2),
    ("disabled", "財團法人高雄市私立{}教養院", 40, 120, 1),
    ("children", "財團法人{}兒少家園", 12, 40, 1),
    ("shelter", "高雄市{}遊民收容中心", 10, 40, 1),
)
INSTITUTION_WORDS = words(
    "仁愛 松柏 福壽 長青 慈恩 永康 安心 祥和 博愛 聖功 樂齡 晨光 德惠 心寬 恩典 福樂 崇愛"
)
