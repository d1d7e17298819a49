"""The demo alliance: member museums, about forty objects with their photographs, exhibitions.

Every text here was written for the demo and every image is drawn by our own code
(exhibitions.ops.demo_images), so the demo can be shipped and changed freely. Loading goes through the same services as the API.
"""

from __future__ import annotations

import io
import json
import shutil
from datetime import date

import click
from flask.cli import AppGroup
from PIL import Image
from sqlalchemy import func, select

from exhibitions.curation import documents
from exhibitions.models import Exhibition, Media, Museum, MuseumObject
from exhibitions.objects import contribution
from exhibitions.objects.media import Upload, add_media
from exhibitions.ops import demo_exhibitions
from exhibitions.platform import Platform
from exhibitions.web import current_platform

CC_BY = "http://creativecommons.org/licenses/by/4.0/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
NO_COPYRIGHT = "http://rightsstatements.org/vocab/NoC-US/1.0/"

# slug, names by language, country, city, lat, lon, joined
MUSEUMS = [
    ("nmc", {"en": ["National Museum of China"], "zh": ["中国国家博物馆"], "ru": ["Национальный музей Китая"]}, "CN", "Beijing", 39.9035, 116.4010, "2017-05-01"),
    ("rundale", {"en": ["Rundāle Palace Museum"], "lv": ["Rundāles pils muzejs"], "zh": ["伦达莱宫博物馆"], "ru": ["Рундальский дворец-музей"]}, "LV", "Pilsrundāle", 56.4136, 24.0247, "2019-10-15"),
    ("hnm", {"en": ["Hungarian National Museum"], "hu": ["Magyar Nemzeti Múzeum"], "zh": ["匈牙利国家博物馆"], "ru": ["Венгерский национальный музей"]}, "HU", "Budapest", 47.4910, 19.0618, "2018-06-12"),
    ("fiji", {"en": ["Fiji Museum"], "zh": ["斐济博物馆"], "ru": ["Музей Фиджи"]}, "FJ", "Suva", -18.1497, 178.4250, "2021-05-28"),
    ("confucius", {"en": ["Confucius Museum"], "zh": ["孔子博物馆"], "ru": ["Музей Конфуция"]}, "CN", "Qufu", 35.5810, 116.9860, "2021-05-28"),
    ("shaanxi", {"en": ["Shaanxi History Museum"], "zh": ["陕西历史博物馆"], "ru": ["Исторический музей провинции Шэньси"]}, "CN", "Xi'an", 34.2237, 108.9571, "2017-05-01"),
    ("iran", {"en": ["National Museum of Iran"], "fa": ["موزه ملی ایران"], "zh": ["伊朗国家博物馆"], "ru": ["Национальный музей Ирана"]}, "IR", "Tehran", 35.6870, 51.4145, "2018-06-12"),
    ("istanbul", {"en": ["Istanbul Archaeology Museums"], "tr": ["İstanbul Arkeoloji Müzeleri"], "zh": ["伊斯坦布尔考古博物馆"], "ru": ["Археологические музеи Стамбула"]}, "TR", "Istanbul", 41.0117, 28.9811, "2019-10-15"),
    ("samarkand", {"en": ["Samarkand State Museum-Reserve"], "uz": ["Samarqand davlat muzey-qo'riqxonasi"], "zh": ["撒马尔罕国家博物馆保护区"], "ru": ["Самаркандский государственный музей-заповедник"]}, "UZ", "Samarkand", 39.6547, 66.9758, "2019-10-15"),
]

# A few lines about each museum, in English, Chinese and Russian (written for the demo).
DESCRIPTIONS = {
    "nmc": ("On the east side of Tiananmen Square, the National Museum of China keeps over a million objects, "
            "from Neolithic jades to the porcelain that travelled the maritime Silk Road.",
            "中国国家博物馆位于天安门广场东侧，藏品逾百万件，从新石器时代的玉器到经海上丝绸之路远销的瓷器。",
            "Национальный музей Китая на восточной стороне площади Тяньаньмэнь хранит более миллиона предметов: "
            "от неолитического нефрита до фарфора морского Шёлкового пути."),
    "rundale": ("A baroque palace by Rastrelli in the Latvian countryside, whose rooms hold the porcelain, silks "
                "and lacquer that reached the Baltic courts from the East.",
                "拉脱维亚乡间由拉斯特雷利设计的巴洛克宫殿，厅室中陈列着经丝路抵达波罗的海宫廷的瓷器、丝绸与漆器。",
                "Барочный дворец Растрелли в латвийской глубинке; в его залах — фарфор, шёлк и лак, "
                "дошедшие с Востока до прибалтийских дворов."),
    "hnm": ("Hungary's national museum, founded in 1802, tells the country's history from the steppe peoples "
            "who rode the routes between Asia and Europe.",
            "匈牙利国家博物馆创建于1802年，从往来于亚欧之间的草原民族讲起，讲述匈牙利的历史。",
            "Венгерский национальный музей, основанный в 1802 году, ведёт историю страны от степных народов, "
            "ходивших путями между Азией и Европой."),
    "fiji": ("In Thurston Gardens in Suva, the Fiji Museum keeps the voyaging canoes, barkcloth and pottery "
             "of three thousand years of Pacific crossings.",
             "斐济博物馆位于苏瓦的瑟斯顿花园，收藏着三千年太平洋航海留下的独木舟、树皮布与陶器。",
             "Музей Фиджи в садах Тёрстона в Суве хранит лодки, тапу и керамику трёх тысячелетий "
             "мореплавания в Тихом океане."),
    "confucius": ("In Qufu, the home town of Confucius, a museum of the family's archive, ritual bronzes and "
                  "the books that carried his teaching along the trade routes.",
                  "孔子博物馆位于孔子故里曲阜，收藏孔府档案、礼器青铜和沿商路传播儒学的典籍。",
                  "Музей в Цюйфу, на родине Конфуция: архив семьи Кун, ритуальная бронза и книги, "
                  "разносившие его учение по торговым путям."),
    "shaanxi": ("In Xi'an, once Chang'an where the Silk Road began, the Shaanxi History Museum shows Tang gold, "
                "murals and the sancai camels of the caravans.",
                "陕西历史博物馆位于丝绸之路起点长安，即今日西安，展出唐代金银器、壁画与商队的三彩骆驼。",
                "Исторический музей провинции Шэньси в Сиане, древнем Чанъане, откуда начинался Шёлковый путь: "
                "золото Тан, фрески и трёхцветные верблюды караванов."),
    "iran": ("The National Museum of Iran in Tehran spans Persia from the first cities to the Safavids: "
             "the silver, textiles and glass of the land between the two ends of the road.",
             "伊朗国家博物馆位于德黑兰，展示从最早的城市到萨法维王朝的波斯：丝路两端之间的银器、织物与玻璃。",
             "Национальный музей Ирана в Тегеране охватывает Персию от первых городов до Сефевидов: "
             "серебро, ткани и стекло земли между двумя концами пути."),
    "istanbul": ("Three buildings by the Topkapı Palace hold the archaeology of Anatolia and the eastern "
                 "Mediterranean, where the caravan roads met the sea.",
                 "伊斯坦布尔考古博物馆由托普卡帕宫旁的三座建筑组成，收藏安纳托利亚与东地中海的考古文物，那里是商队之路与海相接之处。",
                 "Три здания у дворца Топкапы хранят археологию Анатолии и Восточного Средиземноморья, "
                 "где караванные дороги выходили к морю."),
    "samarkand": ("Samarkand's museum-reserve guards the city at the crossroads of the Silk Road: Afrasiab's "
                  "murals, Sogdian coins and the glazed tiles of the Registan.",
                  "撒马尔罕国家博物馆保护区守护着这座丝路十字路口之城：阿夫拉西阿卜壁画、粟特钱币与雷吉斯坦的釉砖。",
                  "Самаркандский музей-заповедник хранит город на перекрёстке Шёлкового пути: фрески Афрасиаба, "
                  "согдийские монеты и изразцы Регистана."),
}

# museum, accession, title (by language), type, materials, date (display, start, end), place (name, lat, lon),
# description (by language), image sizes (width, height) — the large ones are what deep zoom is for.
OBJECTS = [
    ("nmc", "NMC-2021-001", {"en": ["Blue-and-white jar with dragon among clouds"], "zh": ["青花云龙纹罐"], "ru": ["Сине-белый кувшин с драконом среди облаков"]}, "vessel", ["porcelain", "cobalt"], ("Yuan dynasty, about 1340", 1330, 1360), ("Jingdezhen", 29.27, 117.18),
     {"en": ["A wide-shouldered jar painted in cobalt blue under a clear glaze; a dragon chases a flaming pearl through scrolling clouds."], "zh": ["宽肩罐，釉下以钴蓝彩绘，一条龙在卷云间追逐火焰宝珠。"], "ru": ["Широкоплечий кувшин, расписанный кобальтом под прозрачной глазурью; дракон гонится за пламенеющей жемчужиной среди клубящихся облаков."]},
     [(5200, 4000)]),
    ("nmc", "NMC-2021-002", {"en": ["Bronze mirror with grape and animal design"], "zh": ["海兽葡萄纹铜镜"], "ru": ["Бронзовое зеркало с виноградом и зверями"]}, "mirror", ["bronze"], ("Tang dynasty, 7th–8th century", 650, 750), ("Chang'an", 34.26, 108.94),
     {"en": ["Cast mirror whose back shows lions and birds among grapevines, a motif that came east along the Silk Road."], "zh": ["铸造铜镜，镜背饰葡萄藤间的狮子与飞鸟，这一纹样沿丝绸之路东传而来。"], "ru": ["Литое зеркало, на обороте которого львы и птицы среди виноградных лоз — мотив, пришедший на восток по Шёлковому пути."]},
     [(3000, 3000)]),
    ("nmc", "NMC-2021-003", {"en": ["Painted pottery camel with rider"], "zh": ["彩绘陶骑驼俑"], "ru": ["Расписная керамическая фигурка верблюда со всадником"]}, "figure", ["earthenware", "pigment"], ("Tang dynasty, 8th century", 700, 800), ("Luoyang", 34.62, 112.45),
     {"en": ["A Bactrian camel carrying a traveller and his bundles, made for a tomb."], "zh": ["一峰双峰驼，驮着旅人和他的行囊，为随葬而制。"], "ru": ["Двугорбый верблюд с путником и его поклажей, сделанный для погребения."]},
     [(2400, 3200)]),
    ("nmc", "NMC-2021-004", {"en": ["Silk fragment with paired birds"], "zh": ["对鸟纹锦残片"], "ru": ["Фрагмент шёлка с парными птицами"]}, "textile", ["silk"], ("Northern dynasties, 5th–6th century", 420, 589), ("Turpan", 42.95, 89.19),
     {"en": ["Weft-faced compound weave with confronted birds in roundels."], "zh": ["纬锦，联珠圈内饰相对而立的鸟。"], "ru": ["Сложное ткачество с уточным эффектом: птицы друг против друга в медальонах."]},
     [(4400, 3000)]),
    ("nmc", "NMC-2021-005", {"en": ["Bronze ritual wine vessel (zun)"], "zh": ["青铜尊"], "ru": ["Бронзовый ритуальный сосуд для вина (цзунь)"]}, "vessel", ["bronze"], ("Western Zhou, 11th–10th century BCE", -1046, -900), ("Baoji", 34.36, 107.24),
     {"en": ["A ritual vessel for wine with a flaring mouth and taotie masks."], "zh": ["盛酒礼器，侈口，饰饕餮纹。"], "ru": ["Ритуальный сосуд для вина с раструбным устьем и масками таоте."]},
     [(2000, 2600)]),
    ("shaanxi", "SHM-0107", {"en": ["Gilded silver bowl with lotus petals"], "zh": ["鎏金莲瓣纹银碗"], "ru": ["Позолоченная серебряная чаша с лепестками лотоса"]}, "vessel", ["silver", "gold"], ("Tang dynasty, 8th century", 700, 800), ("Xi'an", 34.26, 108.94),
     {"en": ["A hammered silver bowl with chased lotus petals, partly gilded, in a Sogdian manner."], "zh": ["锤揲成形的银碗，錾刻莲瓣，局部鎏金，具粟特风格。"], "ru": ["Кованая серебряная чаша с чеканными лепестками лотоса, частично позолоченная, в согдийской манере."]},
     [(4000, 4000)]),
    ("shaanxi", "SHM-0212", {"en": ["Terracotta warrior's head"], "zh": ["兵马俑头像"], "ru": ["Голова терракотового воина"]}, "sculpture", ["earthenware"], ("Qin dynasty, about 210 BCE", -221, -206), ("Lintong", 34.38, 109.27),
     {"en": ["A head from a life-size figure of the army buried near the first emperor's tomb."], "zh": ["真人大小陶俑的头部，出自秦始皇陵旁埋藏的军阵。"], "ru": ["Голова фигуры в натуральную величину из войска, погребённого у гробницы первого императора."]},
     [(3000, 4000)]),
    ("shaanxi", "SHM-0330", {"en": ["Gold coin of the Byzantine emperor Justinian"], "zh": ["东罗马金币"], "ru": ["Золотая монета византийского императора Юстиниана"]}, "coin", ["gold"], ("6th century", 527, 565), ("Xianyang", 34.33, 108.71),
     {"en": ["A solidus found in a tomb in China, proof of exchange across the whole route."], "zh": ["出土于中国墓葬的一枚索利都斯金币，见证了整条商路上的交流。"], "ru": ["Солид, найденный в гробнице в Китае, — свидетельство обмена по всему пути."]},
     [(1600, 1600)]),
    ("shaanxi", "SHM-0418", {"en": ["Jade disc (bi) with grain pattern"], "zh": ["谷纹玉璧"], "ru": ["Нефритовый диск (би) с зерновым узором"]}, "ornament", ["jade"], ("Warring States, 4th–3rd century BCE", -400, -221), ("Xi'an", 34.26, 108.94),
     {"en": ["A flat jade ring carved with rows of raised spirals."], "zh": ["扁平玉环，雕琢成排凸起的谷纹。"], "ru": ["Плоское нефритовое кольцо, покрытое рядами выпуклых завитков."]},
     [(2200, 2200)]),
    ("confucius", "CM-1001", {"en": ["Ritual food vessel (gui)"], "zh": ["青铜簋"], "ru": ["Ритуальный сосуд для пищи (гуй)"]}, "vessel", ["bronze"], ("Spring and Autumn period, 6th century BCE", -600, -500), ("Qufu", 35.58, 116.99),
     {"en": ["A two-handled bronze bowl for offerings of grain at ancestral rites."], "zh": ["双耳青铜簋，用于宗庙祭祀时盛放谷物祭品。"], "ru": ["Бронзовая чаша с двумя ручками для подношений зерна на обрядах в честь предков."]},
     [(2400, 2000)]),
    ("confucius", "CM-1002", {"en": ["Bamboo slips of the Analects"], "zh": ["论语竹简"], "ru": ["Бамбуковые планки «Лунь юя»"]}, "manuscript", ["bamboo", "ink"], ("Western Han, 1st century BCE", -100, -1), ("Qufu", 35.58, 116.99),
     {"en": ["Strips of bamboo written in ink, tied in order to form a scroll."], "zh": ["以墨书写的竹简，按序编连成卷。"], "ru": ["Бамбуковые планки, исписанные тушью и связанные по порядку в свиток."]},
     [(6000, 1800)]),
    ("confucius", "CM-1003", {"en": ["Stone stele with a temple inscription"], "zh": ["孔庙碑"], "ru": ["Каменная стела с храмовой надписью"]}, "inscription", ["limestone"], ("Eastern Han, 2nd century", 150, 160), ("Qufu", 35.58, 116.99),
     {"en": ["A stele recording repairs to the temple, in clerical script."], "zh": ["记述修缮孔庙之事的石碑，隶书。"], "ru": ["Стела о ремонте храма, написанная уставным письмом лишу."]},
     [(2600, 4800)]),
    ("confucius", "CM-1004", {"en": ["Court robe of the Kong family"], "zh": ["孔府朝服"], "ru": ["Придворное платье семьи Кун"]}, "costume", ["silk", "gold thread"], ("Ming dynasty, 16th century", 1500, 1600), ("Qufu", 35.58, 116.99),
     {"en": ["A robe of red silk with embroidered cranes, kept by the family for generations."], "zh": ["红色丝绸长袍，绣仙鹤纹，孔府世代珍藏。"], "ru": ["Платье из красного шёлка с вышитыми журавлями, которое семья хранила поколениями."]},
     [(3600, 4400)]),
    ("rundale", "RPM-P-211", {"en": ["Chinese export porcelain plate with armorial"], "lv": ["Ķīnas eksporta porcelāna šķīvis ar ģerboni"], "zh": ["纹章纹中国外销瓷盘"], "ru": ["Тарелка китайского экспортного фарфора с гербом"]}, "tableware", ["porcelain", "enamel"], ("Qing dynasty, about 1740", 1730, 1750), ("Jingdezhen", 29.27, 117.18),
     {"en": ["Ordered through merchants in Canton and painted with a Baltic family's coat of arms."], "zh": ["经广州商人订制，绘有波罗的海一个家族的纹章。"], "ru": ["Заказана через купцов в Кантоне и расписана гербом балтийской семьи."]},
     [(3200, 3200)]),
    ("rundale", "RPM-P-212", {"en": ["Tea bowl and saucer"], "lv": ["Tējas bļodiņa ar apakštasīti"], "zh": ["茶碗与托碟"], "ru": ["Чайная чашка с блюдцем"]}, "tableware", ["porcelain"], ("18th century", 1720, 1760), ("Meissen", 51.16, 13.47),
     {"en": ["European porcelain made in imitation of Chinese blue-and-white."], "zh": ["仿中国青花而制的欧洲瓷器。"], "ru": ["Европейский фарфор, сделанный в подражание китайскому сине-белому."]},
     [(2400, 1800)]),
    ("rundale", "RPM-T-034", {"en": ["Silk wall hanging with flowering branches"], "lv": ["Zīda sienas pārklājs ar ziedošiem zariem"], "zh": ["花枝纹丝绸壁挂"], "ru": ["Шёлковая шпалера с цветущими ветвями"]}, "textile", ["silk"], ("18th century", 1750, 1790), ("Lyon", 45.76, 4.84),
     {"en": ["Woven silk used to line a palace room, its flowers drawn from Chinese models."], "zh": ["用于装饰宫殿厅室墙面的丝织品，花卉取法中国样式。"], "ru": ["Тканый шёлк, которым обивали дворцовый зал; его цветы взяты с китайских образцов."]},
     [(4800, 3600)]),
    ("rundale", "RPM-L-007", {"en": ["Lacquered cabinet in the Chinese taste"], "lv": ["Lakots kabinets ķīniešu gaumē"], "zh": ["中国风漆柜"], "ru": ["Лаковый шкаф в китайском вкусе"]}, "furniture", ["wood", "lacquer"], ("About 1765", 1760, 1770), ("Riga", 56.95, 24.11),
     {"en": ["A cabinet with black and gold lacquer imitating work from East Asia."], "zh": ["黑地描金漆柜，模仿东亚漆器。"], "ru": ["Шкаф с чёрным и золотым лаком, подражающим работам Восточной Азии."]},
     [(3000, 3800)]),
    ("hnm", "HNM-55.1", {"en": ["Avar belt ornaments"], "hu": ["Avar övveretek"], "zh": ["阿瓦尔腰带饰件"], "ru": ["Аварские поясные накладки"]}, "ornament", ["gilded bronze"], ("7th–8th century", 650, 800), ("Carpathian Basin", 47.0, 19.5),
     {"en": ["Cast belt fittings with griffins and tendrils, made by steppe riders who settled in the Carpathian Basin."], "zh": ["铸造的腰带饰件，饰格里芬与卷草，出自定居喀尔巴阡盆地的草原骑手。"], "ru": ["Литые поясные накладки с грифонами и усиками, сделанные степными всадниками, осевшими в Карпатском бассейне."]},
     [(3600, 2400)]),
    ("hnm", "HNM-55.2", {"en": ["Sabretache plate from Tiszabezdéd"], "hu": ["Tiszabezdédi tarsolylemez"], "zh": ["蒂萨贝兹代德出土的囊袋饰板"], "ru": ["Накладка ташки из Тисабездеда"]}, "ornament", ["silver", "gold"], ("10th century", 900, 1000), ("Tiszabezdéd", 48.36, 22.15),
     {"en": ["The cover of a pouch with a palmette tree, from a warrior's grave of the Conquest period."], "zh": ["囊袋的盖板，饰棕叶纹树，出自匈牙利人定居时期的一座武士墓。"], "ru": ["Крышка сумки с пальметтовым деревом из погребения воина эпохи обретения родины."]},
     [(4200, 4600)]),
    ("hnm", "HNM-61.7", {"en": ["Scythian gold stag"], "hu": ["Szkíta aranyszarvas"], "zh": ["斯基泰金鹿"], "ru": ["Скифский золотой олень"]}, "ornament", ["gold"], ("6th century BCE", -600, -500), ("Zöldhalompuszta", 48.0, 20.7),
     {"en": ["A shield ornament of a stag with folded legs and branching antlers."], "zh": ["盾牌饰物，作屈腿鹿形，鹿角枝杈繁茂。"], "ru": ["Украшение щита: олень с подогнутыми ногами и ветвистыми рогами."]},
     [(3000, 2200)]),
    ("hnm", "HNM-70.3", {"en": ["Ottoman kaftan of silk brocade"], "hu": ["Oszmán selyembrokát kaftán"], "zh": ["奥斯曼丝绸织锦长袍"], "ru": ["Османский кафтан из шёлковой парчи"]}, "costume", ["silk", "silver thread"], ("16th century", 1550, 1600), ("Bursa", 40.19, 29.06),
     {"en": ["Woven in the silk workshops of Bursa and brought to Hungary as a diplomatic gift."], "zh": ["织于布尔萨的丝织作坊，作为外交礼物带到匈牙利。"], "ru": ["Соткан в шёлковых мастерских Бурсы и привезён в Венгрию как дипломатический дар."]},
     [(3400, 4800)]),
    ("hnm", "HNM-72.9", {"en": ["Roman glass beaker"], "hu": ["Római üvegpohár"], "zh": ["罗马玻璃杯"], "ru": ["Римский стеклянный стакан"]}, "vessel", ["glass"], ("3rd century", 200, 300), ("Aquincum", 47.56, 19.05),
     {"en": ["Blown glass with applied threads, traded along the Danube frontier."], "zh": ["吹制玻璃，饰缠丝，沿多瑙河边境贸易流通。"], "ru": ["Выдувное стекло с налепными нитями, ходившее в торговле вдоль дунайской границы."]},
     [(1800, 2400)]),
    ("fiji", "FM-1982.14", {"en": ["Kava bowl (tanoa)"], "fj": ["Tanoa"], "zh": ["卡瓦碗（tanoa）"], "ru": ["Чаша для кавы (таноа)"]}, "vessel", ["vesi wood", "coconut fibre"], ("19th century", 1800, 1880), ("Lau Islands", -18.2, -178.8),
     {"en": ["A round bowl on four legs for preparing kava at ceremonies of welcome."], "zh": ["四足圆碗，用于在迎宾仪式上调制卡瓦。"], "ru": ["Круглая чаша на четырёх ножках для приготовления кавы на церемониях приветствия."]},
     [(3200, 2400)]),
    ("fiji", "FM-1982.15", {"en": ["Barkcloth (masi) with stencilled design"], "fj": ["Masi"], "zh": ["镂版印花树皮布（masi）"], "ru": ["Тапа (маси) с трафаретным узором"]}, "textile", ["barkcloth", "pigment"], ("Early 20th century", 1900, 1930), ("Vatulele", -18.52, 177.63),
     {"en": ["Beaten mulberry bark decorated with black and red-brown stencils."], "zh": ["捶打而成的构树皮布，饰黑色与红褐色镂版图案。"], "ru": ["Выбитая кора шелковицы, украшенная чёрными и красно-коричневыми трафаретами."]},
     [(5000, 3400)]),
    ("fiji", "FM-1990.02", {"en": ["Whale-tooth pendant (tabua)"], "fj": ["Tabua"], "zh": ["鲸齿挂饰（tabua）"], "ru": ["Подвеска из зуба кита (табуа)"]}, "ornament", ["sperm whale tooth", "coconut fibre"], ("19th century", 1800, 1900), ("Viti Levu", -17.8, 178.0),
     {"en": ["A polished tooth on a braided cord, the most valued gift in Fijian exchange."], "zh": ["系于编绳上的磨光鲸齿，斐济交换中最珍贵的礼物。"], "ru": ["Полированный зуб на плетёном шнуре — самый ценный дар в фиджийском обмене."]},
     [(1600, 2200)]),
    ("fiji", "FM-2003.11", {"en": ["Lapita pottery sherd"], "fj": ["Lapita"], "zh": ["拉皮塔陶片"], "ru": ["Черепок керамики лапита"]}, "sherd", ["earthenware"], ("About 800 BCE", -900, -700), ("Sigatoka", -18.14, 177.51),
     {"en": ["A fragment with dentate stamped patterns, from the first settlers of the islands."], "zh": ["饰齿状压印纹的陶片，出自岛上最早的定居者。"], "ru": ["Фрагмент с зубчатым штампованным узором, оставленный первыми поселенцами островов."]},
     [(2000, 1600)]),
    ("iran", "NMI-3371", {"en": ["Achaemenid gold rhyton with lion"], "fa": ["ریتون زرین هخامنشی با سر شیر"], "zh": ["阿契美尼德狮首金来通杯"], "ru": ["Ахеменидский золотой ритон со львом"]}, "vessel", ["gold"], ("5th century BCE", -500, -400), ("Hamadan", 34.80, 48.51),
     {"en": ["A drinking horn ending in a winged lion, hammered from sheet gold."], "zh": ["以金片锤揲而成的角杯，末端作有翼狮形。"], "ru": ["Рог для питья, оканчивающийся крылатым львом, выкованный из листового золота."]},
     [(2600, 3400)]),
    ("iran", "NMI-3402", {"en": ["Lustre-painted bowl"], "fa": ["کاسه زرین‌فام"], "zh": ["虹彩釉碗"], "ru": ["Чаша с люстровой росписью"]}, "vessel", ["fritware", "lustre"], ("12th–13th century", 1150, 1250), ("Kashan", 33.98, 51.44),
     {"en": ["A bowl painted in metallic lustre with a seated figure and a band of writing."], "zh": ["以金属光泽彩绘坐像与一圈文字的碗。"], "ru": ["Чаша, расписанная металлическим люстром: сидящая фигура и пояс надписи."]},
     [(3000, 3000)]),
    ("iran", "NMI-3519", {"en": ["Sasanian silver plate with a royal hunt"], "fa": ["بشقاب سیمین ساسانی با صحنه شکار"], "zh": ["萨珊王室狩猎纹银盘"], "ru": ["Сасанидское серебряное блюдо с царской охотой"]}, "tableware", ["silver", "gold"], ("5th–6th century", 400, 600), ("Ctesiphon", 33.09, 44.58),
     {"en": ["A king on horseback shoots at rams, in relief with gilded details."], "zh": ["骑马的国王射猎公羊，浮雕，细部鎏金。"], "ru": ["Царь верхом стреляет в баранов; рельеф с позолоченными деталями."]},
     [(4200, 4200)]),
    ("iran", "NMI-3601", {"en": ["Painted pottery beaker from Susa"], "fa": ["ساغر سفالین منقوش شوش"], "zh": ["苏萨彩绘陶杯"], "ru": ["Расписной керамический кубок из Суз"]}, "vessel", ["earthenware", "pigment"], ("About 4000 BCE", -4200, -3800), ("Susa", 32.19, 48.26),
     {"en": ["A thin-walled beaker painted with an ibex whose horns form great circles."], "zh": ["薄壁陶杯，绘有一只北山羊，其角弯成巨大的圆环。"], "ru": ["Тонкостенный кубок, расписанный горным козлом, чьи рога образуют большие круги."]},
     [(2200, 3000)]),
    ("istanbul", "IAM-8812", {"en": ["Byzantine ivory panel"], "tr": ["Bizans fildişi levha"], "zh": ["拜占庭象牙板"], "ru": ["Византийская пластина из слоновой кости"]}, "relief", ["ivory"], ("6th century", 500, 600), ("Constantinople", 41.01, 28.98),
     {"en": ["A carved leaf of a diptych showing an official at the games."], "zh": ["双联板中的一片雕板，表现一位官员主持赛会。"], "ru": ["Резная створка диптиха с сановником на играх."]},
     [(2000, 3200)]),
    ("istanbul", "IAM-9040", {"en": ["Glass flask with trailed decoration"], "tr": ["İplik bezemeli cam şişe"], "zh": ["缠丝纹玻璃瓶"], "ru": ["Стеклянный флакон с накладными нитями"]}, "vessel", ["glass"], ("4th century", 300, 400), ("Antioch", 36.20, 36.16),
     {"en": ["A flask blown in the Levant and carried by traders to the Bosphorus."], "zh": ["在黎凡特吹制、由商人带到博斯普鲁斯的玻璃瓶。"], "ru": ["Флакон, выдутый в Леванте и привезённый торговцами к Босфору."]},
     [(1800, 2600)]),
    ("istanbul", "IAM-9155", {"en": ["Iznik tile with tulips"], "tr": ["Lale desenli İznik çinisi"], "zh": ["郁金香纹伊兹尼克瓷砖"], "ru": ["Изникская плитка с тюльпанами"]}, "tile", ["fritware", "pigment"], ("About 1570", 1560, 1580), ("İznik", 40.43, 29.72),
     {"en": ["An underglaze-painted tile with tulips and carnations in red, blue and green."], "zh": ["釉下彩绘瓷砖，以红、蓝、绿三色绘郁金香与康乃馨。"], "ru": ["Плитка с подглазурной росписью: тюльпаны и гвоздики красным, синим и зелёным."]},
     [(4000, 4000)]),
    ("istanbul", "IAM-9206", {"en": ["Hittite seal impression"], "tr": ["Hitit mühür baskısı"], "zh": ["赫梯印章封泥"], "ru": ["Хеттский оттиск печати"]}, "seal", ["clay"], ("14th century BCE", -1400, -1300), ("Hattusa", 40.02, 34.61),
     {"en": ["A clay bulla bearing a royal seal in hieroglyphic Luwian."], "zh": ["黏土封泥，钤有以卢维象形文字书写的王室印章。"], "ru": ["Глиняная булла с царской печатью, написанной лувийскими иероглифами."]},
     [(1600, 1600)]),
    ("samarkand", "SM-A-118", {"en": ["Sogdian wall painting fragment"], "uz": ["So'g'd devoriy rasmi bo'lagi"], "zh": ["粟特壁画残片"], "ru": ["Фрагмент согдийской стенописи"]}, "painting", ["plaster", "pigment"], ("7th century", 640, 680), ("Afrasiab", 39.67, 66.98),
     {"en": ["Part of a hall painting showing envoys arriving with gifts at a Sogdian court."], "zh": ["一座大厅壁画的一部分，描绘使者携礼来到粟特宫廷。"], "ru": ["Часть росписи зала: послы с дарами прибывают ко двору согдийского правителя."]},
     [(6400, 4200)]),
    ("samarkand", "SM-A-121", {"en": ["Ossuary with fire altar"], "uz": ["Otashkadali ostodon"], "zh": ["火坛纹纳骨瓮"], "ru": ["Оссуарий с алтарём огня"]}, "vessel", ["terracotta"], ("6th–7th century", 550, 700), ("Samarkand", 39.65, 66.97),
     {"en": ["A box for the bones of the dead, moulded with priests tending a fire."], "zh": ["盛放亡者骨殖的匣子，模印祭司守护圣火的场景。"], "ru": ["Ящик для костей умерших с оттиснутыми жрецами у огня."]},
     [(3000, 2400)]),
    ("samarkand", "SM-C-009", {"en": ["Silver drachm of a Sogdian ruler"], "uz": ["So'g'd hukmdori kumush drahmasi"], "zh": ["粟特君主银币（德拉克马）"], "ru": ["Серебряная драхма согдийского правителя"]}, "coin", ["silver"], ("7th century", 600, 700), ("Panjikent", 39.49, 67.61),
     {"en": ["A coin modelled on Sasanian drachms, struck for local trade."], "zh": ["仿萨珊德拉克马铸造、用于本地贸易的钱币。"], "ru": ["Монета по образцу сасанидских драхм, отчеканенная для местной торговли."]},
     [(1600, 1600)]),
    ("samarkand", "SM-C-044", {"en": ["Glazed bowl with Kufic inscription"], "uz": ["Kufiy yozuvli sirlangan kosa"], "zh": ["库法体铭文釉陶碗"], "ru": ["Глазурованная чаша с куфической надписью"]}, "vessel", ["earthenware", "slip"], ("10th century", 900, 1000), ("Samarkand", 39.65, 66.97),
     {"en": ["White slip with a band of black writing: blessing to its owner."], "zh": ["白色化妆土上一圈黑色文字：对主人的祝福。"], "ru": ["Белый ангоб с поясом чёрной надписи — благопожелание владельцу."]},
     [(3600, 3600)]),
    ("nmc", "NMC-2021-006", {"en": ["Map of the western regions, copy on paper"], "zh": ["西域图摹本"], "ru": ["Карта Западного края, копия на бумаге"]}, "map", ["paper", "ink"], ("Qing dynasty, 18th century", 1700, 1800), ("Beijing", 39.90, 116.40),
     {"en": ["A long painted map following the caravan route from the Jade Gate to the west."], "zh": ["一幅长卷彩绘地图，沿商队路线从玉门关向西展开。"], "ru": ["Длинная расписная карта караванного пути от Нефритовых ворот на запад."]},
     [(8000, 2400)]),
    ("hnm", "HNM-80.1", {"en": ["Holy Crown replica photograph plate"], "hu": ["Szent Korona másolat fotólemeze"], "zh": ["圣冠复制品照相底版"], "ru": ["Фотопластинка копии Святой короны"]}, "photograph", ["glass", "silver gelatin"], ("About 1900", 1895, 1905), ("Budapest", 47.50, 19.04),
     {"en": ["A glass negative used for early publications of the crown's enamels."], "zh": ["一张玻璃底片，用于早期出版圣冠珐琅的图像。"], "ru": ["Стеклянный негатив для ранних публикаций эмалей короны."]},
     [(2400, 3000)]),
]

# Each demo date's and place's words in Chinese and Russian (the English is in OBJECTS): the
# object's `date.label` and `place.label`.
DATE_WORDS = {
    "Yuan dynasty, about 1340": ("元代，约1340年", "Династия Юань, около 1340 года"),
    "Tang dynasty, 7th–8th century": ("唐代，7—8世纪", "Династия Тан, VII–VIII века"),
    "Tang dynasty, 8th century": ("唐代，8世纪", "Династия Тан, VIII век"),
    "Northern dynasties, 5th–6th century": ("北朝，5—6世纪", "Северные династии, V–VI века"),
    "Western Zhou, 11th–10th century BCE": ("西周，公元前11—前10世纪", "Западная Чжоу, XI–X века до н. э."),
    "Qin dynasty, about 210 BCE": ("秦代，约公元前210年", "Династия Цинь, около 210 года до н. э."),
    "6th century": ("6世纪", "VI век"),
    "Warring States, 4th–3rd century BCE": ("战国，公元前4—前3世纪",
                                            "Период Сражающихся царств, IV–III века до н. э."),
    "Spring and Autumn period, 6th century BCE": ("春秋，公元前6世纪", "Период Чуньцю, VI век до н. э."),
    "Western Han, 1st century BCE": ("西汉，公元前1世纪", "Западная Хань, I век до н. э."),
    "Eastern Han, 2nd century": ("东汉，2世纪", "Восточная Хань, II век"),
    "Ming dynasty, 16th century": ("明代，16世纪", "Династия Мин, XVI век"),
    "Qing dynasty, about 1740": ("清代，约1740年", "Династия Цин, около 1740 года"),
    "18th century": ("18世纪", "XVIII век"),
    "About 1765": ("约1765年", "Около 1765 года"),
    "7th–8th century": ("7—8世纪", "VII–VIII века"),
    "10th century": ("10世纪", "X век"),
    "6th century BCE": ("公元前6世纪", "VI век до н. э."),
    "16th century": ("16世纪", "XVI век"),
    "3rd century": ("3世纪", "III век"),
    "19th century": ("19世纪", "XIX век"),
    "Early 20th century": ("20世纪初", "Начало XX века"),
    "About 800 BCE": ("约公元前800年", "Около 800 года до н. э."),
    "5th century BCE": ("公元前5世纪", "V век до н. э."),
    "12th–13th century": ("12—13世纪", "XII–XIII века"),
    "5th–6th century": ("5—6世纪", "V–VI века"),
    "About 4000 BCE": ("约公元前4000年", "Около 4000 года до н. э."),
    "4th century": ("4世纪", "IV век"),
    "About 1570": ("约1570年", "Около 1570 года"),
    "14th century BCE": ("公元前14世纪", "XIV век до н. э."),
    "7th century": ("7世纪", "VII век"),
    "6th–7th century": ("6—7世纪", "VI–VII века"),
    "Qing dynasty, 18th century": ("清代，18世纪", "Династия Цин, XVIII век"),
    "About 1900": ("约1900年", "Около 1900 года"),
}
PLACE_WORDS = {
    "Jingdezhen": ("景德镇", "Цзиндэчжэнь"), "Chang'an": ("长安", "Чанъань"), "Luoyang": ("洛阳", "Лоян"),
    "Turpan": ("吐鲁番", "Турфан"), "Baoji": ("宝鸡", "Баоцзи"), "Xi'an": ("西安", "Сиань"),
    "Lintong": ("临潼", "Линьтун"), "Xianyang": ("咸阳", "Сяньян"), "Qufu": ("曲阜", "Цюйфу"),
    "Meissen": ("迈森", "Мейсен"), "Lyon": ("里昂", "Лион"), "Riga": ("里加", "Рига"),
    "Carpathian Basin": ("喀尔巴阡盆地", "Карпатский бассейн"), "Tiszabezdéd": ("蒂萨贝兹代德", "Тисабездед"),
    "Zöldhalompuszta": ("佐尔德哈洛姆普斯陶", "Зёльдхаломпуста"), "Bursa": ("布尔萨", "Бурса"),
    "Aquincum": ("阿昆库姆", "Аквинк"), "Lau Islands": ("劳群岛", "Острова Лау"),
    "Vatulele": ("瓦图莱莱岛", "Ватулеле"), "Viti Levu": ("维提岛", "Вити-Леву"), "Sigatoka": ("锡加托卡", "Сигатока"),
    "Hamadan": ("哈马丹", "Хамадан"), "Kashan": ("卡尚", "Кашан"), "Ctesiphon": ("泰西封", "Ктесифон"),
    "Susa": ("苏萨", "Сузы"), "Constantinople": ("君士坦丁堡", "Константинополь"), "Antioch": ("安条克", "Антиохия"),
    "İznik": ("伊兹尼克", "Изник"), "Hattusa": ("哈图沙", "Хаттуса"), "Afrasiab": ("阿夫拉西阿卜", "Афрасиаб"),
    "Samarkand": ("撒马尔罕", "Самарканд"), "Panjikent": ("片治肯特", "Пенджикент"), "Beijing": ("北京", "Пекин"),
    "Budapest": ("布达佩斯", "Будапешт"),
}


def in_demo_languages(english: str, words: dict[str, tuple[str, str]]) -> dict[str, list[str]]:
    """A demo date's or place's label: its English words and their Chinese and Russian."""
    chinese, russian = words[english]
    return {"en": [english], "zh": [chinese], "ru": [russian]}


# The credit line of a demo object, in the languages of the demo's texts.
DEMO_COLLECTION = {"en": "{museum}, demo collection", "zh": "{museum}，演示藏品", "ru": "{museum}, демонстрационная коллекция"}


def credit_line(museum_name: dict[str, list[str]]) -> dict[str, list[str]]:
    return {language: [line.format(museum=(museum_name.get(language) or museum_name["en"])[0])]
            for language, line in DEMO_COLLECTION.items()}


def _jpeg(image: Image.Image) -> io.BytesIO:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    buffer.seek(0)
    return buffer


def load_demo(platform: Platform, image_scale: float = 1.0, echo=print) -> int:
    """Load the demo alliance into the database; returns the number of objects added."""
    # The pictures are drawn with numpy, which a command other than this one need not load.
    from exhibitions.ops import demo_images

    with platform.db.transaction() as session:
        for slug, name, country, city, lat, lon, joined in MUSEUMS:
            if session.scalar(select(Museum).where(Museum.slug == slug)) is None:
                session.add(Museum(slug=slug, name=name, country=country, city=city, lat=lat, lon=lon,
                                   joined=date.fromisoformat(joined),
                                   homepage=f"https://{slug}.museums.example"))
    added = 0
    with click.progressbar(OBJECTS, label="Demo objects", show_pos=True) as objects:
        for seed, (slug, accession, title, object_type, materials, (display, start, end),
                   (place, lat, lon), description, sizes) in enumerate(objects):
            with platform.db.transaction() as session:
                museum = contribution.get_museum(session, slug)
                payload = {
                    "title": title, "description": description, "object_type": object_type,
                    "materials": materials,
                    "date": {"label": in_demo_languages(display, DATE_WORDS), "start": start, "end": end},
                    "place": {"label": in_demo_languages(place, PLACE_WORDS), "lat": lat, "lon": lon},
                    "rights": [CC_BY, CC0, NO_COPYRIGHT][seed % 3],
                    "credit_line": credit_line(museum.name),
                    "keywords": ["silk road", object_type],
                    "homepage": f"https://{slug}.museums.example/collection/{accession}",
                }
                obj, outcome = contribution.put_object(session, museum, accession, payload)
                if outcome == "created":
                    added += 1
                if not obj.images:
                    for width, height in sizes:
                        w, h = max(64, int(width * image_scale)), max(64, int(height * image_scale))
                        contribution.add_image(session, platform.images, obj,
                                               _jpeg(demo_images.photograph(w, h, seed, object_type, materials, title["en"][0])), f"{accession}.jpg")
    load_profiles(platform)
    load_exhibitions(platform, image_scale)
    platform.deliver_outbox()
    echo(f"The demo alliance holds {len(MUSEUMS)} museums, {len(OBJECTS)} objects ({added} new) "
         f"and the exhibitions {', '.join(repr(e['slug']) for e in demo_exhibitions.EXHIBITIONS)}.")
    return added


def load_profiles(platform: Platform) -> None:
    """Each museum's description and, as its profile image, its first object's first image."""
    with platform.db.transaction() as session:
        for museum in session.scalars(select(Museum).where(Museum.slug.in_(DESCRIPTIONS))):
            if museum.description is None:
                museum.description = dict(zip(("en", "zh", "ru"), ([text] for text in DESCRIPTIONS[museum.slug]),
                                              strict=True))
            first = session.scalar(select(MuseumObject).where(MuseumObject.museum_id == museum.id)
                                   .order_by(MuseumObject.accession))
            if museum.profile_image is None and first is not None and first.images:
                image = first.images[0]
                museum.profile_image, museum.profile_width, museum.profile_height = (
                    image.image_id, image.width, image.height)


def _scaled(region: str, scale: float) -> str:
    x, y, w, h = (int(int(n) * scale) for n in region.split(","))
    return f"{x},{y},{max(1, w)},{max(1, h)}"


def _resolved(value, object_of, media_of, scale: float):
    """A demo exhibition's document (or part of it) as the API takes it: accession numbers as
    object ids, regions scaled to the drawn images, media keys as the ids of the uploaded files."""
    if isinstance(value, list):
        return [_resolved(item, object_of, media_of, scale) for item in value]
    if not isinstance(value, dict) or "en" in value:
        return value
    resolved = {key: _resolved(item, object_of, media_of, scale) for key, item in value.items()}
    if isinstance(value.get("object"), str):
        resolved["object"] = object_of(value["object"])
    if isinstance(value.get("objects"), list):
        resolved["objects"] = [object_of(accession) for accession in value["objects"]]
    if value.get("region"):
        resolved["region"] = _scaled(value["region"], scale)
    if value.get("type") == "media":
        resolved["media"] = media_of(value["media"])
    return resolved


def _media_pieces(document: dict) -> list[str]:
    return [block["media"] for section in document["sections"] for block in section["blocks"]
            if block["type"] == "media"]


def _demo_media(platform: Platform, exhibition, key: str, image_scale: float) -> str:
    """The id of the demo's film or sound in the exhibition's media: made and uploaded the
    first time (through the same service as the API), found by its file name after that."""
    from exhibitions.ops import demo_media

    piece = demo_media.FILM if key == "film" else demo_media.SOUND
    with platform.db.sessions() as session:
        found = session.scalar(select(Media.id).where(Media.exhibition_id == exhibition.id,
                                                      Media.original_name == piece["name"]))
        if found:
            return found
        camel = session.scalar(select(MuseumObject).where(MuseumObject.accession == demo_media.FILM_OBJECT))
        photograph = platform.images.read(platform.images.master_key(camel.images[0].image_id))
    data = demo_media.film_of(photograph, small=image_scale < 0.5) if key == "film" else demo_media.sound()
    upload = Upload(stream=io.BytesIO(data), filename=piece["name"], content_type=None,
                    texts={name: json.dumps(piece[name], ensure_ascii=False) for name in ("label", "transcript")},
                    captions=piece["captions"])
    with platform.db.transaction() as session:
        row, _ = add_media(session, platform.media, upload, platform.settings.max_media_bytes,
                           exhibition=session.merge(exhibition))
        return row.id


def load_exhibitions(platform: Platform, image_scale: float = 1.0) -> None:
    """The demo exhibitions, published: their objects found by accession number, their film and
    sound made with ffmpeg and uploaded to them first (left out where ffmpeg is not installed)."""
    museum_of = {accession: slug for slug, accession, *_ in OBJECTS}

    def object_of(accession: str) -> str:
        return contribution.object_id_for(museum_of[accession], accession)

    with_media = shutil.which("ffmpeg") is not None
    for exhibition in demo_exhibitions.EXHIBITIONS:
        slug = exhibition["slug"]
        document = {key: value for key, value in exhibition.items() if key != "slug"}
        if not with_media:
            document["sections"] = [{**section, "blocks": [block for block in section["blocks"]
                                                            if block["type"] != "media"]}
                                    for section in document["sections"]]
        media_ids = {}
        if _media_pieces(document):
            with platform.db.transaction() as session:
                # The media belong to the exhibition: it exists (a draft) before they are uploaded.
                row = session.scalar(select(Exhibition).where(Exhibition.slug == slug))
                if row is None:
                    row, _ = documents.put_exhibition(session, slug, {"title": document["title"]})
                session.expunge(row)
            media_ids = {key: _demo_media(platform, row, key, image_scale) for key in _media_pieces(document)}
        with platform.db.transaction() as session:
            row, _ = documents.put_exhibition(session, slug, _resolved(document, object_of, media_ids.get,
                                                                       image_scale))
            documents.publish(session, row)


demo_cli = AppGroup("demo", help="The demo alliance.")


@demo_cli.command("load")
@click.option("--image-scale", default=1.0, show_default=True, type=click.FloatRange(0.01, 1.0),
              help="Draw the images smaller (tests use this to stay fast).")
@click.option("--if-empty", is_flag=True, help="Only into a database that holds no object yet.")
def demo_load(image_scale, if_empty):
    """Load the demo museums, objects, images and exhibition (again: nothing is duplicated)."""
    platform = current_platform()
    if if_empty and not database_is_empty(platform):
        click.echo("The database already holds objects; the demo is not loaded.")
        return
    load_demo(platform, image_scale, echo=click.echo)


def database_is_empty(platform: Platform) -> bool:
    with platform.db.sessions() as session:
        return not session.scalar(select(func.count()).select_from(MuseumObject))
