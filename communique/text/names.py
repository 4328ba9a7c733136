"""Names of states and places in Arabic, English and Russian, and a fast
gazetteer to find them in text: metadata (parties, observers, mentions,
place), alignment anchors and cross-language fact checks share these tables.

**Canonical names** are the English short names in common diplomatic use
(UN short names where they are the usual ones: ``Iran``, ``Russia``,
``Syria``, ``South Korea``).  ``Turkey`` stays the canonical name of
Türkiye: all spellings (``Türkiye``, ``Turkiye``, the misspelt ``Turkiey``,
``تركيا``, ``Турция``) resolve to it, and keeping the name earlier releases
and existing archives use means documents of before and after the 2022
renaming compare as one party.  Places keep the name *as written at the
time* (``Nur-Sultan`` for the 2019–2022 Astana rounds is not folded into
``Astana``).  The European Union is in the state table: it is a party
to summits and joint statements as a state is.  Taiwan is not in the state table: its status is exactly what
statements word carefully, and ``the Taiwan Strait`` names a sea.

Tables are text, one entry a line (``canonical | English | Arabic |
Russian``, spellings separated by commas; an indented line continues the
entry), parsed on first use so that importing this module costs nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import compress
from pathlib import Path

import regex

from ..cache import derived
from ..digest import sha256_hex
from . import numbers
from .numbers import fold_arabic
from .patterns import compiled

# Adjective (nisba) forms name a state too: "الجمهورية التركية", "the
# Lebanese Republic", "Israeli strikes", "израильских ударов".  Russian
# spellings are matched by stem, so one case form stands for all six; names
# whose stem is a common word are left out in that column (Того "of that",
# Мали "small", Газа "gas", Грузия "cargo"), and so are Arabic ones that are
# common words (مالي "financial") and bare "America"/"أمريكا" (Latin America).
_STATE_TABLE = """
Afghanistan | Afghan, Islamic Emirate of Afghanistan | أفغانستان, الأفغاني, الأفغانية | Афганистан, афганский
Albania | Albanian | ألبانيا | Албания
Algeria | Algerian, People's Democratic Republic of Algeria | الجزائر, الجزائري, الجزائرية | Алжир
Andorra | | أندورا | Андорра
Angola | Angolan | أنغولا | Ангола
Argentina | Argentine, Argentinian | الأرجنتين | Аргентина
Armenia | Armenian | أرمينيا, الأرميني, الأرمينية | Армения, армянский
Australia | Australian | أستراليا, الأسترالي, الأسترالية | Австралия
Austria | Austrian | النمسا | Австрия
Azerbaijan | Azerbaijani, Azeri | أذربيجان, الأذربيجاني, الأذربيجانية | Азербайджан
Bahrain | Bahraini, Kingdom of Bahrain | البحرين, البحريني, البحرينية | Бахрейн
Bangladesh | Bangladeshi | بنغلاديش | Бангладеш
Belarus | Belarusian | بيلاروسيا, روسيا البيضاء | Беларусь, Белоруссия, белорусский
Belgium | Belgian | بلجيكا | Бельгия
Benin | | بنين | Бенин
Bhutan | | بوتان | Бутан
Bolivia | Bolivian | بوليفيا | Боливия
Bosnia and Herzegovina | Bosnia | البوسنة والهرسك, البوسنة | Босния и Герцеговина
Botswana | | بوتسوانا | Ботсвана
Brazil | Brazilian | البرازيل, البرازيلي, البرازيلية | Бразилия
Brunei | Brunei Darussalam | بروناي | Бруней
Bulgaria | Bulgarian | بلغاريا | Болгария
Burkina Faso | | بوركينا فاسو | Буркина-Фасо
Burundi | | بوروندي | Бурунди
Cambodia | Cambodian | كمبوديا | Камбоджа
Cameroon | Cameroonian | الكاميرون | Камерун
Canada | Canadian | كندا, الكندي, الكندية | Канада
Central African Republic | | جمهورية أفريقيا الوسطى, أفريقيا الوسطى | Центральноафриканская Республика
Chad | Chadian | تشاد | Чад
Chile | Chilean | تشيلي | Чили
China | Chinese, People's Republic of China | الصين, الصيني, الصينية | Китай, КНР, китайский
Colombia | Colombian | كولومبيا | Колумбия
Comoros | Comorian, Union of the Comoros | جزر القمر, القمر المتحدة | Коморы, Коморские Острова
Congo | Republic of the Congo, Congo-Brazzaville | الكونغو | Республика Конго
Cook Islands | | جزر كوك | Острова Кука
Costa Rica | | كوستاريكا | Коста-Рика
Croatia | Croatian | كرواتيا | Хорватия
Cuba | Cuban | كوبا |
Cyprus | Cypriot | قبرص, القبرصي, القبرصية | Кипр
Czech Republic | Czechia, Czech | التشيك | Чехия
Côte d'Ivoire | Ivory Coast, Ivorian | كوت ديفوار, ساحل العاج | Кот-д'Ивуар
Democratic Republic of the Congo | DRC, DR Congo, Congolese | جمهورية الكونغو الديمقراطية,
    الكونغو الديمقراطية | Демократическая Республика Конго, ДРК
Denmark | Danish | الدنمارك | Дания
Djibouti | Djiboutian | جيبوتي, الجيبوتي, الجيبوتية | Джибути
Dominican Republic | | جمهورية الدومينيكان | Доминиканская Республика
Ecuador | | الإكوادور | Эквадор
Egypt | Egyptian, Arab Republic of Egypt | مصر, المصري, المصرية | Египет, Египта, египетский
El Salvador | | السلفادور | Сальвадор
Equatorial Guinea | | غينيا الاستوائية | Экваториальная Гвинея
Eritrea | Eritrean | إريتريا, أريتريا, الإريتري, الإريترية | Эритрея
Estonia | Estonian | إستونيا | Эстония
Eswatini | Swaziland | إسواتيني | Эсватини
Ethiopia | Ethiopian | إثيوبيا, أثيوبيا, الإثيوبي, الإثيوبية | Эфиопия
European Union | EU, E.U. | الاتحاد الأوروبي, الاتحاد الاوروبي | Европейский союз, Евросоюз
Fiji | | فيجي | Фиджи
Finland | Finnish | فنلندا | Финляндия
France | French, French Republic | فرنسا, الفرنسي | Франция, французский
Gabon | | الغابون | Габон
Gambia | The Gambia | غامبيا | Гамбия
Georgia | Georgian | جورجيا |
Germany | German, Federal Republic of Germany | ألمانيا, الألماني | Германия, ФРГ, германский
Ghana | Ghanaian | غانا | Гана
Greece | Greek, Hellenic Republic | اليونان, اليوناني | Греция
Guatemala | | غواتيمالا | Гватемала
Guinea | Guinean | غينيا | Гвинея
Guinea-Bissau | | غينيا بيساو | Гвинея-Бисау
Haiti | Haitian | هايتي | Гаити
Honduras | | هندوراس | Гондурас
Hungary | Hungarian | المجر, هنغاريا | Венгрия
Iceland | Icelandic | آيسلندا | Исландия
India | Republic of India | الهند | Индия
Indonesia | Indonesian | إندونيسيا | Индонезия
Iran | Iranian, Islamic Republic of Iran | إيران, الإيراني, الإيرانية | Иран, Исламская Республика Иран, иранский
Iraq | Iraqi, Republic of Iraq | العراق, العراقي, العراقية | Ирак, иракский
Ireland | Irish | أيرلندا, إيرلندا | Ирландия
Israel | Israeli | إسرائيل, الإسرائيلي, الإسرائيلية | Израиль, израильский
Italy | Italian, Italian Republic | إيطاليا, الإيطالي | Италия, итальянский
Jamaica | | جامايكا | Ямайка
Japan | Japanese | اليابان, الياباني, اليابانية | Япония, японский
Jordan | Jordanian, Hashemite Kingdom of Jordan | الأردن, الأردني, الأردنية | Иордания, иорданский
Kazakhstan | Kazakh, Kazakhstani | كازاخستان, كزاخستان, الكازاخي, الكازاخية, الكازاخستاني, الكازاخستانية,
    الكزاخستاني, الكزاخستانية | Казахстан, казахстанский
Kenya | Kenyan | كينيا | Кения
Kosovo | | كوسوفو | Косово
Kuwait | Kuwaiti, State of Kuwait | الكويت, الكويتي, الكويتية | Кувейт
Kyrgyzstan | Kyrgyz | قيرغيزستان | Киргизия, Кыргызстан
Laos | Lao | لاوس | Лаос
Latvia | Latvian | لاتفيا | Латвия
Lebanon | Lebanese, Lebanese Republic | لبنان, اللبناني, اللبنانية | Ливан, ливанский
Libya | Libyan | ليبيا, الليبي, الليبية | Ливия, ливийский
Liechtenstein | | ليختنشتاين | Лихтенштейн
Lithuania | Lithuanian | ليتوانيا | Литва
Luxembourg | | لوكسمبورغ | Люксембург
Madagascar | | مدغشقر | Мадагаскар
Malawi | | ملاوي | Малави
Malaysia | Malaysian | ماليزيا | Малайзия
Maldives | | جزر المالديف, المالديف | Мальдивы
Mali | Malian | |
Malta | Maltese | مالطا | Мальта
Mauritania | Mauritanian | موريتانيا, الموريتاني, الموريتانية | Мавритания
Mauritius | | موريشيوس | Маврикий
Mexico | Mexican | المكسيك | Мексика
Moldova | Moldovan, Republic of Moldova | مولدوفا | Молдавия, Молдова
Monaco | | موناكو | Монако
Mongolia | Mongolian | منغوليا | Монголия
Montenegro | | الجبل الأسود | Черногория
Morocco | Moroccan, Kingdom of Morocco | المغرب, المغربي, المغربية | Марокко
Mozambique | | موزمبيق | Мозамбик
Myanmar | Burma, Burmese | ميانمار | Мьянма
Namibia | | ناميبيا | Намибия
Nepal | Nepalese | نيبال | Непал
Netherlands | Dutch, Kingdom of the Netherlands | هولندا | Нидерланды
New Zealand | | نيوزيلندا | Новая Зеландия
Nicaragua | | نيكاراغوا | Никарагуа
Niger | | النيجر | Нигер
Nigeria | Nigerian | نيجيريا | Нигерия
North Korea | DPRK, Democratic People's Republic of Korea, North Korean | كوريا الشمالية | КНДР, Северная Корея
North Macedonia | | مقدونيا الشمالية | Северная Македония
Norway | Norwegian | النرويج | Норвегия
Oman | Omani, Sultanate of Oman | سلطنة عمان, سلطان عمان, العماني, العمانية | Оман
Pakistan | Pakistani | باكستان, الباكستاني, الباكستانية | Пакистан
Palestine | Palestinian, State of Palestine, Gaza, Gaza Strip, West Bank, East Jerusalem | فلسطين, الفلسطيني,
    الفلسطينية, غزة, قطاع غزة, الضفة الغربية, القدس الشرقية | Палестина, палестинский
Panama | | بنما | Панама
Papua New Guinea | | بابوا غينيا الجديدة | Папуа — Новая Гвинея
Paraguay | | باراغواي | Парагвай
Peru | Peruvian | بيرو |
Philippines | Philippine, Filipino | الفلبين | Филиппины
Poland | Polish | بولندا | Польша
Portugal | Portuguese | البرتغال | Португалия
Qatar | Qatari, State of Qatar | قطر, القطري, القطرية | Катар
Romania | Romanian | رومانيا | Румыния
Russia | Russian, Russian Federation | روسيا, روسيا الاتحادية, الاتحاد الروسي, الروسي, الروسية | Россия,
    Российская Федерация, РФ, российский
Rwanda | | رواندا | Руанда
Saudi Arabia | Saudi, Kingdom of Saudi Arabia, KSA | السعودية, المملكة العربية السعودية,
    السعودي | Саудовская Аравия, саудовский
Senegal | Senegalese | السنغال | Сенегал
Serbia | Serbian | صربيا | Сербия
Sierra Leone | | سيراليون | Сьерра-Леоне
Singapore | | سنغافورة | Сингапур
Slovakia | Slovak | سلوفاكيا | Словакия
Slovenia | Slovenian | سلوفينيا | Словения
Somalia | Somali, Federal Republic of Somalia | الصومال, الصومالي, الصومالية | Сомали
South Africa | South African | جنوب أفريقيا, جنوب إفريقيا | ЮАР, Южная Африка
South Korea | Republic of Korea, ROK, South Korean | كوريا الجنوبية | Республика Корея, Южная Корея
South Sudan | | جنوب السودان | Южный Судан
Spain | Spanish | إسبانيا | Испания
Sri Lanka | | سريلانكا | Шри-Ланка
Sudan | Sudanese | السودان, السوداني, السودانية | Судан, суданский
Sweden | Swedish | السويد | Швеция
Switzerland | Swiss | سويسرا | Швейцария
Syria | Syrian, Syrian Arab Republic, Golan | سوريا, سورية, السوري, السورية, الجولان | Сирия,
    Сирийская Арабская Республика, САР, сирийский
Tajikistan | Tajik | طاجيكستان | Таджикистан
Tanzania | | تنزانيا | Танзания
Thailand | Thai | تايلاند | Таиланд
Timor-Leste | East Timor | تيمور الشرقية | Тимор-Лесте
Togo | | توغو |
Tunisia | Tunisian, Tunisian Republic | تونس, التونسي, التونسية | Тунис
Turkey | Türkiye, Turkiye, Turkiey, Türkei, Turkish, Republic of Türkiye, Republic of Turkey | تركيا, التركي,
    التركية | Турция, Турецкая Республика, турецкий
Turkmenistan | Turkmen | تركمانستان | Туркмения, Туркменистан
Uganda | Ugandan | أوغندا | Уганда
Ukraine | Ukrainian | أوكرانيا, الأوكراني, الأوكرانية | Украина, украинский
United Arab Emirates | UAE, U.A.E., Emirati | الإمارات, الإمارات العربية المتحدة, الإماراتي, الإماراتية | ОАЭ,
    Объединённые Арабские Эмираты
United Kingdom | UK, U.K., Britain, Great Britain, British | المملكة المتحدة, بريطانيا, البريطاني,
    البريطانية | Великобритания, Соединённое Королевство, британский
United States | United States of America, USA, U.S., US, U.S.A. | الولايات المتحدة, الولايات المتحدة الأمريكية,
    الولايات المتحدة الأميركية, الأمريكي, الأمريكية, الأميركي, الأميركية, واشنطن | США, Соединённые Штаты,
    Соединённые Штаты Америки, американский
Uruguay | | الأوروغواي | Уругвай
Uzbekistan | Uzbek | أوزبكستان | Узбекистан
Vatican | Holy See | الفاتيكان, الكرسي الرسولي | Ватикан, Святой Престол
Venezuela | Venezuelan | فنزويلا | Венесуэла
Vietnam | Viet Nam, Vietnamese | فيتنام | Вьетнам
Yemen | Yemeni, Republic of Yemen | اليمن, اليمني, اليمنية | Йемен, йеменский
Zambia | Zambian | زامبيا | Замбия
Zimbabwe | | زيمبابوي | Зимбабве
"""

# The city as named in the text at the time (see the module docstring).
_PLACE_TABLE = """
Abidjan | | أبيدجان | Абиджан
Abu Dhabi | | أبوظبي, أبو ظبي | Абу-Даби
Addis Ababa | | أديس أبابا | Аддис-Абеба
Al-Ula | AlUla, Al Ula, Al-Ula | العلا | Эль-Ула
Algiers | | الجزائر العاصمة, الجزائر | Алжир
Amman | | عمان | Амман
Ankara | | أنقرة | Анкара
Apulia | Puglia, Borgo Egnazia | بوليا | Апулия
Astana | | أستانا, أستانة, آستانة, آستانا | Астана
Awaza | | أوازا | Аваза
Baghdad | | بغداد | Багдад
Baku | | باكو | Баку
Beijing | | بكين | Пекин
Beirut | | بيروت | Бейрут
Berlin | | برلين | Берлин
Brussels | | بروكسل | Брюссель
Cairo | | القاهرة | Каир
Capri | | كابري | Капри
Damascus | | دمشق | Дамаск
Dhahran | | الظهران | Дахран
Doha | | الدوحة | Доха
Dubai | | دبي | Дубай
Geneva | | جنيف | Женева
Hiroshima | | هيروشيما | Хиросима
Islamabad | | إسلام آباد, اسلام اباد | Исламабад
Istanbul | | إسطنبول, اسطنبول | Стамбул
Jeddah | Jedda | جدة | Джидда
Johannesburg | | جوهانسبرغ | Йоханнесбург
Karuizawa | | كارويزاوا | Каруидзава
Kazan | | قازان | Казань
Khartoum | | الخرطوم | Хартум
Kuwait | Kuwait City | الكويت | Эль-Кувейт
London | | لندن | Лондон
Madrid | | مدريد | Мадрид
Manama | | المنامة | Манама
Mecca | Makkah | مكة المكرمة, مكة | Мекка
Minsk | | مينسك | Минск
Moscow | | موسكو | Москва
Muscat | | مسقط | Маскат
Münster | Munster | مونستر | Мюнстер
Nairobi | | نيروبي | Найроби
New Delhi | | نيودلهي | Нью-Дели
New York | | نيويورك | Нью-Йорк
Nouakchott | | نواكشوط | Нуакшот
Nur-Sultan | Nur Sultan | نور سلطان | Нур-Султан
Paris | | باريس | Париж
Rabat | | الرباط | Рабат
Riyadh | | الرياض | Эр-Рияд
Rome | | روما | Рим
Sharm El-Sheikh | Sharm el-Sheikh | شرم الشيخ | Шарм-эш-Шейх
Sochi | | سوتشي | Сочи
Tashkent | | طشقند | Ташкент
Tehran | Teheran | طهران | Тегеран
Tokyo | | طوكيو | Токио
Tripoli | | طرابلس | Триполи
Tunis | | تونس | Тунис
Vienna | | فيينا | Вена
Washington | Washington, D.C. | واشنطن | Вашингтон
"""


# Towns, camps, regions and border crossings that statements on Sudan, Syria,
# Gaza and the West Bank, Yemen, Libya, Lebanon and Iraq name as the subject
# of a clause (sieges, crossings, displacement), seldom as the venue.  Names
# whose Arabic form is a common word are left out in that column or
# entirely: الأبيض (El Obeid, "white"), طويلة (Tawila, "long"), الجزيرة
# (Gezira, "island"), حجة (Hajjah, "argument"), إب (Ibb, folded like آب
# "August"), صور (Tyre, "pictures"), المصنع (Masnaa, "factory"), نصيب (Nasib,
# "share"), تدمر (Palmyra, "destroys"), دوما (Douma, "always"), الزاوية
# (Zawiya, "corner"), البيضاء (Bayda, "white"), كتم (Kutum, "silenced"); in
# Russian Тина ("slime"), Хама, Моха.  أدري (Adre) is also "I know", مأرب
# (Marib) "purpose", سرت (Sirte) "came into force", الطينة (Tina) "the
# clay": they are kept, as such statements name the towns far more often
# than they use the words.
_SITE_TABLE = """
Abyei | | أبيي | Абьей
Adre | Adré | أدري | Адре
Aden | | عدن | Аден
Afrin | | عفرين | Африн
Ajdabiya | | أجدابيا | Адждабия
Al-Arish | El-Arish, Arish | العريش | Эль-Ариш
Al-Hol | al-Hol camp, Al-Hawl | مخيم الهول | Эль-Холь
Al-Mawasi | Mawasi | المواصي | Аль-Мавази
Al-Tanf | Tanf, At-Tanf | التنف | Эт-Танф
Aleppo | Halab | حلب | Алеппо, Халеб
Allenby Bridge | King Hussein Bridge | جسر الملك حسين, جسر اللنبي, معبر الكرامة | мост Алленби
Argeen | Arqin | أرقين | Аргин
Atbara | | عطبرة | Атбара
Azaz | A'zaz | أعزاز, اعزاز | Азаз
Bab al-Hawa | Bab al-Hawa crossing | باب الهوى | Баб-эль-Хава
Bab al-Salam | Bab al-Salama | باب السلامة | Баб-эс-Салям
Bab el-Mandeb | Bab al-Mandab | باب المندب | Баб-эль-Мандеб
Babanusa | | بابنوسة | Бабануса
Baalbek | | بعلبك | Баальбек
Basra | | البصرة | Басра
Beit Hanoun | Beit Hanun | بيت حانون | Бейт-Ханун
Beit Lahia | Beit Lahiya | بيت لاهيا | Бейт-Лахия
Benghazi | | بنغازي | Бенгази
Bethlehem | | بيت لحم | Вифлеем
Brega | Marsa el-Brega | البريقة | Брега
Daraa | Deraa, Dar'a | درعا | Дераа
Darfur | | دارفور | Дарфур
Deir al-Balah | Deir el-Balah | دير البلح | Дейр-эль-Балах
Deir ez-Zor | Deir al-Zour, Deir ez-Zour | دير الزور | Дейр-эз-Зор
Derna | Darnah | درنة | Дерна
Dhamar | | ذمار | Дамар
Dilling | | الدلنج | Диллинг
East Darfur | | شرق دارفور | Восточный Дарфур
Ed Daein | Ed Da'ein, Al-Daein | الضعين | Эд-Даэйн
El Fasher | Al-Fashir, El Fashir, Al Fasher | الفاشر | Эль-Фашер
El Geneina | Geneina, Al-Junaynah | الجنينة | Эль-Генейна
Erbil | Irbil | أربيل, اربيل | Эрбиль
Erez | Erez crossing | معبر إيرز, إيرز | Эрез
Gedaref | Al Qadarif, Gedarif | القضارف | Гедареф
Ghadames | | غدامس | Гадамес
Ghouta | Eastern Ghouta | الغوطة | Гута
Hadramawt | Hadramout, Hadhramaut | حضرموت | Хадрамаут
Hama | | حماة |
Hasakah | Al-Hasakah, Hasaka | الحسكة | Хасеке
Hebron | Al-Khalil | الخليل | Хеврон
Heglig | | هجليج | Хеглиг
Hodeidah | Al Hudaydah, Hudaydah | الحديدة | Ходейда
Homs | | حمص | Хомс
Idlib | | إدلب, ادلب | Идлиб
Jabalia | Jabaliya, Jabalya | جباليا | Джабалия
Jenin | | جنين | Дженин
Jericho | | أريحا | Иерихон
Jerusalem | Al-Quds | القدس | Иерусалим
Jufra | Al-Jufra | الجفرة | Джуфра
Kadugli | | كادقلي | Кадугли
Kassala | | كسلا | Кассала
Kerem Shalom | Karem Abu Salem | كرم أبو سالم | Керем-Шалом
Khan Younis | Khan Yunis | خان يونس | Хан-Юнис
Kirkuk | | كركوك | Киркук
Kobani | Ayn al-Arab | كوباني, عين العرب | Кобани
Kordofan | | كردفان | Кордофан
Kufra | Al-Kufrah | الكفرة | Куфра
Kutum | | | Кутум
Latakia | | اللاذقية | Латакия
Lahj | | لحج | Лахдж
Manbij | | منبج | Манбидж
Marib | Ma'rib | مأرب | Мариб
Mellit | | مليط | Меллит
Misrata | Misurata | مصراتة | Мисурата
Mocha | Al-Mukha | المخا |
Mosul | | الموصل | Мосул
Mukalla | Al-Mukalla | المكلا | Эль-Мукалла
N'Djamena | Ndjamena | نجامينا, إنجامينا | Нджамена
Nablus | | نابلس | Наблус
Naqoura | | الناقورة | Накура
North Darfur | | شمال دارفور | Северный Дарфур
North Kordofan | | شمال كردفان | Северный Кордофан
Nuseirat | | النصيرات | Нусейрат
Nyala | | نيالا | Ньяла
Omdurman | | أم درمان | Омдурман
Port Sudan | | بورتسودان, بور سودان | Порт-Судан
Qamishli | Qamishly | القامشلي | Камышлы
Quneitra | | القنيطرة | Кунейтра
Rafah | Rafah crossing | رفح | Рафах
Raqqa | Al-Raqqah | الرقة | Ракка
Ras Ajdir | Ras Jedir | رأس اجدير, راس جدير, رأس جدير | Рас-Адждир
Ras al-Ain | Ras al-Ayn | رأس العين | Рас-эль-Айн
Rukban | Al-Rukban | الركبان | Рукбан
Saada | Sa'dah | صعدة | Саада
Sabha | Sebha | سبها | Сабха
Sanaa | Sana'a | صنعاء | Сана
Sennar | | سنار | Сеннар
Shabwa | Shabwah | شبوة | Шабва
Sidon | Saida | صيدا | Сайда
Sinjar | | سنجار | Синджар
Sirte | Sirt | سرت | Сирт
Socotra | | سقطرى | Сокотра
South Darfur | | جنوب دارفور | Южный Дарфур
South Kordofan | | جنوب كردفان | Южный Кордофан
Sweida | Suwayda, As-Suwayda | السويداء | Сувейда
Taiz | Ta'izz | تعز | Таиз
Tal Abyad | | تل أبيض | Телль-Абьяд
Tal Rifaat | Tell Rifaat | تل رفعت | Телль-Рифат
Tartus | Tartous | طرطوس | Тартус
Tina | Tine, Tiné, Al-Tina | الطينة |
Tobruk | | طبرق | Тобрук
Tulkarm | | طولكرم | Тулькарм
Wad Madani | Wad Medani | ود مدني | Вад-Медани
Wadi Halfa | | وادي حلفا | Вади-Хальфа
West Darfur | | غرب دارفور | Западный Дарфур
West Kordofan | | غرب كردفان | Западный Кордофан
Zalingei | | زالنجي | Залинджей
Zamzam | Zamzam camp | زمزم | Замзам
Zuwara | | زوارة | Зувара
"""


def _parse_table(table: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for line in regex.sub(r"\n[ \t]+", " ", table.strip()).splitlines():  # an indented line continues the entry
        canonical, *columns = (part.strip() for part in line.split("|"))
        spellings = [canonical] + [s.strip() for col in columns for s in col.split(",") if s.strip()]
        out[canonical] = tuple(dict.fromkeys(spellings))
    return out


# A word may hold invisible format characters (ZWSP, ZWJ/ZWNJ, soft hyphen, bidi marks)
# inside it: a copy that has them still names the same place.  They are left out of its form.
_WORD = compiled(r"[\p{L}\p{M}](?:[\p{L}\p{M}\p{Cf}]*[\p{L}\p{M}])?")
_FORMAT = compiled(r"\p{Cf}")
_ARABIC_PREFIXES = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "في")
_RU_ENDINGS = sorted(("иями", "ями", "ами", "ией", "ого", "его", "ому", "ему", "ыми", "ими", "ия", "ии", "ию", "ой",
                      "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ую", "юю", "ых", "их", "ом", "ем", "ам", "ям", "ах",
                      "ях", "ов", "ев", "ы", "и", "а", "я", "у", "ю", "е", "о", "ь", "й"), key=len, reverse=True)
_EDGE_PUNCT = "\"'“”‘’«»()[]{}<>.,;:!?؟،؛…-–—/*|"  # stripped from a token's ends before it is read as one word
_CAPS = "\0"  # marks the lookup form of a word written in capitals


_FORMS: dict[str, str] = {}  # word → lookup form, a cache (a dict: the scan's hot loop)


def _form(word: str) -> str:
    form = _FORMS.get(word)
    if form is None:
        if len(_FORMS) > 1 << 16:
            _FORMS.clear()
        form = _FORMS[word] = fold_word(word)
    return form


def fold_word(word: str) -> str:
    """The lookup form of one word: Arabic letter-folded, Cyrillic
    lower-cased and stemmed (case endings off), Latin without accents
    (``Türkiye`` → ``Turkiye``) and with its case kept (``Turkey``, not
    ``turkey``), except that a word in capitals (``ABIDJAN``) gets a
    case-folded form of its own."""
    if not word.isascii():
        word = _FORMAT.sub("", word)
    first = word[:1]
    if "\u0600" <= first <= "\u06ff":
        return fold_arabic(word)
    if "\u0400" <= first <= "\u04ff":
        low = word.lower().replace("ё", "е")
        for ending in _RU_ENDINGS:
            if low.endswith(ending) and len(low) - len(ending) >= 2:
                return low[: -len(ending)]
        return low
    if not word.isascii():
        word = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return _CAPS + word.casefold() if len(word) > 1 and word.isupper() else word


def _indefinite_nisba(form: str) -> bool:
    """Whether a folded Arabic word is a definite nisba adjective
    (``اللبنانيه``, ``الصيني``) whose indefinite form (``لبنانيه``) names the
    state too; ``القطري`` is left out (``قُطري`` is "national")."""
    return form.startswith("ال") and form.endswith(("ي", "يه")) and len(form) > 5 and not form.startswith("القطري")


def _caps_form(form: str) -> str:
    """How a Latin key word looks when the text writes it in capitals."""
    if not form[:1].isascii() or not form[:1].isalpha():
        return form
    return form.upper() if len(form) == 1 else _CAPS + form.casefold()


@dataclass(frozen=True, slots=True)
class NameMatch:
    entry: str
    start: int  # character offsets of the name in the text searched
    end: int


@cache
def _folding_code() -> tuple[bytes, bytes]:
    """The source of the code a gazetteer index is folded by (this module and
    the Arabic folding's): part of the cached index's digest, read once."""
    return Path(__file__).read_bytes(), Path(numbers.__file__).read_bytes()


_Index = tuple[dict[tuple[str, ...], str], dict[str, tuple[tuple[str, tuple[int, ...]], ...]]]


class Gazetteer:
    """Names of places or states, found by looking words up in a table.

    A regex alternation over every name, anchored with a look-behind, cost
    about 100 ns per character on a 10 KB statement (it is tried at every
    position); looking up each word's folded form in a dict of the names'
    first words is a tenth of that.  Names match as whole words, with an
    optional attached Arabic prefix (``وروسيا``, ``بجنيف``, ``للعراق``);
    words are runs of letters, so ``Nur-Sultan`` and ``Nur Sultan`` are the
    same name.  Latin names match case-sensitively (``Turkey``, not
    ``turkey``) or in capitals (``ABIDJAN``); Arabic ones after letter
    folding (``الامارات`` = ``الإمارات``), Russian ones by stem.  The index
    is built on first use.
    """

    def __init__(self, table: str) -> None:
        self._table = table
        self._index: _Index | None = None
        self._spellings: dict[str, tuple[str, ...]] | None = None
        self._tokens: dict[str, tuple[tuple[str, ...], bool]] = {}
        self._starting: set[str] = set()  # the tokens read into _tokens that can start a name
        self._matched: dict[str, tuple[NameMatch, ...]] = {}

    @property
    def table(self) -> dict[str, tuple[str, ...]]:
        """Canonical name → its spellings (parsed once; do not modify)."""
        if self._spellings is None:
            self._spellings = _parse_table(self._table)
        return self._spellings

    def _build(self) -> _Index:
        # kept in the cache folder (a 1,300-name index took 10-20 ms of every process start); the digest
        # covers the table and the code that folds it (this module and the Arabic folding's)
        sources = (self._table, *_folding_code())
        self._index = derived(f"gazetteer-{sha256_hex(self._table.encode())[:12]}", sources,
                              self._index_of_table)
        return self._index

    def _index_of_table(self) -> _Index:
        names: dict[tuple[str, ...], str] = {}
        for entry, spellings in self.table.items():
            for spelling in spellings:
                key = tuple(fold_word(w) for w in _WORD.findall(spelling))
                if key:
                    names.setdefault(key, entry)
                    names.setdefault(tuple(_caps_form(w) for w in key), entry)
                    if len(key) == 1 and _indefinite_nisba(key[0]):  # حكومة لبنانية, برعاية صينية
                        names.setdefault((key[0][2:],), entry)
        sizes: dict[str, set[int]] = {}
        for key in names:
            sizes.setdefault(key[0], set()).add(len(key))
        # a word's folded form → the first words of names it can be (itself,
        # or itself without an attached Arabic prefix), with their lengths
        heads: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
        for first, lengths in sizes.items():
            head = (first, tuple(sorted(lengths, reverse=True)))
            forms = [first]
            if "\u0600" <= first[:1] <= "\u06ff":
                forms += [p + first for p in _ARABIC_PREFIXES]
                if first.startswith("ال"):
                    forms += [p + "ل" + first[2:] for p in ("ل", "ول", "فل")]  # للعراق, وللعراق
            for form in forms:
                heads.setdefault(form, []).append(head)
        return names, {form: tuple(firsts) for form, firsts in heads.items()}

    def entries(self, text: str) -> Iterator[str]:
        """The entry of each name in ``text``, in order of the text.

        Splitting a long text into letter words with a regex is most of the
        cost (the aligner and the metadata scan every clause), so the text is
        split at white space, each *distinct* token is read once (most are
        plain words: no regex), and only the tokens holding a name's first
        word are looked at in place."""
        tokens = text.split()
        starts = self._starts(tokens)
        return self._entries_at(tokens, starts) if starts else iter(())

    def _starts(self, tokens: list[str]) -> set[str]:
        """The distinct ``tokens`` that can start a name.  Only the tokens
        not seen before are read; the rest is set operations (a loop over
        every token per text was most of the metadata's cost on short
        statements)."""
        known = self._tokens
        if len(known) > 1 << 17:
            known.clear()
            self._starting.clear()
        distinct = set(tokens)
        for token in distinct.difference(known):  # (iterates ``distinct``, looking each up in ``known``)
            self._read_token(token)
        return distinct & self._starting

    def _may_name(self, text: str) -> bool:
        """Whether a white-space token of ``text`` holds a word that can start
        a name.  Letter words never span white space, so the words of the
        text are its tokens' words: when no token can start a name, the word
        scan would find none (most lines the metadata reads name nothing,
        and the tokens are read once per process, not per line)."""
        return bool(self._starts(text.split()))

    def _read_token(self, token: str) -> tuple[tuple[str, ...], bool]:
        """A white-space token's words (lookup forms), and whether one can
        start a name; kept, since tokens repeat across clauses and rounds."""
        _, heads = self._index or self._build()
        bare = token.strip(_EDGE_PUNCT)
        forms = (_form(bare),) if bare.isalpha() else tuple(_form(w) for w in _WORD.findall(token))
        read = self._tokens[token] = (forms, not heads.keys().isdisjoint(forms))
        if read[1]:
            self._starting.add(token)
        return read

    def _entries_at(self, tokens: list[str], starts: set[str]) -> Iterator[str]:
        known = self._tokens

        def forms(token: str) -> tuple[str, ...]:
            return (known.get(token) or self._read_token(token))[0]

        done = (-1, 0)  # (token, word) where the last name found ends
        # (compress/map: the whole text's tokens are tested at C speed; a comprehension was 8 % of a long parse)
        for k in compress(range(len(tokens)), map(starts.__contains__, tokens)):
            own = forms(tokens[k])
            window, j = list(own), k + 1
            while len(window) < len(own) + 6 and j < len(tokens):  # six words: the longest name
                window += forms(tokens[j])
                j += 1
            for i in range(len(own)):
                if (k, i) < done:
                    continue
                found = next(self._scan(window[i:], forms_given=True), None)
                if found is not None and found[0] == 0:
                    yield found[2]
                    end, t = i + found[1], k  # the word after the name, as (token, word)
                    while t < len(tokens) and end >= len(forms(tokens[t])):
                        end -= len(forms(tokens[t]))
                        t += 1
                    done = (t, end)

    def matches(self, text: str) -> tuple[NameMatch, ...]:
        """Each name in ``text`` with its span, in order.  The metadata reads
        the same short lines several times (date, place, parties), so the
        last few hundred answers are kept."""
        known = self._matched.get(text)
        if known is not None:
            return known
        found: tuple[NameMatch, ...] = ()
        if self._may_name(text):
            spans = [m.span() for m in _WORD.finditer(text)]
            words = [text[a:b] for a, b in spans]
            found = tuple(NameMatch(entry, spans[k][0], spans[k + size - 1][1])
                          for k, size, entry in self._scan(words))
        if len(self._matched) > 512:
            self._matched.clear()
        if len(text) <= 4000:
            self._matched[text] = found
        return found

    def _scan(self, words: list[str], forms_given: bool = False) -> Iterator[tuple[int, int, str]]:
        """``(first word, number of words, entry)`` of each name; where names
        overlap, the longest wins."""
        names, heads = self._index or self._build()
        get = _FORMS.get
        forms = words if forms_given else [get(w) or _form(w) for w in words]
        n, done = len(forms), 0  # words before ``done`` belong to a name already found
        for k in [k for k, form in enumerate(forms) if form in heads]:  # few words can start a name
            if k < done:
                continue
            found = None
            for first, lengths in heads[forms[k]]:
                for size in lengths:
                    if k + size <= n and (entry := names.get((first, *forms[k + 1:k + size]))) is not None:
                        if found is None or size > found[0]:
                            found = (size, entry)
                        break
            if found:
                yield k, found[0], found[1]
                done = k + found[0]


STATES = Gazetteer(_STATE_TABLE)
PLACES = Gazetteer(_PLACE_TABLE + _SITE_TABLE)
SITES = frozenset(line.split("|")[0].strip() for line in _SITE_TABLE.strip().splitlines())  # subjects, not venues
