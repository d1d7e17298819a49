# ruff: noqa: E501 -- one term a line reads and diffs better than a line cut in twelve
"""Object types that Silk Road collections hold: one term a line.

Columns: id | Getty AAT id (blank where none was checked) | en | zh | ru | fa | ar | tr | uz | kk | lv |
hu | el | fr | other names, separated by ";" (plurals, synonyms, any language).
The labels other than English are ours and wait for native speakers' review (README: vocabularies).
"""

TERMS = """
vessel | 300193015 | vessel | 器皿 | сосуд | ظرف | إناء | kap | idish | ыдыс | trauks | edény | αγγείο | récipient | vessels; 容器
jar | | jar | 罐 | банка | خمره | جرة | küp | xum | құмыра | burka | tárolóedény | πιθάρι | jarre | jars
bowl | | bowl | 碗 | чаша | کاسه | وعاء | kâse | kosa | кесе | bļoda | tál | μπολ | bol | bowls; 钵
dish | | dish | 盘 | блюдо | بشقاب | طبق | tabak | lagan | табақ | šķīvis | tányér | πιάτο | plat | dishes; plate; plates
cup | | cup | 杯 | кубок | جام | كأس | kupa | qadah | тостаған | kauss | csésze | κύπελλο | coupe | cups; beaker
ewer | | ewer | 执壶 | кувшин | آبریز | إبريق | ibrik | obdasta | құман | krūka | kiöntőkanna | πρόχους | aiguière | ewers; jug
vase | | vase | 瓶 | ваза | گلدان | مزهرية | vazo | guldon | ваза | vāze | váza | βάζο | vase | vases
bottle | | bottle | 壶 | бутыль | بطری | قارورة | şişe | shisha | құты | pudele | palack | μπουκάλι | bouteille | bottles; flask
teapot | | teapot | 茶壶 | чайник | قوری | إبريق شاي | çaydanlık | choynak | шәйнек | tējkanna | teáskanna | τσαγιέρα | théière | teapots
tableware | | tableware | 餐具 | столовая посуда | ظروف غذاخوری | أدوات المائدة | sofra takımı | dasturxon idishlari | ас үй ыдысы | galda trauki | asztali edény | επιτραπέζια σκεύη | vaisselle | service
mirror | | mirror | 镜 | зеркало | آینه | مرآة | ayna | oyna | айна | spogulis | tükör | καθρέφτης | miroir | mirrors; 铜镜
coin | 300037222 | coin | 钱币 | монета | سکه | عملة معدنية | sikke | tanga | теңге | monēta | érme | νόμισμα | monnaie | coins; 硬币; pièce de monnaie
seal | | seal | 印章 | печать | مهر | ختم | mühür | muhr | мөр | zīmogs | pecsét | σφραγίδα | sceau | seals; cylinder seal
figure | | figure | 俑 | фигурка | پیکرک | تمثال صغير | figür | haykalcha | мүсінше | figūriņa | figura | ειδώλιο | figurine | figures; figurine; figurines
sculpture | 300047090 | sculpture | 雕塑 | скульптура | مجسمه | منحوتة | heykel | haykal | мүсін | skulptūra | szobor | γλυπτό | sculpture | sculptures; statue
relief | | relief | 浮雕 | рельеф | نقش برجسته | نقش بارز | kabartma | bo'rtma | бедер | reljefs | dombormű | ανάγλυφο | relief | reliefs
stele | | stele | 碑 | стела | سنگ‌نوشته | شاهدة | dikili taş | stela | стела | stēla | sztélé | στήλη | stèle | steles; stela
inscription | | inscription | 铭刻 | надпись | کتیبه | نقش كتابي | yazıt | bitik | жазба | uzraksts | felirat | επιγραφή | inscription | inscriptions; epigraph
manuscript | 300265483 | manuscript | 写本 | рукопись | نسخه خطی | مخطوطة | el yazması | qo'lyozma | қолжазба | manuskripts | kézirat | χειρόγραφο | manuscrit | manuscripts; 手稿
book | 300028051 | book | 书籍 | книга | کتاب | كتاب | kitap | kitob | кітап | grāmata | könyv | βιβλίο | livre | books
scroll | | scroll | 卷轴 | свиток | طومار | لفافة | tomar | o'ram | орама | rullis | tekercs | ειλητάριο | rouleau | scrolls; handscroll; hanging scroll
painting | 300033618 | painting | 绘画 | живопись | نقاشی | لوحة | resim | rassomlik asari | кескіндеме | glezna | festmény | πίνακας | peinture | paintings; picture
wall-painting | | wall painting | 壁画 | настенная роспись | نقاشی دیواری | لوحة جدارية | duvar resmi | devoriy surat | қабырға суреті | sienas gleznojums | falfestmény | τοιχογραφία | peinture murale | mural; murals; fresco; фреска
drawing | 300033973 | drawing | 素描 | рисунок | طراحی | رسم | çizim | chizma | сызба сурет | zīmējums | rajz | σχέδιο | dessin | drawings
miniature | 300033936 | miniature | 细密画 | миниатюра | نگارگری | منمنمة | minyatür | miniatyura | миниатюра | miniatūra | miniatúra | μινιατούρα | miniature | miniatures; 微型画
print | 300041273 | print | 版画 | гравюра | چاپ دستی | طبعة فنية | baskı resim | gravyura | гравюра | estamps | nyomat | χαρακτικό | estampe | prints; woodblock print
calligraphy | | calligraphy | 书法 | каллиграфия | خوشنویسی | خط عربي | hat | xattotlik | каллиграфия | kaligrāfija | kalligráfia | καλλιγραφία | calligraphie | calligraphic work
photograph | 300046300 | photograph | 照片 | фотография | عکس | صورة فوتوغرافية | fotoğraf | fotosurat | фотосурет | fotogrāfija | fénykép | φωτογραφία | photographie | photographs; photo
map | 300028094 | map | 地图 | карта | نقشه | خريطة | harita | xarita | карта | karte | térkép | χάρτης | carte | maps
textile | | textile | 纺织品 | ткань | منسوج | نسيج | dokuma | to'qimachilik buyumi | тоқыма | tekstils | textília | ύφασμα | textile | textiles; fabric
textile-fragment | | textile fragment | 织物残片 | фрагмент ткани | قطعه پارچه | قطعة نسيج | kumaş parçası | mato parchasi | мата үзіндісі | auduma fragments | textiltöredék | θραύσμα υφάσματος | fragment textile | fragment of textile
carpet | | carpet | 地毯 | ковёр | فرش | سجادة | halı | gilam | кілем | paklājs | szőnyeg | χαλί | tapis | carpets; rug; ковер; قالی
tapestry | 300205002 | tapestry | 挂毯 | шпалера | دیوارکوب بافته | نسيج مزخرف | duvar halısı | gobelen | гобелен | gobelēns | falikárpit | ταπισερί | tapisserie | tapestries; гобелен
embroidery | 300264024 | embroidery | 刺绣品 | вышивка | سوزن‌دوزی | تطريز | nakış | kashta | кесте | izšuvums | hímzés | κέντημα | broderie | embroideries; suzani
costume | 300266639 | costume | 服装 | костюм | لباس | زي | giysi | libos | киім | tērps | viselet | ενδυμασία | costume | clothing; garment; dress
robe | | robe | 袍 | халат | ردا | رداء | kaftan | to'n | шапан | halāts | köntös | χιτώνας | robe longue | kaftan; caftan; chapan
headdress | | headdress | 头饰 | головной убор | سربند | غطاء رأس | başlık | bosh kiyim | бас киім | galvassega | fejdísz | κόμμωση | coiffe | cap
belt | | belt | 带 | пояс | کمربند | حزام | kemer | kamar | белбеу | josta | öv | ζώνη | ceinture | belts; belt fitting
jewellery | 300209286 | jewellery | 首饰 | ювелирное украшение | جواهر | حلي | mücevher | zargarlik buyumi | зергерлік бұйым | rotaslieta | ékszer | κόσμημα | bijou | jewelry; jewels
ornament | | ornament | 饰物 | украшение | زیور | زينة | süs | bezak | әшекей | rotājums | dísz | στολίδι | ornement | ornaments; appliqué
earring | | earring | 耳环 | серьга | گوشواره | قرط | küpe | zirak | сырға | auskars | fülbevaló | σκουλαρίκι | boucle d'oreille | earrings
necklace | | necklace | 项链 | ожерелье | گردنبند | قلادة | kolye | marjon | алқа | kaklarota | nyaklánc | περιδέραιο | collier | necklaces
bracelet | | bracelet | 手镯 | браслет | دستبند | سوار | bilezik | bilaguzuk | білезік | aproce | karkötő | βραχιόλι | bracelet | bracelets; armlet
ring | | ring | 戒指 | перстень | انگشتر | خاتم | yüzük | uzuk | жүзік | gredzens | gyűrű | δαχτυλίδι | bague | rings; кольцо
brooch | | brooch | 胸针 | фибула | سنجاق سینه | بروش | broş | to'g'nagich | түйреуіш | sakta | fibula | πόρπη | fibule | brooches; fibula
hairpin | | hairpin | 簪 | шпилька | سنجاق مو | دبوس شعر | saç iğnesi | soch to'g'nag'ichi | шаш түйреуіш | matadata | hajtű | φουρκέτα | épingle à cheveux | hairpins; 发簪
bead | | bead | 珠 | бусина | مهره | خرزة | boncuk | munchoq | моншақ | krelle | gyöngy | χάντρα | perle | beads
amulet | | amulet | 护身符 | амулет | طلسم | تميمة | muska | tumor | тұмар | amulets | amulett | φυλαχτό | amulette | amulets; talisman
furniture | 300037680 | furniture | 家具 | мебель | مبلمان | أثاث | mobilya | mebel | жиһаз | mēbele | bútor | έπιπλο | meuble | furnishings; cabinet
box | | box | 盒 | шкатулка | جعبه | علبة | kutu | quti | қорап | kārba | doboz | κουτί | boîte | boxes; casket; coffret
lamp | | lamp | 灯 | светильник | چراغ | مصباح | kandil | chiroq | шам | lampa | lámpa | λυχνάρι | lampe | lamps; oil lamp
incense-burner | | incense burner | 香炉 | курильница | عودسوز | مبخرة | buhurdan | tutatqidon | хош иіс түтеткіш | vīraka kvēpināmais | füstölő | θυμιατήριο | brûle-parfum | censer; censers
weapon | | weapon | 兵器 | оружие | جنگ‌افزار | سلاح | silah | qurol | қару | ierocis | fegyver | όπλο | arme | weapons; arms
sword | | sword | 剑 | меч | شمشیر | سيف | kılıç | qilich | қылыш | zobens | kard | ξίφος | épée | swords; sabre
dagger | | dagger | 匕首 | кинжал | خنجر | خنجر | hançer | xanjar | қанжар | duncis | tőr | εγχειρίδιο | poignard | daggers; knife
arrowhead | | arrowhead | 箭镞 | наконечник стрелы | پیکان | رأس سهم | ok ucu | o'q uchi | жебе ұшы | bultas uzgalis | nyílhegy | αιχμή βέλους | pointe de flèche | arrowheads
armour | 300036745 | armour | 甲胄 | доспехи | زره | درع | zırh | sovut | сауыт | bruņas | páncél | πανοπλία | armure | armor
helmet | | helmet | 头盔 | шлем | کلاهخود | خوذة | miğfer | dubulg'a | дулыға | ķivere | sisak | κράνος | casque | helmets
horse-harness | | horse harness | 马具 | конская упряжь | یراق اسب | عدة الفرس | koşum takımı | ot anjomi | ат әбзелі | zirglietas | lószerszám | ιπποσκευή | harnachement | harness; bridle; saddle
musical-instrument | | musical instrument | 乐器 | музыкальный инструмент | ساز | آلة موسيقية | çalgı | musiqa asbobi | музыкалық аспап | mūzikas instruments | hangszer | μουσικό όργανο | instrument de musique | instrument; lute
tile | | tile | 砖瓦 | изразец | کاشی | بلاطة | çini | koshin | тақтайша | flīze | csempe | πλακίδιο | carreau | tiles; glazed tile
brick | | brick | 砖 | кирпич | آجر | طوب | tuğla | g'isht | кірпіш | ķieģelis | tégla | τούβλο | brique | bricks
sherd | | sherd | 陶瓷残片 | черепок | سفال‌پاره | كسرة فخار | çanak çömlek parçası | sopol siniq | сынық | lauska | cserép | όστρακο | tesson | sherds; shard; potsherd
mosaic | 300015342 | mosaic | 马赛克 | мозаика | موزاییک | فسيفساء | mozaik | mozaika | мозаика | mozaīka | mozaik | ψηφιδωτό | mosaïque | mosaics
architectural-element | | architectural element | 建筑构件 | архитектурная деталь | جزء معماری | عنصر معماري | mimari öğe | me'moriy detal | сәулет бөлшегі | arhitektūras elements | építészeti elem | αρχιτεκτονικό μέλος | élément d'architecture | capital; column
tool | | tool | 工具 | орудие | ابزار | أداة | alet | asbob | құрал | darbarīks | eszköz | εργαλείο | outil | tools; implement
spindle-whorl | | spindle whorl | 纺轮 | пряслице | دوک‌چرخ | فلكة مغزل | ağırşak | urchuq boshi | ұршық басы | vārpstas skriemelis | orsókarika | σφονδύλι | fusaïole | spindle whorls
weight | | weight | 砝码 | гиря | وزنه | صنجة | ağırlık | tosh tarozi | кір тас | atsvars | súly | σταθμό | poids | weights; scale weight
astrolabe | | astrolabe | 星盘 | астролябия | اسطرلاب | أسطرلاب | usturlap | usturlob | астролябия | astrolābija | asztrolábium | αστρολάβος | astrolabe | astrolabes
comb | | comb | 梳 | гребень | شانه | مشط | tarak | taroq | тарақ | ķemme | fésű | χτένα | peigne | combs
spoon | | spoon | 勺 | ложка | قاشق | ملعقة | kaşık | qoshiq | қасық | karote | kanál | κουτάλι | cuillère | spoons; ladle
game-piece | | game piece | 棋子 | игральная фишка | مهره بازی | قطعة لعب | oyun taşı | o'yin toshi | ойын тасы | spēles kauliņš | játékfigura | πιόνι | pion | chess piece; die; dice
icon | | icon | 圣像 | икона | شمایل | أيقونة | ikona | ikona | икона | ikona | ikon | εικόνα | icône | icons
buddhist-image | | Buddhist image | 佛像 | изображение Будды | پیکره بودا | تمثال بوذا | Buda heykeli | Budda haykali | Будда бейнесі | Budas tēls | Buddha-szobor | άγαλμα του Βούδα | statue bouddhique | Buddha; bodhisattva
banner | | banner | 幡 | знамя | درفش | راية | sancak | bayroq | ту | karogs | zászló | λάβαρο | bannière | banners; flag
document | | document | 文书 | документ | سند | وثيقة | belge | hujjat | құжат | dokuments | okirat | έγγραφο | document | documents; letter; contract
"""
