# ruff: noqa: E501 -- one term a line reads and diffs better than a line cut in twelve
"""Techniques by which Silk Road collections' objects were made: one term a line.

Columns: id | Getty AAT id (blank where none was checked) | en | zh | ru | fa | ar | tr | uz | kk | lv |
hu | el | fr | other names, separated by ";" (plurals, synonyms, any language).
The labels other than English are ours and wait for native speakers' review (README: vocabularies).
"""

TERMS = """
casting | | casting | 铸造 | литьё | ریخته‌گری | صب | döküm | quyish | құю | liešana | öntés | χύτευση | fonte | cast; lost-wax casting; литье
hammering | | hammering | 锤揲 | чеканка | چکش‌کاری | طرق | dövme | bolg'alash | соғу | kalšana | kalapálás | σφυρηλάτηση | martelage | raising; hammered
chasing | | chasing | 錾刻 | гравировка чеканом | قلم‌زنی | نقش بالإزميل | kalemkâr | o'ymakorlik | қашау | cizelēšana | cizellálás | εγχάραξη με καλέμι | ciselure | chased; repoussé
engraving | | engraving | 雕刻 | гравирование | حکاکی | حفر | oyma | gravyura qilish | гравюралау | gravēšana | vésés | χαρακτική | gravure | engraved; incised
gilding | | gilding | 鎏金 | золочение | زراندود | طلاء بالذهب | yaldız | zarhallash | алтындау | apzeltīšana | aranyozás | επιχρύσωση | dorure | gilt; fire gilding
inlay | | inlay | 镶嵌 | инкрустация | منبت‌کاری | تطعيم | kakma | inkrustatsiya | инкрустация | inkrustācija | berakás | ένθεση | incrustation | inlaid; marquetry
filigree | | filigree | 花丝 | филигрань | ملیله‌کاری | تخريم | telkâri | filigran | филигрань | filigrāns | filigrán | φιλιγκράν | filigrane | 掐丝
granulation | | granulation | 金珠工艺 | зернь | دانه‌نشانی | تحبيب | granülasyon | donachalash | бүршік | granulācija | granuláció | κοκκίδωση | granulation |
cloisonne | | cloisonné | 掐丝珐琅 | перегородчатая эмаль | میناکاری حجره‌ای | مينا مقسمة | kloazone | kluazone | бөліктелген эмаль | kloazonē | rekeszzománc | περιχυτό σμάλτο | cloisonné | cloisonne; 景泰蓝
enamelling | | enamelling | 珐琅彩 | эмалирование | میناکاری | تمويه بالمينا | emaye | emallash | эмальдау | emaljēšana | zománcozás | σμάλτωση | émaillage | enameling; painted enamel
niello | | niello | 乌银 | чернь | سیاه‌قلم | نيلو | savat | qora naqsh | қаралау | niello | niello | νιέλο | nielle | nielloed
minting | | minting | 铸币 | чеканка монет | ضرب سکه | سك العملة | darp | tanga zarb qilish | теңге соғу | monētu kalšana | pénzverés | κοπή νομισμάτων | frappe monétaire | struck; die-struck
forging | | forging | 锻造 | ковка | آهنگری | حدادة | demircilik | temirchilik | ұсталық | kalēšana | kovácsolás | σφυρηλασία | forgeage | forged; smithing
throwing | | throwing | 拉坯 | формовка на круге | چرخ‌کاری سفال | تشكيل على الدولاب | çarkta biçimlendirme | charxda yasash | шеңберде илеу | virpošana | korongozás | τροχήλατο | tournage | wheel-thrown; thrown
moulding | | moulding | 模制 | формовка | قالب‌گیری | صب في قالب | kalıplama | qolipga solish | қалыптау | formēšana | formázás | μήτρα | moulage | molded; moulded; molding
firing | | firing | 烧制 | обжиг | پخت | حرق | pişirme | pishirish | күйдіру | apdedzināšana | égetés | όπτηση | cuisson | fired; kiln firing
glazing | | glazing | 施釉 | глазурование | لعاب‌زنی | تزجيج | sırlama | sirlash | глазурлеу | glazēšana | mázazás | υάλωση | glaçurage | glazed
underglaze-painting | | underglaze painting | 釉下彩 | подглазурная роспись | نقاشی زیر لعاب | رسم تحت الطلاء | sıraltı boyama | sir osti naqshi | глазурь асты сурет | apakšglazūras gleznojums | máz alatti festés | ζωγραφική κάτω από το υάλωμα | peinture sous couverte | blue-and-white; 青花
overglaze-painting | | overglaze painting | 釉上彩 | надглазурная роспись | نقاشی روی لعاب | رسم فوق الطلاء | sırüstü boyama | sir usti naqshi | глазурь үсті сурет | virsglazūras gleznojums | máz feletti festés | ζωγραφική πάνω από το υάλωμα | peinture sur couverte | famille rose; enamelled decoration
lustre-painting | | lustre painting | 虹彩绘 | люстровая роспись | زرین‌فام‌کاری | رسم بالبريق المعدني | lüster boyama | zarhal naqsh | люстр сурет | lustra gleznojums | lüszterfestés | ιριδίζουσα ζωγραφική | décor de lustre | lustre-painted; luster painting
sgraffito | | sgraffito | 剔花 | сграффито | اسگرافیتو | خدش | sgrafitto | sgraffito | сграффито | sgrafito | sgraffito | σγκραφίτο | sgraffite | incised slip
glassblowing | 300053932 | glassblowing | 吹制玻璃 | стеклодувное дело | شیشه‌گری دمیدنی | نفخ الزجاج | cam üfleme | shisha puflash | шыны үрлеу | stikla pūšana | üvegfúvás | υαλουργία με φύσημα | soufflage du verre | blown glass; glass blowing; mould-blown
carving | | carving | 雕 | резьба | کنده‌کاری | نحت | oymacılık | o'ymakorlik san'ati | ою | griešana | faragás | γλυπτική τεχνική | sculpture taillée | carved; sculpting; 琢
polishing | | polishing | 抛光 | шлифовка | صیقل‌کاری | صقل | cilalama | silliqlash | жылтырату | pulēšana | csiszolás | στίλβωση | polissage | polished
weaving | | weaving | 织造 | ткачество | بافندگی | نسج | dokumacılık | to'quvchilik | тоқу | aušana | szövés | ύφανση | tissage | woven
tapestry-weaving | | tapestry weaving | 缂丝 | шпалерное ткачество | گلیم‌بافی | نسج القباطي | kilim dokuma | gilam to'qish | тықыр тоқу | gobelēnu aušana | gobelinszövés | ταπητουργία | tissage de tapisserie | kesi; kilim
brocade | | brocade | 织锦 | парча | زربافت | ديباج | brokar | zarbof | зерлі мата | brokāts | brokát | μπροκάρ | brocart | 锦; samite; lampas
knotting | | knotting | 打结编织 | ворсовое ткачество | قالی‌بافی | عقد السجاد | düğümleme | tugun to'qish | түйіп тоқу | mezglošana | csomózás | κόμπος χαλιού | nouage | knotted pile; hand-knotted
embroidering | | embroidering | 刺绣 | вышивание | گلدوزی | التطريز | nakış işleme | kashtachilik | кестелеу | izšūšana | hímzés technika | κεντητική | art de la broderie | embroidered; needlework
dyeing | | dyeing | 染色 | крашение | رنگرزی | صباغة | boyama | bo'yash | бояу | krāsošana | festés | βαφή | teinture | dyed
resist-dyeing | | resist dyeing | 扎染 | резервное крашение | رنگرزی مقاومتی | صباغة بالعزل | batik | abr bo'yash | резервтік бояу | rezerves krāsošana | batikolás | βαφή με αντίσταση | teinture à réserve | ikat; batik; 蜡染; abr
block-printing | | block printing | 雕版印刷 | набойка | قلمکار | طباعة بالقوالب | baskı | qolip bosma | қалыппен басу | kokgriezuma druka | fanyomás | ξυλοτυπία | impression à la planche | woodblock printing; woodcut; qalamkar
felting | | felting | 擀毡 | валяние | نمدمالی | لبد | keçecilik | kigiz bosish | киіз басу | velšana | nemezelés | πίληση | feutrage | felted
painting-technique | 300054216 | painting technique | 彩绘 | роспись | نقاشی کردن | التلوين | boyama tekniği | bo'yoq bilan bezash | бояумен өрнектеу | apgleznošana | festés technika | ζωγραφική τεχνική | décor peint | painted; painted decoration
ink-painting | | ink painting | 水墨 | живопись тушью | نقاشی با مرکب | رسم بالحبر | mürekkep resmi | tush rassomligi | тушьпен салу | tušas glezniecība | tusfestés | ζωγραφική με μελάνι | lavis | 水墨画
fresco | | fresco | 湿壁画法 | фресковая техника | فرسک | فريسكو | fresk | freska | фреска әдісі | freska | freskó | νωπογραφία | fresque | buon fresco
calligraphic-writing | | calligraphic writing | 书写 | письмо | کتابت | كتابة | yazı | kitobat | жазу | rakstīšana | írás | γραφή | écriture | written; handwriting
illumination | | illumination | 泥金装饰 | иллюминирование | تذهیب | تزويق | tezhip | tazhib | безендіру | iluminēšana | illuminálás | μικρογραφία χειρογράφου | enluminure | illuminated; tezhip
bookbinding | | bookbinding | 装帧 | переплётное дело | صحافی | تجليد | ciltçilik | muqovasozlik | түптеу | grāmatsiešana | könyvkötés | βιβλιοδεσία | reliure | binding
printing | | printing | 印刷 | печать оттиска | چاپ | طباعة | matbaacılık | bosma | баспа | iespiešana | nyomtatás | τυπογραφία | impression | printed; letterpress
lacquering | | lacquering | 髹漆 | лакирование | لاک‌کاری | طلاء باللك | laklama | laklash | лактау | lakošana | lakkozás | λακαρισμένο | laquage | lacquered; carved lacquer
mosaic-work | | mosaic work | 镶嵌画工艺 | мозаичная техника | کاشی معرق | ترصيع الفسيفساء | mozaik işçiliği | mozaika san'ati | мозаика ісі | mozaīkas tehnika | mozaikrakás | ψηφοθέτηση | art de la mosaïque | tessellation
photography | | photography | 摄影 | фотосъёмка | عکاسی | تصوير فوتوغرافي | fotoğrafçılık | fotografiya | фотография өнері | fotografēšana | fényképezés | φωτογράφηση | prise de vue | photographed; фотосъемка
stamping | | stamping | 压印 | тиснение | مهرزنی | دمغ | damgalama | shtamplash | таңбалау | spiedogošana | préselés | σφράγιση | estampage | stamped; impressed; embossing
openwork | | openwork | 镂空 | прорезная работа | مشبک‌کاری | تخريم مفرغ | ajur | teshma naqsh | ою-тесік | caurlaušana | áttört munka | διάτρητη εργασία | ajourage | pierced; reticulated
wire-drawing | | wire drawing | 拉丝 | волочение | مفتول‌کشی | سحب الأسلاك | tel çekme | sim cho'zish | сым созу | stiepļu vilkšana | huzalhúzás | συρματοποιία | tréfilage | drawn wire
"""
