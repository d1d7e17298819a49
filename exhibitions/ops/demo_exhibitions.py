"""The demo's three exhibitions, in English, Chinese and Russian: silk, silver and porcelain;
music on the roads; a caravan from Chang'an to Constantinople. Between them they use every block
type. Objects are named by accession number and regions are in pixels of the full-size images
(demo.load_exhibitions finds the objects and scales the regions); a media block names the demo's
film or sound (demo_media) by the key "film" or "sound".

The texts were written for the demo: general and true in substance, never a claim about a real
museum's object.
"""

from __future__ import annotations


def t(en: str, zh: str, ru: str) -> dict[str, list[str]]:
    return {"en": [en], "zh": [zh], "ru": [ru]}


THREADS = {
    "slug": "threads-of-the-silk-road",
    "title": t("Threads of the Silk Road", "丝路之线", "Нити Шёлкового пути"),
    "summary": t("Silk, silver and porcelain that crossed deserts and seas, from nine museums of the alliance.",
                 "穿越沙漠与海洋的丝绸、银器与瓷器，来自联盟的九座博物馆。",
                 "Шёлк, серебро и фарфор, пересекавшие пустыни и моря, — из девяти музеев альянса."),
    "cover": {"object": "NMC-2021-004", "region": "0,0,4400,2400"},
    "sections": [
        {"title": t("Woven wealth", "织就的财富", "Сотканное богатство"),
         "text": t("Silk was money, gift and message. These pieces travelled thousands of kilometres.",
                   "丝绸是货币，是礼物，也是讯息。这些织物曾跋涉数千公里。",
                   "Шёлк был деньгами, даром и посланием. Эти ткани прошли тысячи километров."),
         "blocks": [
             {"type": "object", "object": "NMC-2021-004", "region": "0,0,2000,1500", "layout": "left",
              "caption": t("The paired birds sit inside pearl roundels, a Persian frame for a Chinese weave.",
                           "成对的鸟立于联珠圈中：中国的织造，波斯的框饰。",
                           "Парные птицы в жемчужных медальонах: персидская рамка для китайского тканья.")},
             {"type": "object", "object": "RPM-T-034", "layout": "right",
              "caption": t("A Baltic palace lined with silk from Lyon, its flowers borrowed from China.",
                           "波罗的海宫殿以里昂丝绸装饰墙面，其花卉纹样借自中国。",
                           "Балтийский дворец, обитый лионским шёлком, чьи цветы заимствованы из Китая.")},
             {"type": "quote",
              "quote": t("Of the silk of the Seres, the world's ladies make garments that show more than they hide.",
                         "赛里斯人的丝绸被制成衣裳，贵妇们穿上它，遮掩的不如显露的多。",
                         "Из шёлка серов знатные дамы шьют одежды, которые больше открывают, чем скрывают."),
              "attribution": t("After Pliny the Elder, Natural History", "据老普林尼《自然史》",
                               "По Плинию Старшему, «Естественная история»")},
             {"type": "gallery", "style": "strip",
              "items": [{"object": "HNM-70.3", "region": "800,1200,1600,1600",
                         "caption": t("The pomegranates of the brocade, woven in Bursa.",
                                      "织锦上的石榴纹，织于布尔萨。", "Гранаты парчи, сотканной в Бурсе.")},
                        {"object": "FM-1982.15"}, {"object": "NMC-2021-006"}],
              "caption": t("Cloth and paper that carried patterns along the road.",
                           "布与纸，把纹样带上了路。", "Ткань и бумага, нёсшие узоры по дороге.")},
         ]},
        {"title": t("Silver and gold", "金银", "Серебро и золото"),
         "text": t("Metalwork carried the styles of Iran and Sogdiana east to Chang'an.",
                   "金属器把伊朗和粟特的风格带到了东方的长安。",
                   "Изделия из металла несли стили Ирана и Согдианы на восток, в Чанъань."),
         "blocks": [
             {"type": "object", "object": "SHM-0107", "region": "1000,1000,2000,2000", "layout": "full",
              "caption": t("Chased lotus petals: a Buddhist flower in a Sogdian technique.",
                           "錾刻的莲瓣：佛教的花，粟特的工艺。",
                           "Чеканные лепестки лотоса: буддийский цветок в согдийской технике.")},
             {"type": "text",
              "text": t("<p>A king's hunt on a Sasanian plate and a Sogdian coin struck on Sasanian models: "
                        "one court's images became another's money.</p>",
                        "<p>萨珊银盘上的帝王狩猎，仿萨珊样式铸造的粟特钱币：一个宫廷的图像，成了另一个地方的货币。</p>",
                        "<p>Царская охота на сасанидском блюде и согдийская монета по сасанидскому образцу: "
                        "образы одного двора стали деньгами другого.</p>")},
             {"type": "compare",
              "items": [{"object": "NMI-3519", "caption": t("The royal hunt, a favourite Sasanian theme.",
                                                            "帝王狩猎，萨珊艺术钟爱的题材。",
                                                            "Царская охота — любимая тема Сасанидов.")},
                        {"object": "SM-C-009", "caption": t("A Sogdian drachm after Sasanian models.",
                                                            "仿萨珊样式的粟特德拉克马银币。",
                                                            "Согдийская драхма по сасанидскому образцу.")}],
              "caption": t("Iran and Sogdiana, side by side.", "伊朗与粟特，并排而观。",
                           "Иран и Согдиана рядом.")},
             {"type": "object", "object": "SM-A-118", "region": "2000,800,2400,1800", "layout": "right",
              "caption": t("Envoys bring gifts to the ruler of Samarkand.", "使者向撒马尔罕的君主献礼。",
                           "Послы несут дары правителю Самарканда.")},
         ]},
        {"title": t("Blue and white", "青花", "Синее и белое"),
         "text": t("Cobalt from Iran, clay from Jingdezhen, buyers in Riga and Istanbul.",
                   "伊朗的钴料，景德镇的瓷土，里加与伊斯坦布尔的买家。",
                   "Кобальт из Ирана, глина из Цзиндэчжэня, покупатели в Риге и Стамбуле."),
         "blocks": [
             {"type": "object", "object": "NMC-2021-001", "region": "1400,900,2400,1800", "layout": "left",
              "caption": t("The dragon's head, painted in cobalt brought from Persia.", "龙首，以来自波斯的钴料绘成。",
                           "Голова дракона, написанная кобальтом из Персии.")},
             {"type": "object", "object": "RPM-P-211", "layout": "right",
              "caption": t("Porcelain made to order for a Baltic family.", "为波罗的海一个家族定制的瓷器。",
                           "Фарфор, сделанный на заказ для балтийской семьи.")},
             {"type": "gallery", "style": "grid",
              "items": [{"object": "NMI-3402"}, {"object": "IAM-9155"}, {"object": "SM-C-044"}],
              "caption": t("Glazes answered each other from Kashan to İznik and Samarkand.",
                           "从卡尚到伊兹尼克和撒马尔罕，釉色彼此呼应。",
                           "Глазури перекликались от Кашана до Изника и Самарканда.")},
         ]},
    ],
}

MUSIC = {
    "slug": "music-on-the-road",
    "title": t("Music on the Road", "路上的音乐", "Музыка в пути"),
    "summary": t("Caravans carried songs and instruments as well as goods. Listen, and look at the "
                 "objects that kept music in the rites and at the courts.",
                 "商队运送的不只是货物，还有歌曲与乐器。请聆听，并看看那些在礼仪与宫廷中保存了音乐的器物。",
                 "Караваны везли не только товары, но и песни, и инструменты. Послушайте и посмотрите "
                 "на предметы, хранившие музыку в обрядах и при дворах."),
    "cover": {"object": "SM-A-118", "region": "0,0,3200,2100"},
    "sections": [
        {"title": t("Listening to the road", "聆听道路", "Слушая дорогу"),
         "text": t("No recording survives from the caravans. What survives are instruments shown in paintings "
                   "and figures, and texts that tell how music sounded and what it meant.",
                   "商队的声音没有留下录音。留下来的，是绘画和陶俑中的乐器，以及讲述音乐如何响起、有何意义的文字。",
                   "От караванов не осталось записей. Остались инструменты на росписях и в фигурках "
                   "и тексты о том, как звучала музыка и что она значила."),
         "blocks": [
             {"type": "media", "media": "sound",
              "caption": t("Plucked lutes travelled from Central Asia to China, where the pipa became a court "
                           "instrument. This short melody was made for the exhibition.",
                           "弹拨的琉特琴类乐器从中亚传入中国，琵琶由此成为宫廷乐器。这段短曲是为本展览制作的。",
                           "Щипковые лютни пришли из Средней Азии в Китай, где пипа стала придворным "
                           "инструментом. Эта короткая мелодия создана для выставки.")},
             {"type": "text",
              "text": t("<p>Musicians from Kucha, Bukhara and Samarkand were prized at the Tang court, and "
                        "their tunes changed Chinese music for centuries.</p>",
                        "<p>来自龟兹、布哈拉和撒马尔罕的乐人在唐代宫廷备受推崇，他们的曲调影响了中国音乐数百年。</p>",
                        "<p>Музыкантов из Кучи, Бухары и Самарканда ценили при дворе Тан, и их напевы "
                        "веками меняли китайскую музыку.</p>")},
             {"type": "object", "object": "NMC-2021-003", "layout": "right",
              "caption": t("Tomb figures of travellers and camels often came with figures of musicians, "
                           "so that the dead would not go without music.",
                           "随葬的旅人与骆驼俑常与乐俑同出，使逝者不致没有音乐相伴。",
                           "Погребальные фигурки путников и верблюдов часто сопровождали фигурки "
                           "музыкантов, чтобы умерший не остался без музыки.")},
         ]},
        {"title": t("Music and ritual", "乐与礼", "Музыка и обряд"),
         "text": t("In early China, rites and music went together: vessels for food and wine were set out "
                   "while bells and chime stones played.",
                   "在早期中国，礼与乐相伴而行：陈设盛放食物与酒的礼器时，钟磬齐鸣。",
                   "В древнем Китае обряд и музыка шли рука об руку: сосуды для пищи и вина "
                   "расставляли под звуки колоколов и каменных гонгов."),
         "blocks": [
             {"type": "quote",
              "quote": t("When the Master was in Qi, he heard the Shao music, and for three months he did not "
                         "know the taste of meat.", "子在齐闻《韶》，三月不知肉味。",
                         "Находясь в Ци, Учитель услышал музыку шао и три месяца не чувствовал вкуса мяса."),
              "attribution": t("The Analects of Confucius, 7.14", "《论语·述而》", "«Лунь юй», 7.14")},
             {"type": "compare",
              "items": [{"object": "CM-1001", "caption": t("A gui, for offerings of grain.", "簋，用以盛放谷物祭品。",
                                                           "Гуй — для подношений зерна.")},
                        {"object": "NMC-2021-005", "caption": t("A zun, for wine.", "尊，用以盛酒。",
                                                                "Цзунь — для вина.")}],
              "caption": t("Two ritual bronzes, for food and for wine.", "两件青铜礼器，一盛食，一盛酒。",
                           "Два ритуальных бронзовых сосуда: для пищи и для вина.")},
             {"type": "gallery", "style": "grid",
              "items": [{"object": "CM-1002"}, {"object": "CM-1003"}, {"object": "CM-1004"}],
              "caption": t("Words, stone and silk from the home of Confucius, who held music to be part of "
                           "learning.", "来自孔子故里的竹简、石碑与丝绸；孔子视音乐为学问的一部分。",
                           "Слова, камень и шёлк с родины Конфуция, считавшего музыку частью учения.")},
             {"type": "timeline", "objects": ["NMC-2021-005", "CM-1001", "CM-1002", "CM-1003", "NMC-2021-003",
                                              "CM-1004"],
              "caption": t("Three thousand years of ritual and music, in the order of the objects' dates.",
                           "三千年的礼与乐，按器物年代排列。",
                           "Три тысячи лет обряда и музыки — в порядке датировки предметов.")},
         ]},
    ],
}

CARAVAN = {
    "slug": "from-changan-to-constantinople",
    "title": t("From Chang'an to Constantinople", "从长安到君士坦丁堡", "От Чанъаня до Константинополя"),
    "summary": t("Follow a caravan road across Asia, oasis by oasis, and the things that made the journey "
                 "in both directions.", "沿着一条商队之路穿越亚洲，一个绿洲接一个绿洲，看看那些双向远行的物品。",
                 "Пройдите караванным путём через Азию, от оазиса к оазису, вместе с вещами, "
                 "проделавшими этот путь в обе стороны."),
    "cover": {"object": "NMC-2021-006", "region": "0,0,4000,2400"},
    "sections": [
        {"title": t("Setting out", "启程", "В путь"),
         "text": t("Few merchants went the whole way. Goods passed from hand to hand, city to city, over "
                   "months and years.", "很少有商人走完全程。货物在一座座城市之间辗转易手，历时数月乃至数年。",
                   "Мало кто из купцов проходил весь путь. Товары переходили из рук в руки, из города "
                   "в город, месяцами и годами."),
         "blocks": [
             {"type": "media", "media": "film",
              "caption": t("Before the road: a tomb figure of a camel and its rider, seen slowly from top to "
                           "bottom.", "启程之前：一件骆驼与骑者的随葬俑，自上而下缓缓看去。",
                           "Перед дорогой: погребальная фигурка верблюда со всадником, сверху вниз.")},
             {"type": "object", "object": "NMC-2021-002", "layout": "left",
              "caption": t("Grapes and lions on a mirror cast in Chang'an: motifs that had come from the west.",
                           "长安铸造的铜镜上的葡萄与狮子：从西方传来的纹样。",
                           "Виноград и львы на зеркале, отлитом в Чанъане: мотивы, пришедшие с запада.")},
             {"type": "map", "journey": True,
              "objects": ["NMC-2021-002", "NMC-2021-004", "SM-C-009", "SM-A-118", "NMI-3519", "IAM-9040",
                          "IAM-8812"],
              "caption": t("From Chang'an through Turpan, Panjikent and Samarkand, past Ctesiphon and Antioch, "
                           "to Constantinople.",
                           "从长安经吐鲁番、片治肯特和撒马尔罕，过泰西封与安条克，抵达君士坦丁堡。",
                           "Из Чанъаня через Турфан, Пенджикент и Самарканд, мимо Ктесифона и Антиохии — "
                           "в Константинополь.")},
         ]},
        {"title": t("Along the way", "途中", "В дороге"),
         "text": t("Oasis cities lived from the road: they fed travellers, changed their money and taxed "
                   "their goods.", "绿洲城市依路而生：它们供养旅人，兑换钱币，征收货物之税。",
                   "Города оазисов жили дорогой: кормили путников, меняли их деньги и облагали товары пошлиной."),
         "blocks": [
             {"type": "gallery", "style": "strip",
              "items": [{"object": "NMC-2021-004"}, {"object": "SM-C-009"}, {"object": "NMI-3519"},
                        {"object": "IAM-9040"}],
              "caption": t("Silk, coins, silver and glass: what the road carried.",
                           "丝绸、钱币、银器与玻璃：这条路运送的东西。",
                           "Шёлк, монеты, серебро и стекло — то, что несла дорога.")},
             {"type": "object", "object": "SM-A-118", "region": "2000,800,2400,1800", "layout": "full",
              "caption": t("In Samarkand, a painted hall showed envoys arriving from many lands.",
                           "在撒马尔罕，一座彩绘大厅描绘了来自各地的使者。",
                           "В Самарканде расписной зал показывал послов, прибывших из многих земель.")},
         ]},
        {"title": t("Arriving, and going back", "抵达与回程", "Прибытие и обратный путь"),
         "text": t("Constantinople wanted silk; China received gold coins that were buried as treasures.",
                   "君士坦丁堡渴求丝绸；中国则得到金币，人们把它们当作珍宝随葬。",
                   "Константинополь жаждал шёлка; в Китай приходили золотые монеты, которые клали в "
                   "могилы как сокровища."),
         "blocks": [
             {"type": "quote",
              "quote": t("Certain monks, coming from the east, promised the emperor Justinian that the Romans "
                         "would no longer have to buy their silk from the Persians.",
                         "几位从东方来的僧侣向查士丁尼皇帝许诺，罗马人从此不必再向波斯人购买丝绸。",
                         "Некие монахи, пришедшие с востока, обещали императору Юстиниану, что ромеям "
                         "больше не придётся покупать шёлк у персов."),
              "attribution": t("After Procopius, History of the Wars, 6th century", "据普罗柯比《战史》，6世纪",
                               "По Прокопию Кесарийскому, «История войн», VI век")},
             {"type": "object", "object": "SHM-0330", "layout": "right",
              "caption": t("A gold coin of Justinian, found in a tomb in China.",
                           "一枚查士丁尼金币，出土于中国的墓葬。",
                           "Золотая монета Юстиниана, найденная в гробнице в Китае.")},
             {"type": "timeline",
              "caption": t("The journey's objects, from the oldest to the latest.", "旅途中的器物，从最早到最晚。",
                           "Предметы пути — от самого раннего до самого позднего.")},
         ]},
    ],
}

EXHIBITIONS = [THREADS, MUSIC, CARAVAN]
