# ruff: noqa: E501 -- one term a line reads and diffs better than a line cut in twelve
"""Materials that Silk Road collections' objects are made of: one term a line.

Columns: id | Getty AAT id (blank where none was checked) | en | zh | ru | fa | ar | tr | uz | kk | lv |
hu | el | fr | other names, separated by ";" (plurals, synonyms, any language).
The labels other than English are ours and wait for native speakers' review (README: vocabularies).
"""

TERMS = """
bronze | 300010957 | bronze | 青铜 | бронза | برنز | برونز | bronz | bronza | қола | bronza | bronz | μπρούντζος | bronze | ορείχαλκος
gilded-bronze | | gilded bronze | 鎏金青铜 | золочёная бронза | برنز زراندود | برونز مذهب | yaldızlı bronz | zarhal bronza | алтындалған қола | apzeltīta bronza | aranyozott bronz | επιχρυσωμένος μπρούντζος | bronze doré | gilt bronze; ormolu; 鎏金铜; золоченая бронза
copper | 300011020 | copper | 铜 | медь | مس | نحاس | bakır | mis | мыс | varš | réz | χαλκός | cuivre | 紅铜
brass | | brass | 黄铜 | латунь | برنج | نحاس أصفر | pirinç | jez | жез | misiņš | sárgaréz | ορείχαλκος κράμα | laiton |
iron | 300011002 | iron | 铁 | железо | آهن | حديد | demir | temir | темір | dzelzs | vas | σίδηρος | fer | wrought iron; cast iron
steel | | steel | 钢 | сталь | فولاد | فولاذ | çelik | po'lat | болат | tērauds | acél | χάλυβας | acier | damascus steel
gold | 300011021 | gold | 金 | золото | طلا | ذهب | altın | oltin | алтын | zelts | arany | χρυσός | or | 黄金
silver | 300011029 | silver | 银 | серебро | نقره | فضة | gümüş | kumush | күміс | sudrabs | ezüst | άργυρος | argent | 白银
gold-leaf | 300264831 | gold leaf | 金箔 | сусальное золото | ورق طلا | ورق الذهب | varak altın | oltin varaq | алтын жапырақша | zeltlapiņas | aranyfüst | φύλλο χρυσού | feuille d'or | gilding
gold-thread | | gold thread | 金线 | золотая нить | نخ طلا | خيط ذهبي | sırma | zar ip | алтын жіп | zelta diegs | aranyfonal | χρυσοκλωστή | fil d'or | gold wire; 金丝
silver-thread | | silver thread | 银线 | серебряная нить | نخ نقره | خيط فضي | gümüş tel | kumush ip | күміс жіп | sudraba diegs | ezüstfonal | ασημοκλωστή | fil d'argent | silver wire; 银丝
lead | | lead | 铅 | свинец | سرب | رصاص | kurşun | qo'rg'oshin | қорғасын | svins | ólom | μόλυβδος | plomb |
tin | | tin | 锡 | олово | قلع | قصدير | kalay | qalay | қалайы | alva | ón | κασσίτερος | étain |
porcelain | | porcelain | 瓷 | фарфор | چینی | خزف صيني | porselen | chinni | фарфор | porcelāns | porcelán | πορσελάνη | porcelaine | 瓷器
stoneware | | stoneware | 炻器 | каменная масса | سنگینه | فخار حجري | taş çini | tosh sopol | тас керамика | akmens masa | kőedény | λιθοπηλός | grès | 粗瓷
earthenware | | earthenware | 陶 | глиняная керамика | سفال | فخار | toprak çanak | sopol | қыш | māla trauks | cserépedény | πηλός οπτός | terre cuite vernissée | pottery; 陶器; керамика
terracotta | 300010669 | terracotta | 赤陶 | терракота | سفال پخته | طين محروق | pişmiş toprak | terrakota | терракота | terakota | terrakotta | τερακότα | terre cuite | terra cotta
fritware | | fritware | 熔块陶 | фаянсовая масса | سفال خمیرسنگی | خزف حجري إسلامي | frit çini | frit sopol | фритті керамика | fritkeramika | fritkerámia | κεραμική φρίτας | céramique à pâte siliceuse | stonepaste; stone-paste
faience | | faience | 费昂斯 | фаянс | قاشانی | قاشاني | fayans | fayans | фаянс | fajanss | fajansz | φαγεντιανή | faïence | Egyptian faience
clay | | clay | 黏土 | глина | گل رس | طين | kil | loy | саз | māls | agyag | άργιλος | argile | unfired clay; 泥
glaze | | glaze | 釉 | глазурь | لعاب | طلاء زجاجي | sır | sir | глазурь | glazūra | máz | υάλωμα | glaçure | glazes; 釉料
lustre | | lustre | 虹彩釉 | люстр | زرین‌فام | بريق معدني | lüster | zarhal sir | люстр | lustrs | lüszter | ιριδισμός | lustre métallique | luster; lusterware
slip | | slip | 化妆土 | ангоб | لعاب گلی | بطانة طينية | astar | angob | ангоб | angobs | engób | επίχρισμα πηλού | engobe | engobe
cobalt | | cobalt | 钴蓝 | кобальт | لاجورد کبالت | كوبالت | kobalt | kobalt | кобальт | kobalts | kobalt | κοβάλτιο | cobalt | cobalt blue; 钴
enamel | | enamel | 珐琅 | эмаль | مینا | مينا | mine | mina | эмаль | emalja | zománc | σμάλτο | émail | enamels; cloisonné enamel
glass | 300010797 | glass | 玻璃 | стекло | شیشه | زجاج | cam | shisha buyum | шыны | stikls | üveg | γυαλί | verre |
rock-crystal | | rock crystal | 水晶 | горный хрусталь | دُر کوهی | بلور صخري | kaya kristali | tog' billuri | тау хрусталі | kalnu kristāls | hegyikristály | ορεία κρύσταλλος | cristal de roche | quartz
jade | | jade | 玉 | нефрит | یشم | يشم | yeşim | nefrit | нефрит | nefrīts | jáde | νεφρίτης | jade | nephrite; 玉石
lapis-lazuli | | lapis lazuli | 青金石 | лазурит | لاجورد | لازورد | lacivert taşı | lojuvard | лазурит | lazurīts | lazurkő | λαζουρίτης | lapis-lazuli | lapis
carnelian | | carnelian | 玛瑙 | сердолик | عقیق | عقيق | akik | aqiq | карнеол | karneols | karneol | κορνεόλη | cornaline | agate
turquoise | | turquoise | 绿松石 | бирюза | فیروزه | فيروز | firuze | feruza | көгілдір тас | tirkīzs | türkiz | τιρκουάζ | turquoise |
garnet | | garnet | 石榴石 | гранат | لعل | عقيق أحمر | lal taşı | lal | гранат | granāts | gránát | γρανάτης | grenat | garnets
pearl | | pearl | 珍珠 | жемчуг | مروارید | لؤلؤ | inci | marvarid | інжу | pērle | gyöngyház gyöngy | μαργαριτάρι | perle fine | pearls
amber | | amber | 琥珀 | янтарь | کهربا | كهرمان | kehribar | qahrabo | кәріптас | dzintars | borostyán | κεχριμπάρι | ambre |
coral | | coral | 珊瑚 | коралл | مرجان | مرجان | mercan | marjon tosh | маржан | korallis | korall | κοράλλι | corail |
stone | | stone | 石 | камень | سنگ | حجر | taş | tosh | тас | akmens | kő | λίθος | pierre | 石头
limestone | 300011286 | limestone | 石灰岩 | известняк | سنگ آهک | حجر جيري | kireçtaşı | ohaktosh | әктас | kaļķakmens | mészkő | ασβεστόλιθος | calcaire | 石灰石
marble | 300011443 | marble | 大理石 | мрамор | مرمر | رخام | mermer | marmar | мәрмәр | marmors | márvány | μάρμαρο | marbre |
sandstone | | sandstone | 砂岩 | песчаник | ماسه‌سنگ | حجر رملي | kumtaşı | qumtosh | құмтас | smilšakmens | homokkő | ψαμμίτης | grès rose | 砂石
schist | | schist | 片岩 | сланец | شیست | شست | şist | slanets | тақтатас | slāneklis | pala | σχιστόλιθος | schiste | grey schist; Gandhara schist
alabaster | | alabaster | 雪花石膏 | алебастр | سنگ مرمر سفید | مرمر أبيض | kaymaktaşı | alebastr | алебастр | alabastrs | alabástrom | αλάβαστρο | albâtre | gypsum alabaster
plaster | | plaster | 灰泥 | гипс | گچ | جص | alçı | ganch | гипс | ģipsis | gipsz | γύψος | plâtre | stucco; ганч
chalk | 300011727 | chalk | 白垩 | мел | گچ سفید | طباشير | tebeşir | bo'r | бор | krīts | kréta | κιμωλία | craie |
ivory | | ivory | 象牙 | слоновая кость | عاج | عاج الفيل | fildişi | fil suyagi | піл сүйегі | ziloņkauls | elefántcsont | ελεφαντόδοντο | ivoire |
whale-tooth | | whale tooth | 鲸牙 | зуб кашалота | دندان وال | سن الحوت | balina dişi | kit tishi | кит тісі | vaļa zobs | bálnafog | δόντι φάλαινας | dent de cachalot | sperm whale tooth; tabua
bone | | bone | 骨 | кость | استخوان | عظم | kemik | suyak | сүйек | kauls | csont | οστό | os | 骨头
horn | | horn | 角 | рог | شاخ | قرن | boynuz | shox | мүйіз | rags | szaru | κέρας | corne | antler
shell | | shell | 贝壳 | раковина | صدف | صدفة | deniz kabuğu | chig'anoq | қабыршақ | gliemežvāks | kagyló | κοχύλι | coquillage | mother-of-pearl; nacre; 螺钿
leather | | leather | 皮革 | кожа | چرم | جلد مدبوغ | deri | charm | былғары | āda | bőr | δέρμα | cuir | hide; skin
silk | 300243428 | silk | 丝 | шёлк | ابریشم | حرير | ipek | ipak | жібек | zīds | selyem | μετάξι | soie | 丝绸; 绢; шелк
cotton | | cotton | 棉 | хлопок | پنبه | قطن | pamuk | paxta | мақта | kokvilna | pamut | βαμβάκι | coton | 棉布
wool | | wool | 羊毛 | шерсть | پشم | صوف | yün | jun | жүн | vilna | gyapjú | μαλλί | laine |
linen | | linen | 亚麻 | лён | کتان | كتان | keten | zig'ir mato | зығыр мата | lins | len | λινό | lin | flax; лен
felt | | felt | 毡 | войлок | نمد | لباد | keçe | kigiz | киіз | filcs | nemez | πίλημα | feutre |
paper | 300014109 | paper | 纸 | бумага | کاغذ | ورق | kâğıt | qog'oz | қағаз | papīrs | papír | χαρτί | papier |
parchment | | parchment | 羊皮纸 | пергамент | پوست‌نوشت | رق | parşömen | pergament | пергамент | pergaments | pergamen | περγαμηνή | parchemin | vellum
papyrus | | papyrus | 纸莎草纸 | папирус | پاپیروس | بردي | papirüs | papirus | папирус | papiruss | papirusz | πάπυρος | papyrus |
bamboo | | bamboo | 竹 | бамбук | خیزران | خيزران | bambu | bambuk | бамбук | bambuss | bambusz | μπαμπού | bambou | 竹子
wood | 300011914 | wood | 木 | дерево | چوب | خشب | ahşap | yog'och | ағаш | koks | fa | ξύλο | bois | 木材; vesi wood; timber
lacquer | | lacquer | 漆 | лак | لاک | ورنيش | lake | lak | лак | laka | lakk | λάκα | laque | 漆器; urushi
ink | | ink | 墨 | тушь | مرکب | حبر | mürekkep | siyoh | сия | tinte | tinta | μελάνι | encre | 墨水; чернила
pigment | | pigment | 颜料 | пигмент | رنگدانه | صبغة | pigment | pigment | пигмент | pigments | pigment festék | χρωστική | pigment | pigments; paint; краска
watercolour | 300015045 | watercolour | 水彩 | акварель | آبرنگ | ألوان مائية | suluboya | akvarel | акварель | akvarelis | akvarell | υδατογραφία | aquarelle | watercolor
tempera | 300015062 | tempera | 蛋彩 | темпера | رنگ لعابی | تمبرا | tempera | tempera | темпера | tempera | tempera | αυγοτέμπερα | détrempe | egg tempera
oil-paint | 300015050 | oil paint | 油画颜料 | масляная краска | رنگ روغن | ألوان زيتية | yağlı boya | moybo'yoq | майлы бояу | eļļas krāsa | olajfesték | ελαιόχρωμα | peinture à l'huile | oil
canvas | 300014078 | canvas | 画布 | холст | بوم | قماش الرسم | tuval | xolst | кенеп | audekls | vászon | καμβάς | toile |
gelatin-silver-print | 300128695 | gelatin silver print | 银盐照片 | желатиносеребряный отпечаток | چاپ نقره ژلاتین | طبعة جيلاتين الفضة | jelatin gümüş baskı | jelatin-kumush bosma | желатин-күміс баспа | želatīna sudraba kopija | zselatinos ezüst nagyítás | εκτύπωση ζελατίνης αργύρου | épreuve gélatino-argentique | silver gelatin; gelatin silver
barkcloth | | barkcloth | 树皮布 | тапа | پارچه پوست درخت | قماش اللحاء | ağaç kabuğu bezi | po'stloq mato | қабық мата | mizas audums | háncsszövet | ύφασμα φλοιού | tapa | bark cloth; tapa cloth
coconut-fibre | | coconut fibre | 椰壳纤维 | кокосовое волокно | الیاف نارگیل | ألياف جوز الهند | hindistancevizi lifi | kokos tolasi | кокос талшығы | kokosšķiedra | kókuszrost | ίνα καρύδας | fibre de coco | coir; coconut fiber
wax | | wax | 蜡 | воск | موم | شمع العسل | balmumu | mum | балауыз | vasks | viasz | κερί | cire | beeswax
resin | | resin | 树脂 | смола | صمغ | راتنج | reçine | smola | шайыр | sveķi | gyanta | ρητίνη | résine |
feather | | feather | 羽毛 | перо | پر | ريش | tüy | pat | қауырсын | spalva | toll | φτερό | plume | feathers
"""
