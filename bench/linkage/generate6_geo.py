"""Generator 6: New Taipei City's districts and roads, and a few places elsewhere (public
geography: names, postcodes, English forms, telephone exchange prefixes; see generate6)."""

# "name|name before 2010 (臺北縣 …市/鎮/鄉)|postcode|English|population (thousands)|caseload
# weight factor", landline exchange prefixes after 02, roads "名稱:English:sections".
NTP_TABLE = (
    (
        "板橋區|板橋市|220|Banqiao|550|1.0",
        "2950-2969 8951-8969 2250-2259",
        "文化路:Wenhua Rd.:2 中山路:Zhongshan Rd.:2 民生路:Minsheng Rd.:3 "
        "四川路:Sichuan Rd.:2 南雅南路:Nanya S. Rd.:2 縣民大道:Xianmin Blvd.:3 "
        "漢生東路:Hansheng E. Rd.:0 重慶路:Chongqing Rd.:0 館前東路:Guanqian E. Rd.:0 "
        "府中路:Fuzhong Rd.:0 中正路:Zhongzheng Rd.:0 三民路:Sanmin Rd.:2 "
        "民族路:Minzu Rd.:0 大觀路:Daguan Rd.:3 莒光路:Juguang Rd.:0 "
        "長江路:Changjiang Rd.:3 懷德街:Huaide St.:0",
    ),
    (
        "三重區|三重市|241|Sanchong|381|1.25",
        "2970-2989 8981-8988 2857-2859",
        "重新路:Chongxin Rd.:5 三和路:Sanhe Rd.:4 正義北路:Zhengyi N. Rd.:0 "
        "中正北路:Zhongzheng N. Rd.:0 集美街:Jimei St.:0 自強路:Ziqiang Rd.:5 "
        "三民街:Sanmin St.:0 光復路:Guangfu Rd.:2 龍門路:Longmen Rd.:0 溪尾街:Xiwei St.:0 "
        "大同南路:Datong S. Rd.:0 忠孝路:Zhongxiao Rd.:3",
    ),
    (
        "中和區|中和市|235|Zhonghe|404|1.0",
        "2240-2249 2220-2229 8245-8246",
        "中和路:Zhonghe Rd.:0 中山路:Zhongshan Rd.:3 景平路:Jingping Rd.:0 "
        "中正路:Zhongzheng Rd.:0 連城路:Liancheng Rd.:0 興南路:Xingnan Rd.:2 "
        "員山路:Yuanshan Rd.:0 南山路:Nanshan Rd.:0 安樂路:Anle Rd.:0 永貞路:Yongzhen Rd.:0 "
        "景安路:Jing'an Rd.:0 秀朗路:Xiulang Rd.:3 宜安路:Yi'an Rd.:0",
    ),
    (
        "永和區|永和市|234|Yonghe|211|0.85",
        "2920-2929 8921-8928 2231-2234",
        "永和路:Yonghe Rd.:2 中正路:Zhongzheng Rd.:0 竹林路:Zhulin Rd.:0 "
        "保生路:Baosheng Rd.:0 福和路:Fuhe Rd.:0 文化路:Wenhua Rd.:0 中山路:Zhongshan Rd.:2 "
        "得和路:Dehe Rd.:0 成功路:Chenggong Rd.:2 仁愛路:Ren'ai Rd.:0",
    ),
    (
        "新莊區|新莊市|242|Xinzhuang|423|1.1",
        "2990-2999 2201-2209 8521-8522 2276-2279",
        "中正路:Zhongzheng Rd.:0 中華路:Zhonghua Rd.:3 新泰路:Xintai Rd.:0 "
        "思源路:Siyuan Rd.:0 中港路:Zhonggang Rd.:0 化成路:Huacheng Rd.:0 "
        "幸福路:Xingfu Rd.:0 福營路:Fuying Rd.:0 龍安路:Long'an Rd.:0 新樹路:Xinshu Rd.:0 "
        "建國一路:Jianguo 1st Rd.:0 五工路:Wugong Rd.:0",
    ),
    (
        "新店區|新店市|231|Xindian|301|0.9",
        "2910-2919 8911-8919 2211-2218",
        "北新路:Beixin Rd.:3 中正路:Zhongzheng Rd.:0 民權路:Minquan Rd.:0 "
        "中華路:Zhonghua Rd.:0 安康路:Ankang Rd.:3 寶橋路:Baoqiao Rd.:0 "
        "中興路:Zhongxing Rd.:3 三民路:Sanmin Rd.:0 光明街:Guangming St.:0",
    ),
    (
        "樹林區|樹林市|238|Shulin|183|1.15",
        "2680-2689 8685-8688",
        "中山路:Zhongshan Rd.:3 保安街:Bao'an St.:3 中正路:Zhongzheng Rd.:0 "
        "大安路:Da'an Rd.:0 文化街:Wenhua St.:0 復興路:Fuxing Rd.:0 學成路:Xuecheng Rd.:0 "
        "八德街:Bade St.:0",
    ),
    (
        "鶯歌區|鶯歌鎮|239|Yingge|86|1.1",
        "2670-2679",
        "文化路:Wenhua Rd.:0 中正一路:Zhongzheng 1st Rd.:0 國慶街:Guoqing St.:0 "
        "建國路:Jianguo Rd.:0 尖山埔路:Jianshanpu Rd.:0 鶯桃路:Yingtao Rd.:0",
    ),
    (
        "三峽區|三峽鎮|237|Sanxia|116|1.0",
        "2671-2674 8671-8674",
        "中山路:Zhongshan Rd.:0 復興路:Fuxing Rd.:0 民權街:Minquan St.:0 大學路:Daxue Rd.:0 "
        "介壽路:Jieshou Rd.:3 國光街:Guoguang St.:0 學勤路:Xueqin Rd.:0",
    ),
    (
        "淡水區|淡水鎮|251|Tamsui|188|1.0",
        "2620-2629 2800-2809 8631-8632",
        "中正路:Zhongzheng Rd.:2 中山路:Zhongshan Rd.:0 民族路:Minzu Rd.:0 "
        "學府路:Xuefu Rd.:0 英專路:Yingzhuan Rd.:0 北新路:Beixin Rd.:0 淡金路:Danjin Rd.:2 "
        "新市一路:Xinshi 1st Rd.:3 沙崙路:Shalun Rd.:0 中正東路:Zhongzheng E. Rd.:2",
    ),
    (
        "汐止區|汐止市|221|Xizhi|205|0.95",
        "2640-2649 8640-8648 2690-2695",
        "大同路:Datong Rd.:3 新台五路:Xintai 5th Rd.:2 中興路:Zhongxing Rd.:0 "
        "忠孝東路:Zhongxiao E. Rd.:0 仁愛路:Ren'ai Rd.:0 福德一路:Fude 1st Rd.:0 "
        "康寧街:Kangning St.:0 水源路:Shuiyuan Rd.:2 民權街:Minquan St.:2",
    ),
    (
        "瑞芳區|瑞芳鎮|224|Ruifang|38|1.5",
        "2496-2499",
        "明燈路:Mingdeng Rd.:3 中正路:Zhongzheng Rd.:0 逢甲路:Fengjia Rd.:0 "
        "瑞濱路:Ruibin Rd.:0 汽車路:Qiche Rd.:0",
    ),
    (
        "土城區|土城市|236|Tucheng|235|1.15",
        "2260-2275 8260-8273",
        "中央路:Zhongyang Rd.:4 金城路:Jincheng Rd.:3 裕民路:Yumin Rd.:0 學府路:Xuefu Rd.:2 "
        "延吉街:Yanji St.:0 明德路:Minde Rd.:2 延和路:Yanhe Rd.:0 青雲路:Qingyun Rd.:0 "
        "清水路:Qingshui Rd.:0",
    ),
    (
        "蘆洲區|蘆洲市|247|Luzhou|201|1.1",
        "2280-2289 8282-8286",
        "中正路:Zhongzheng Rd.:0 三民路:Sanmin Rd.:0 長安街:Chang'an St.:0 "
        "中山一路:Zhongshan 1st Rd.:0 民族路:Minzu Rd.:0 長榮路:Changrong Rd.:0 "
        "集賢路:Jixian Rd.:0 光華路:Guanghua Rd.:0 永樂街:Yongle St.:0",
    ),
    (
        "五股區|五股鄉|248|Wugu|92|1.0",
        "2290-2299",
        "成泰路:Chengtai Rd.:4 五福路:Wufu Rd.:0 中興路:Zhongxing Rd.:4 民義路:Minyi Rd.:2 "
        "四維路:Siwei Rd.:0",
    ),
    (
        "泰山區|泰山鄉|243|Taishan|79|1.0",
        "2900-2909",
        "明志路:Mingzhi Rd.:3 泰林路:Tailin Rd.:3 仁愛路:Ren'ai Rd.:0 全興路:Quanxing Rd.:0",
    ),
    (
        "林口區|林口鄉|244|Linkou|127|0.8",
        "2600-2609",
        "文化一路:Wenhua 1st Rd.:2 中山路:Zhongshan Rd.:0 忠孝路:Zhongxiao Rd.:0 "
        "仁愛路:Ren'ai Rd.:2 文化二路:Wenhua 2nd Rd.:2 南勢街:Nanshi St.:0",
    ),
    (
        "深坑區|深坑鄉|222|Shenkeng|24|1.0",
        "2662-2664",
        "北深路:Beishen Rd.:3 深坑街:Shenkeng St.:0 文化街:Wenhua St.:0",
    ),
    (
        "石碇區|石碇鄉|223|Shiding|7.5|1.4",
        "2663",
        "碇坪路:Dingping Rd.:2 靜安路:Jing'an Rd.:0",
    ),
    (
        "坪林區|坪林鄉|232|Pinglin|6.5|1.4",
        "2665",
        "坪林街:Pinglin St.:0 北宜路:Beiyi Rd.:8",
    ),
    (
        "三芝區|三芝鄉|252|Sanzhi|22|1.4",
        "2636-2637",
        "中山路:Zhongshan Rd.:3 中正路:Zhongzheng Rd.:3",
    ),
    (
        "石門區|石門鄉|253|Shimen|11|1.4",
        "2638",
        "中央路:Zhongyang Rd.:0 中山路:Zhongshan Rd.:0",
    ),
    (
        "八里區|八里鄉|249|Bali|40|1.1",
        "2610-2619",
        "中山路:Zhongshan Rd.:2 龍米路:Longmi Rd.:3 中華路:Zhonghua Rd.:2",
    ),
    (
        "平溪區|平溪鄉|226|Pingxi|4.2|1.4",
        "2495",
        "十分街:Shifen St.:0 靜安路:Jing'an Rd.:2 菁桐街:Jingtong St.:0",
    ),
    (
        "雙溪區|雙溪鄉|227|Shuangxi|8|1.4",
        "2493",
        "中華路:Zhonghua Rd.:0 長安街:Chang'an St.:0 太平路:Taiping Rd.:0",
    ),
    (
        "貢寮區|貢寮鄉|228|Gongliao|11.5|1.4",
        "2490-2491",
        "仁愛路:Ren'ai Rd.:0 福隆街:Fulong St.:0 延平街:Yanping St.:0",
    ),
    (
        "金山區|金山鄉|208|Jinshan|21|1.4",
        "2498",
        "中山路:Zhongshan Rd.:0 民生路:Minsheng Rd.:0 金包里街:Jinbaoli St.:0",
    ),
    (
        "萬里區|萬里鄉|207|Wanli|21|1.4",
        "2492",
        "瑪鋉路:Malian Rd.:0 民生路:Minsheng Rd.:0",
    ),
    (
        "烏來區|烏來鄉|233|Wulai|6.4|1.6",
        "2661",
        "烏來街:Wulai St.:0 新烏路:Xinwu Rd.:5 環山路:Huanshan Rd.:0",
    ),
)
# Registered addresses elsewhere (people registered in their home towns): city|district|postcode|
# English district, English city|roads.
ELSEWHERE_TABLE = """
臺北市|萬華區|108|Wanhua Dist.|Taipei City|西園路:Xiyuan Rd.:2 康定路:Kangding Rd.:0
臺北市|大同區|103|Datong Dist.|Taipei City|重慶北路:Chongqing N. Rd.:4
臺北市|文山區|116|Wenshan Dist.|Taipei City|木柵路:Muzha Rd.:4
基隆市|七堵區|206|Qidu Dist.|Keelung City|明德一路:Mingde 1st Rd.:0
桃園市|桃園區|330|Taoyuan Dist.|Taoyuan City|中正路:Zhongzheng Rd.:0
桃園市|中壢區|320|Zhongli Dist.|Taoyuan City|中山路:Zhongshan Rd.:0
宜蘭縣|宜蘭市|260|Yilan City|Yilan County|中山路:Zhongshan Rd.:5
雲林縣|虎尾鎮|632|Huwei Township|Yunlin County|林森路:Linsen Rd.:2
雲林縣|斗六市|640|Douliu City|Yunlin County|中山路:Zhongshan Rd.:0
嘉義縣|朴子市|613|Puzi City|Chiayi County|開元路:Kaiyuan Rd.:0
彰化縣|彰化市|500|Changhua City|Changhua County|中正路:Zhongzheng Rd.:2
臺南市|東區|701|East Dist.|Tainan City|東門路:Dongmen Rd.:3
高雄市|三民區|807|Sanmin Dist.|Kaohsiung City|建國二路:Jianguo 2nd Rd.:0
屏東縣|屏東市|900|Pingtung City|Pingtung County|自由路:Ziyou Rd.:0
花蓮縣|花蓮市|970|Hualien City|Hualien County|中山路:Zhongshan Rd.:0
臺東縣|臺東市|950|Taitung City|Taitung County|中華路:Zhonghua Rd.:4
"""
VILLAGE_NAMES = (
    "福德 中正 民生 仁愛 光明 文化 忠孝 信義 和平 中興 復興 永安 大同 建國 自強 中山 新興 長安 德安 "
    "福安 光復 興南 成功 民權 民族 三民 瑞興 永福 平安 東興 西盛 南山 北新 龍安 江翠 留侯 港嘴 "
    "新埔 四維 重陽 五福 溪洲 頂埔 埔墘 后埔 沙崙 忠義 福興 崇德 錦和"
)
