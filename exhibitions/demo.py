"""The demo alliance: member museums, about forty objects with their photographs, exhibitions.

Every text here was written for the demo and every image is drawn by our own code
(exhibitions.demo_images), so the demo can be shipped and changed freely. Loading goes through the same services as the API.
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

from exhibitions import contribution, curation, demo_exhibitions, demo_images, demo_media
from exhibitions.media import Upload, add_media
from exhibitions.models import Exhibition, Media, Museum, MuseumObject
from exhibitions.platform import Platform
from exhibitions.web import current_platform

CC_BY = "http://creativecommons.org/licenses/by/4.0/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
NO_COPYRIGHT = "http://rightsstatements.org/vocab/NoC-US/1.0/"

# slug, names by language, country, city, lat, lon, joined
MUSEUMS = [
    ("nmc", {"en": ["National Museum of China"], "zh": ["中国国家博物馆"]}, "CN", "Beijing", 39.9035, 116.4010, "2017-05-01"),
    ("rundale", {"en": ["Rundāle Palace Museum"], "lv": ["Rundāles pils muzejs"]}, "LV", "Pilsrundāle", 56.4136, 24.0247, "2019-10-15"),
    ("hnm", {"en": ["Hungarian National Museum"], "hu": ["Magyar Nemzeti Múzeum"]}, "HU", "Budapest", 47.4910, 19.0618, "2018-06-12"),
    ("fiji", {"en": ["Fiji Museum"]}, "FJ", "Suva", -18.1497, 178.4250, "2021-05-28"),
    ("confucius", {"en": ["Confucius Museum"], "zh": ["孔子博物馆"]}, "CN", "Qufu", 35.5810, 116.9860, "2021-05-28"),
    ("shaanxi", {"en": ["Shaanxi History Museum"], "zh": ["陕西历史博物馆"]}, "CN", "Xi'an", 34.2237, 108.9571, "2017-05-01"),
    ("iran", {"en": ["National Museum of Iran"], "fa": ["موزه ملی ایران"]}, "IR", "Tehran", 35.6870, 51.4145, "2018-06-12"),
    ("istanbul", {"en": ["Istanbul Archaeology Museums"], "tr": ["İstanbul Arkeoloji Müzeleri"]}, "TR", "Istanbul", 41.0117, 28.9811, "2019-10-15"),
    ("samarkand", {"en": ["Samarkand State Museum-Reserve"], "uz": ["Samarqand davlat muzey-qo'riqxonasi"]}, "UZ", "Samarkand", 39.6547, 66.9758, "2019-10-15"),
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
# description (en), image sizes (width, height) — the large ones are what deep zoom is for.
OBJECTS = [
    ("nmc", "NMC-2021-001", {"en": ["Blue-and-white jar with dragon among clouds"], "zh": ["青花云龙纹罐"]}, "vessel", ["porcelain", "cobalt"], ("Yuan dynasty, about 1340", 1330, 1360), ("Jingdezhen", 29.27, 117.18), "A wide-shouldered jar painted in cobalt blue under a clear glaze; a dragon chases a flaming pearl through scrolling clouds.", [(5200, 4000)]),
    ("nmc", "NMC-2021-002", {"en": ["Bronze mirror with grape and animal design"], "zh": ["海兽葡萄纹铜镜"]}, "mirror", ["bronze"], ("Tang dynasty, 7th–8th century", 650, 750), ("Chang'an", 34.26, 108.94), "Cast mirror whose back shows lions and birds among grapevines, a motif that came east along the Silk Road.", [(3000, 3000)]),
    ("nmc", "NMC-2021-003", {"en": ["Painted pottery camel with rider"], "zh": ["彩绘陶骑驼俑"]}, "figure", ["earthenware", "pigment"], ("Tang dynasty, 8th century", 700, 800), ("Luoyang", 34.62, 112.45), "A Bactrian camel carrying a traveller and his bundles, made for a tomb.", [(2400, 3200)]),
    ("nmc", "NMC-2021-004", {"en": ["Silk fragment with paired birds"], "zh": ["对鸟纹锦残片"]}, "textile", ["silk"], ("Northern dynasties, 5th–6th century", 420, 589), ("Turpan", 42.95, 89.19), "Weft-faced compound weave with confronted birds in roundels.", [(4400, 3000)]),
    ("nmc", "NMC-2021-005", {"en": ["Bronze ritual wine vessel (zun)"], "zh": ["青铜尊"]}, "vessel", ["bronze"], ("Western Zhou, 11th–10th century BCE", -1046, -900), ("Baoji", 34.36, 107.24), "A ritual vessel for wine with a flaring mouth and taotie masks.", [(2000, 2600)]),
    ("shaanxi", "SHM-0107", {"en": ["Gilded silver bowl with lotus petals"], "zh": ["鎏金莲瓣纹银碗"]}, "vessel", ["silver", "gold"], ("Tang dynasty, 8th century", 700, 800), ("Xi'an", 34.26, 108.94), "A hammered silver bowl with chased lotus petals, partly gilded, in a Sogdian manner.", [(4000, 4000)]),
    ("shaanxi", "SHM-0212", {"en": ["Terracotta warrior's head"], "zh": ["兵马俑头像"]}, "sculpture", ["earthenware"], ("Qin dynasty, about 210 BCE", -221, -206), ("Lintong", 34.38, 109.27), "A head from a life-size figure of the army buried near the first emperor's tomb.", [(3000, 4000)]),
    ("shaanxi", "SHM-0330", {"en": ["Gold coin of the Byzantine emperor Justinian"], "zh": ["东罗马金币"]}, "coin", ["gold"], ("6th century", 527, 565), ("Xianyang", 34.33, 108.71), "A solidus found in a tomb in China, proof of exchange across the whole route.", [(1600, 1600)]),
    ("shaanxi", "SHM-0418", {"en": ["Jade disc (bi) with grain pattern"], "zh": ["谷纹玉璧"]}, "ornament", ["jade"], ("Warring States, 4th–3rd century BCE", -400, -221), ("Xi'an", 34.26, 108.94), "A flat jade ring carved with rows of raised spirals.", [(2200, 2200)]),
    ("confucius", "CM-1001", {"en": ["Ritual food vessel (gui)"], "zh": ["青铜簋"]}, "vessel", ["bronze"], ("Spring and Autumn period, 6th century BCE", -600, -500), ("Qufu", 35.58, 116.99), "A two-handled bronze bowl for offerings of grain at ancestral rites.", [(2400, 2000)]),
    ("confucius", "CM-1002", {"en": ["Bamboo slips of the Analects"], "zh": ["论语竹简"]}, "manuscript", ["bamboo", "ink"], ("Western Han, 1st century BCE", -100, -1), ("Qufu", 35.58, 116.99), "Strips of bamboo written in ink, tied in order to form a scroll.", [(6000, 1800)]),
    ("confucius", "CM-1003", {"en": ["Stone stele with a temple inscription"], "zh": ["孔庙碑"]}, "inscription", ["limestone"], ("Eastern Han, 2nd century", 150, 160), ("Qufu", 35.58, 116.99), "A stele recording repairs to the temple, in clerical script.", [(2600, 4800)]),
    ("confucius", "CM-1004", {"en": ["Court robe of the Kong family"], "zh": ["孔府朝服"]}, "costume", ["silk", "gold thread"], ("Ming dynasty, 16th century", 1500, 1600), ("Qufu", 35.58, 116.99), "A robe of red silk with embroidered cranes, kept by the family for generations.", [(3600, 4400)]),
    ("rundale", "RPM-P-211", {"en": ["Chinese export porcelain plate with armorial"], "lv": ["Ķīnas eksporta porcelāna šķīvis ar ģerboni"]}, "tableware", ["porcelain", "enamel"], ("Qing dynasty, about 1740", 1730, 1750), ("Jingdezhen", 29.27, 117.18), "Ordered through merchants in Canton and painted with a Baltic family's coat of arms.", [(3200, 3200)]),
    ("rundale", "RPM-P-212", {"en": ["Tea bowl and saucer"], "lv": ["Tējas bļodiņa ar apakštasīti"]}, "tableware", ["porcelain"], ("18th century", 1720, 1760), ("Meissen", 51.16, 13.47), "European porcelain made in imitation of Chinese blue-and-white.", [(2400, 1800)]),
    ("rundale", "RPM-T-034", {"en": ["Silk wall hanging with flowering branches"], "lv": ["Zīda sienas pārklājs ar ziedošiem zariem"]}, "textile", ["silk"], ("18th century", 1750, 1790), ("Lyon", 45.76, 4.84), "Woven silk used to line a palace room, its flowers drawn from Chinese models.", [(4800, 3600)]),
    ("rundale", "RPM-L-007", {"en": ["Lacquered cabinet in the Chinese taste"], "lv": ["Lakots kabinets ķīniešu gaumē"]}, "furniture", ["wood", "lacquer"], ("About 1765", 1760, 1770), ("Riga", 56.95, 24.11), "A cabinet with black and gold lacquer imitating work from East Asia.", [(3000, 3800)]),
    ("hnm", "HNM-55.1", {"en": ["Avar belt ornaments"], "hu": ["Avar övveretek"]}, "ornament", ["gilded bronze"], ("7th–8th century", 650, 800), ("Carpathian Basin", 47.0, 19.5), "Cast belt fittings with griffins and tendrils, made by steppe riders who settled in the Carpathian Basin.", [(3600, 2400)]),
    ("hnm", "HNM-55.2", {"en": ["Sabretache plate from Tiszabezdéd"], "hu": ["Tiszabezdédi tarsolylemez"]}, "ornament", ["silver", "gold"], ("10th century", 900, 1000), ("Tiszabezdéd", 48.36, 22.15), "The cover of a pouch with a palmette tree, from a warrior's grave of the Conquest period.", [(4200, 4600)]),
    ("hnm", "HNM-61.7", {"en": ["Scythian gold stag"], "hu": ["Szkíta aranyszarvas"]}, "ornament", ["gold"], ("6th century BCE", -600, -500), ("Zöldhalompuszta", 48.0, 20.7), "A shield ornament of a stag with folded legs and branching antlers.", [(3000, 2200)]),
    ("hnm", "HNM-70.3", {"en": ["Ottoman kaftan of silk brocade"], "hu": ["Oszmán selyembrokát kaftán"]}, "costume", ["silk", "silver thread"], ("16th century", 1550, 1600), ("Bursa", 40.19, 29.06), "Woven in the silk workshops of Bursa and brought to Hungary as a diplomatic gift.", [(3400, 4800)]),
    ("hnm", "HNM-72.9", {"en": ["Roman glass beaker"], "hu": ["Római üvegpohár"]}, "vessel", ["glass"], ("3rd century", 200, 300), ("Aquincum", 47.56, 19.05), "Blown glass with applied threads, traded along the Danube frontier.", [(1800, 2400)]),
    ("fiji", "FM-1982.14", {"en": ["Kava bowl (tanoa)"], "fj": ["Tanoa"]}, "vessel", ["vesi wood", "coconut fibre"], ("19th century", 1800, 1880), ("Lau Islands", -18.2, -178.8), "A round bowl on four legs for preparing kava at ceremonies of welcome.", [(3200, 2400)]),
    ("fiji", "FM-1982.15", {"en": ["Barkcloth (masi) with stencilled design"], "fj": ["Masi"]}, "textile", ["barkcloth", "pigment"], ("Early 20th century", 1900, 1930), ("Vatulele", -18.52, 177.63), "Beaten mulberry bark decorated with black and red-brown stencils.", [(5000, 3400)]),
    ("fiji", "FM-1990.02", {"en": ["Whale-tooth pendant (tabua)"], "fj": ["Tabua"]}, "ornament", ["sperm whale tooth", "coconut fibre"], ("19th century", 1800, 1900), ("Viti Levu", -17.8, 178.0), "A polished tooth on a braided cord, the most valued gift in Fijian exchange.", [(1600, 2200)]),
    ("fiji", "FM-2003.11", {"en": ["Lapita pottery sherd"], "fj": ["Lapita"]}, "sherd", ["earthenware"], ("About 800 BCE", -900, -700), ("Sigatoka", -18.14, 177.51), "A fragment with dentate stamped patterns, from the first settlers of the islands.", [(2000, 1600)]),
    ("iran", "NMI-3371", {"en": ["Achaemenid gold rhyton with lion"], "fa": ["ریتون زرین هخامنشی با سر شیر"]}, "vessel", ["gold"], ("5th century BCE", -500, -400), ("Hamadan", 34.80, 48.51), "A drinking horn ending in a winged lion, hammered from sheet gold.", [(2600, 3400)]),
    ("iran", "NMI-3402", {"en": ["Lustre-painted bowl"], "fa": ["کاسه زرین‌فام"]}, "vessel", ["fritware", "lustre"], ("12th–13th century", 1150, 1250), ("Kashan", 33.98, 51.44), "A bowl painted in metallic lustre with a seated figure and a band of writing.", [(3000, 3000)]),
    ("iran", "NMI-3519", {"en": ["Sasanian silver plate with a royal hunt"], "fa": ["بشقاب سیمین ساسانی با صحنه شکار"]}, "tableware", ["silver", "gold"], ("5th–6th century", 400, 600), ("Ctesiphon", 33.09, 44.58), "A king on horseback shoots at rams, in relief with gilded details.", [(4200, 4200)]),
    ("iran", "NMI-3601", {"en": ["Painted pottery beaker from Susa"], "fa": ["ساغر سفالین منقوش شوش"]}, "vessel", ["earthenware", "pigment"], ("About 4000 BCE", -4200, -3800), ("Susa", 32.19, 48.26), "A thin-walled beaker painted with an ibex whose horns form great circles.", [(2200, 3000)]),
    ("istanbul", "IAM-8812", {"en": ["Byzantine ivory panel"], "tr": ["Bizans fildişi levha"]}, "relief", ["ivory"], ("6th century", 500, 600), ("Constantinople", 41.01, 28.98), "A carved leaf of a diptych showing an official at the games.", [(2000, 3200)]),
    ("istanbul", "IAM-9040", {"en": ["Glass flask with trailed decoration"], "tr": ["İplik bezemeli cam şişe"]}, "vessel", ["glass"], ("4th century", 300, 400), ("Antioch", 36.20, 36.16), "A flask blown in the Levant and carried by traders to the Bosphorus.", [(1800, 2600)]),
    ("istanbul", "IAM-9155", {"en": ["Iznik tile with tulips"], "tr": ["Lale desenli İznik çinisi"]}, "tile", ["fritware", "pigment"], ("About 1570", 1560, 1580), ("İznik", 40.43, 29.72), "An underglaze-painted tile with tulips and carnations in red, blue and green.", [(4000, 4000)]),
    ("istanbul", "IAM-9206", {"en": ["Hittite seal impression"], "tr": ["Hitit mühür baskısı"]}, "seal", ["clay"], ("14th century BCE", -1400, -1300), ("Hattusa", 40.02, 34.61), "A clay bulla bearing a royal seal in hieroglyphic Luwian.", [(1600, 1600)]),
    ("samarkand", "SM-A-118", {"en": ["Sogdian wall painting fragment"], "uz": ["So'g'd devoriy rasmi bo'lagi"]}, "painting", ["plaster", "pigment"], ("7th century", 640, 680), ("Afrasiab", 39.67, 66.98), "Part of a hall painting showing envoys arriving with gifts at a Sogdian court.", [(6400, 4200)]),
    ("samarkand", "SM-A-121", {"en": ["Ossuary with fire altar"], "uz": ["Otashkadali ostodon"]}, "vessel", ["terracotta"], ("6th–7th century", 550, 700), ("Samarkand", 39.65, 66.97), "A box for the bones of the dead, moulded with priests tending a fire.", [(3000, 2400)]),
    ("samarkand", "SM-C-009", {"en": ["Silver drachm of a Sogdian ruler"], "uz": ["So'g'd hukmdori kumush drahmasi"]}, "coin", ["silver"], ("7th century", 600, 700), ("Panjikent", 39.49, 67.61), "A coin modelled on Sasanian drachms, struck for local trade.", [(1600, 1600)]),
    ("samarkand", "SM-C-044", {"en": ["Glazed bowl with Kufic inscription"], "uz": ["Kufiy yozuvli sirlangan kosa"]}, "vessel", ["earthenware", "slip"], ("10th century", 900, 1000), ("Samarkand", 39.65, 66.97), "White slip with a band of black writing: blessing to its owner.", [(3600, 3600)]),
    ("nmc", "NMC-2021-006", {"en": ["Map of the western regions, copy on paper"], "zh": ["西域图摹本"]}, "map", ["paper", "ink"], ("Qing dynasty, 18th century", 1700, 1800), ("Beijing", 39.90, 116.40), "A long painted map following the caravan route from the Jade Gate to the west.", [(8000, 2400)]),
    ("hnm", "HNM-80.1", {"en": ["Holy Crown replica photograph plate"], "hu": ["Szent Korona másolat fotólemeze"]}, "photograph", ["glass", "silver gelatin"], ("About 1900", 1895, 1905), ("Budapest", 47.50, 19.04), "A glass negative used for early publications of the crown's enamels.", [(2400, 3000)]),
]

def _jpeg(image: Image.Image) -> io.BytesIO:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    buffer.seek(0)
    return buffer


def load_demo(platform: Platform, image_scale: float = 1.0, echo=print) -> int:
    """Load the demo alliance into the database; returns the number of objects added."""
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
                    "title": title, "description": {"en": [description]}, "object_type": object_type,
                    "materials": materials, "date": {"display": display, "start": start, "end": end},
                    "place": {"name": place, "lat": lat, "lon": lon},
                    "rights": [CC_BY, CC0, NO_COPYRIGHT][seed % 3],
                    "credit_line": {"en": [f"{museum.name['en'][0]}, demo collection"]},
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
                    row, _ = curation.put_exhibition(session, slug, {"title": document["title"]})
                session.expunge(row)
            media_ids = {key: _demo_media(platform, row, key, image_scale) for key in _media_pieces(document)}
        with platform.db.transaction() as session:
            row, _ = curation.put_exhibition(session, slug, _resolved(document, object_of, media_ids.get,
                                                                       image_scale))
            curation.publish(session, row)


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
