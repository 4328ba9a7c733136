"""Seeded generator of synthetic final statements for the benchmark suite.

Everything here is made up from the vocabulary lists below (written for this
file; nothing is taken from real statements).  The output looks like the
statements communique is built for::

    <title line>
    <date line>

    <preamble paragraph>

    The participants agreed as follows:        | اتفق المشاركون على ما يلي:

    1. <clause of 25-70 words>                 | 1- <clause>
    ...
    <closing line>

About a third of the clauses open with one of a few shared formulae
("Reaffirmed their commitment to", "شدد المشاركون على"), which is what makes
aligning two rounds harder than matching unique lines.

Public functions
----------------
``make_statement(n_clauses, lang, seed)`` -> ``(text, clause_texts)``
``next_round(clause_texts, edit_rate=0.1, seed=0)`` -> ``(text, clause_texts, truth)``
``worst_case(clause_texts, seed=0)`` -> ``(text, clause_texts, truth)``
``make_corpus(n_statements, clauses, lang, seed)`` -> list of texts
``render(clause_texts, lang, frame_seed)`` -> text
``render_bluebell(clause_texts, lang, frame_seed)`` -> the same statement as
bluebell-akn keyword-marked input (``PREFACE`` / ``PREAMBLE`` / ``BODY`` /
``PARA 1.`` / ``CONCLUSIONS``)
``clause_spans(text)`` -> list of ``(start, end, marker_end)`` per clause

``truth`` is a list of ``(op, old_index, new_index)`` with 0-based indices
(``None`` on the side a clause does not exist), one entry per old clause and
per added clause, ``op`` in ``unchanged / modified / moved / dropped / added``
(the names communique uses).  A reworded clause is ``modified``; a moved
clause is ``moved`` even though its text is identical; clauses that only shift
position because of the edits around them are ``unchanged``.

The clause list returned is a :class:`ClauseList` (a ``list`` subclass) that
remembers its language and frame so that ``next_round`` can render the new
round with the same title, date, preamble and closing: only clauses change
between rounds, so every clause-level difference is in ``truth``.
"""

from __future__ import annotations

import random
import re

__all__ = [
    "ClauseList",
    "clause_spans",
    "make_corpus",
    "make_statement",
    "next_round",
    "render",
    "render_bluebell",
    "truth_summary",
    "worst_case",
]

MIN_WORDS = 25
MAX_WORDS = 70

# ---------------------------------------------------------------------------
# English vocabulary (diplomatic register)
# ---------------------------------------------------------------------------

EN_FORMULAE = [
    "Reaffirmed their commitment to",
    "Stressed the importance of",
    "Called upon all parties to+V",
    "Expressed their deep concern over",
    "Underlined the need for",
    "Reiterated their support for",
]

EN_OPENERS = [
    "Welcomed",
    "Noted with appreciation",
    "Commended",
    "Acknowledged",
    "Encouraged",
    "Urged",
    "Condemned",
    "Decided to+V",
    "Agreed to+V",
    "Emphasized",
    "Requested",
    "Endorsed",
    "Took note of",
    "Looked forward to",
    "Appreciated",
    "Invited",
    "Affirmed",
    "Highlighted",
    "Supported",
    "Deplored",
    "Recognized",
    "Recalled",
    "Instructed the Secretariat to+V",
    "Tasked the Joint Committee with",
    "Agreed to convene",
    "Renewed their call for",
    "Expressed their gratitude for",
    "Declared their readiness to+V",
    "Mandated the working group to+V",
    "Reviewed",
]

EN_NOUNS = [
    "sovereignty",
    "territorial integrity",
    "cooperation",
    "dialogue",
    "security",
    "stability",
    "ceasefire",
    "reconstruction",
    "negotiations",
    "mechanism",
    "framework",
    "agreement",
    "initiative",
    "resolution",
    "commitment",
    "partnership",
    "assistance",
    "refugees",
    "displaced persons",
    "elections",
    "constitution",
    "institutions",
    "investment",
    "trade",
    "energy",
    "water resources",
    "borders",
    "region",
    "neighbours",
    "talks",
    "delegation",
    "envoy",
    "secretariat",
    "committee",
    "working group",
    "consultations",
    "roadmap",
    "timetable",
    "arrangements",
    "measures",
    "obligations",
    "principles",
    "charter",
    "law",
    "rights",
    "civilians",
    "detainees",
    "prisoners",
    "aid",
    "corridors",
    "access",
    "recovery",
    "development",
    "infrastructure",
    "economy",
    "sanctions",
    "terrorism",
    "extremism",
    "violence",
    "escalation",
    "tensions",
    "conflict",
    "crisis",
    "settlement",
    "solution",
    "process",
    "transition",
    "governance",
    "accountability",
    "transparency",
    "reconciliation",
    "return",
    "demining",
    "de-escalation",
    "verification",
    "compliance",
    "implementation",
    "follow-up",
    "capacity",
    "resilience",
    "livelihoods",
    "food security",
    "health services",
    "education",
    "women",
    "youth",
    "minorities",
    "communities",
    "authorities",
    "stakeholders",
    "contributions",
    "pledges",
    "funding",
    "donors",
    "observers",
    "guarantors",
    "mediation",
    "good offices",
    "confidence-building",
    "exchanges",
    "visits",
    "consensus",
    "interests",
    "concerns",
    "efforts",
    "outcomes",
    "provisions",
    "clauses",
    "parameters",
    "deadlines",
    "benchmarks",
    "priorities",
    "challenges",
    "threats",
    "opportunities",
    "navigation",
    "ports",
    "fisheries",
    "pipelines",
]

EN_ADJECTIVES = [
    "regional",
    "international",
    "comprehensive",
    "sustainable",
    "political",
    "humanitarian",
    "economic",
    "constructive",
    "mutual",
    "inclusive",
    "effective",
    "lasting",
    "peaceful",
    "bilateral",
    "multilateral",
    "urgent",
    "full",
    "unimpeded",
    "safe",
    "voluntary",
    "dignified",
    "joint",
    "technical",
    "legal",
    "national",
    "independent",
    "democratic",
    "collective",
    "strategic",
    "practical",
    "concrete",
    "immediate",
    "continued",
    "further",
    "relevant",
    "appropriate",
    "credible",
    "transparent",
    "balanced",
    "genuine",
    "timely",
    "orderly",
    "coordinated",
    "substantive",
    "permanent",
    "interim",
    "transitional",
    "shared",
    "common",
    "cross-border",
    "maritime",
    "environmental",
    "financial",
    "civilian",
]

EN_VERBS = [
    "strengthen",
    "support",
    "ensure",
    "promote",
    "facilitate",
    "implement",
    "respect",
    "preserve",
    "resume",
    "establish",
    "enhance",
    "expand",
    "coordinate",
    "monitor",
    "review",
    "combat",
    "prevent",
    "protect",
    "restore",
    "achieve",
    "advance",
    "consolidate",
    "uphold",
    "safeguard",
    "accelerate",
    "mobilize",
    "sustain",
    "deepen",
    "broaden",
    "address",
    "resolve",
    "reinforce",
    "encourage",
    "foster",
    "pursue",
]

EN_CONNECTORS = [
    "in",
    "of",
    "for",
    "with",
    "on",
    "among",
    "between",
    "within",
    "through",
    "towards",
    "under",
    "across",
    "including",
    "in accordance with",
    "in line with",
    "as well as",
    "and",
    "while",
    "with a view to",
    "on the basis of",
    "in support of",
    "in the context of",
    "in cooperation with",
    "without prejudice to",
    "beyond",
]

EN_DETERMINERS = ["the", "the", "the", "all", "their", "its", "such", "this"]

EN_ENTITIES = [
    "the United Nations",
    "the Security Council",
    "the African Union",
    "the League of Arab States",
    "the European Union",
    "the Special Envoy",
    "the host country",
    "the guarantor states",
    "the Joint Committee",
    "the Secretary-General",
    "the Gulf Cooperation Council",
    "the observer states",
    "the international community",
    "the neighbouring countries",
    "the co-chairs",
    "the technical teams",
    "the monitoring mission",
    "the donor conference",
]

EN_TITLES = [
    "Final Communique of the {n}th Ministerial Meeting on Regional Security",
    "Joint Statement of the {n}th Round of Consultations on the Peace Process",
    "Closing Statement of the {n}th Summit of the Contact Group",
    "Final Declaration of the {n}th Session of the Joint Commission",
]
EN_CITIES = ["Geneva", "Vienna", "Muscat", "Doha", "Nairobi", "Oslo", "Astana", "Rabat", "Amman", "Brussels"]
EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
EN_LEAD_IN = "The participants agreed as follows:"
EN_PREAMBLE_OPEN = [
    "At the invitation of the host country, the delegations met",
    "In response to the call of the co-chairs, the participants convened",
    "Building on the outcomes of previous rounds, the ministers gathered",
]
EN_CLOSINGS = [
    "The participants thanked the host country for its generous hospitality.",
    "Done in {city} on {date}, in two original copies of equal authenticity.",
    "The participants agreed to hold the next round at a date to be set by mutual agreement.",
]

# ---------------------------------------------------------------------------
# Arabic vocabulary (diplomatic register).  Nouns carry their gender after
# "/" so that adjectives agree; adjectives are "masculine/feminine".
# ---------------------------------------------------------------------------

AR_FORMULAE = [
    "شدد المشاركون على",
    "أكد المشاركون التزامهم الثابت بمبدأ",
    "دعا المشاركون جميع الأطراف إلى",
    "أعرب المشاركون عن قلقهم البالغ إزاء",
    "أكد المشاركون على ضرورة",
    "جدد المشاركون دعمهم الكامل لجهود",
]

AR_OPENERS = [
    "رحب المشاركون بـ",
    "أشاد المشاركون بالجهود المبذولة في سبيل",
    "نوه المشاركون بأهمية",
    "أدان المشاركون",
    "قرر المشاركون",
    "اتفق المشاركون على",
    "طالب المشاركون بـ",
    "أحاط المشاركون علماً بـ",
    "ثمّن المشاركون",
    "دعم المشاركون",
    "اعترف المشاركون بأهمية",
    "كلف المشاركون الأمانة العامة بمتابعة",
    "أوعز المشاركون إلى اللجنة المشتركة بدراسة",
    "أبدى المشاركون استعدادهم لـ",
    "جدد المشاركون دعوتهم إلى",
    "استعرض المشاركون",
    "أعرب المشاركون عن تقديرهم لـ",
    "تطلع المشاركون إلى",
    "لفت المشاركون الانتباه إلى",
    "حث المشاركون المجتمع الدولي على",
    "استذكر المشاركون",
    "أقر المشاركون",
    "شجع المشاركون على",
    "أبرز المشاركون دور",
]

AR_NOUNS = [
    "الأمن/m",
    "الاستقرار/m",
    "السيادة/f",
    "وحدة الأراضي/f",
    "التعاون/m",
    "الحوار/m",
    "وقف إطلاق النار/m",
    "إعادة الإعمار/f",
    "المفاوضات/f",
    "الآلية/f",
    "الإطار/m",
    "الاتفاق/m",
    "المبادرة/f",
    "القرار/m",
    "الالتزام/m",
    "الشراكة/f",
    "المساعدات/f",
    "اللاجئين/p",
    "النازحين/p",
    "الانتخابات/f",
    "الدستور/m",
    "المؤسسات/f",
    "الاستثمار/m",
    "التجارة/f",
    "الطاقة/f",
    "الموارد المائية/f",
    "الحدود/f",
    "المنطقة/f",
    "دول الجوار/f",
    "المحادثات/f",
    "الوفد/m",
    "المبعوث الخاص/m",
    "الأمانة العامة/f",
    "اللجنة/f",
    "فريق العمل/m",
    "المشاورات/f",
    "خارطة الطريق/f",
    "الجدول الزمني/m",
    "الترتيبات/f",
    "التدابير/f",
    "الالتزامات/f",
    "المبادئ/f",
    "الميثاق/m",
    "القانون الدولي/m",
    "حقوق الإنسان/f",
    "المدنيين/p",
    "المحتجزين/p",
    "الأسرى/p",
    "الممرات/f",
    "الوصول/m",
    "التعافي/m",
    "التنمية/f",
    "البنية التحتية/f",
    "الاقتصاد/m",
    "العقوبات/f",
    "الإرهاب/m",
    "التطرف/m",
    "العنف/m",
    "التصعيد/m",
    "التوترات/f",
    "النزاع/m",
    "الأزمة/f",
    "التسوية/f",
    "الحل/m",
    "العملية/f",
    "المرحلة الانتقالية/f",
    "الحوكمة/f",
    "المساءلة/f",
    "الشفافية/f",
    "المصالحة/f",
    "العودة/f",
    "إزالة الألغام/f",
    "التهدئة/f",
    "التحقق/m",
    "الامتثال/m",
    "التنفيذ/m",
    "المتابعة/f",
    "القدرات/f",
    "الصمود/m",
    "سبل العيش/f",
    "الأمن الغذائي/m",
    "الخدمات الصحية/f",
    "التعليم/m",
    "المرأة/f",
    "الشباب/m",
    "المجتمعات المحلية/f",
    "السلطات/f",
    "الجهات المعنية/f",
    "المساهمات/f",
    "التعهدات/f",
    "التمويل/m",
    "المانحين/p",
    "المراقبين/p",
    "الضامنين/p",
    "الوساطة/f",
    "المساعي الحميدة/f",
    "بناء الثقة/m",
    "الزيارات/f",
    "التوافق/m",
    "المصالح/f",
    "الشواغل/f",
    "الجهود/f",
    "النتائج/f",
    "الأحكام/f",
    "البنود/f",
    "المعايير/f",
    "المهل/f",
    "الأولويات/f",
    "التحديات/f",
    "التهديدات/f",
    "الفرص/f",
    "الملاحة/f",
    "الموانئ/f",
    "المصائد/f",
    "خطوط الأنابيب/f",
]

AR_ADJECTIVES = [
    "الإقليمي/الإقليمية",
    "الدولي/الدولية",
    "الشامل/الشاملة",
    "المستدام/المستدامة",
    "السياسي/السياسية",
    "الإنساني/الإنسانية",
    "الاقتصادي/الاقتصادية",
    "البناء/البناءة",
    "المتبادل/المتبادلة",
    "الفعال/الفعالة",
    "الدائم/الدائمة",
    "السلمي/السلمية",
    "الثنائي/الثنائية",
    "المشترك/المشتركة",
    "العاجل/العاجلة",
    "الكامل/الكاملة",
    "الآمن/الآمنة",
    "الطوعي/الطوعية",
    "الكريم/الكريمة",
    "الفني/الفنية",
    "القانوني/القانونية",
    "الوطني/الوطنية",
    "المستقل/المستقلة",
    "الديمقراطي/الديمقراطية",
    "الجماعي/الجماعية",
    "الاستراتيجي/الاستراتيجية",
    "العملي/العملية",
    "الملموس/الملموسة",
    "الفوري/الفورية",
    "المتواصل/المتواصلة",
    "المناسب/المناسبة",
    "الموثوق/الموثوقة",
    "الشفاف/الشفافة",
    "المتوازن/المتوازنة",
    "الحقيقي/الحقيقية",
    "المنظم/المنظمة",
    "المنسق/المنسقة",
    "الجوهري/الجوهرية",
    "الانتقالي/الانتقالية",
    "العابر للحدود/العابرة للحدود",
    "البحري/البحرية",
    "البيئي/البيئية",
    "المالي/المالية",
    "المدني/المدنية",
    "الجاد/الجادة",
    "الشامل للجميع/الشاملة للجميع",
]

# Verbal nouns (masdar) that head an idafa: "تعزيز التعاون".
AR_MASDARS = [
    "تعزيز",
    "دعم",
    "ضمان",
    "تسهيل",
    "تنفيذ",
    "احترام",
    "استئناف",
    "إنشاء",
    "توسيع",
    "تنسيق",
    "مراقبة",
    "مراجعة",
    "مكافحة",
    "منع",
    "حماية",
    "استعادة",
    "تحقيق",
    "إطلاق",
    "تسوية",
    "توطيد",
    "صون",
    "تسريع",
    "حشد",
    "مواصلة",
    "تعميق",
    "معالجة",
    "ترسيخ",
    "تشجيع",
    "تطوير",
    "تفعيل",
]

AR_CONNECTORS = [
    "في",
    "على",
    "مع",
    "بين",
    "ضمن",
    "نحو",
    "عبر",
    "حول",
    "لدى",
    "من خلال",
    "من أجل",
    "في إطار",
    "على أساس",
    "بما في ذلك",
    "بما يضمن",
    "بهدف",
    "إضافة إلى",
    "بالتعاون مع",
    "دون المساس بـ",
    "وفقاً لأحكام",
    "في ضوء",
    "انطلاقاً من",
]

AR_ENTITIES = [
    "الأمم المتحدة",
    "مجلس الأمن",
    "الاتحاد الأفريقي",
    "جامعة الدول العربية",
    "الاتحاد الأوروبي",
    "المبعوث الخاص",
    "الدولة المضيفة",
    "الدول الضامنة",
    "اللجنة المشتركة",
    "الأمين العام",
    "مجلس التعاون",
    "الدول المراقبة",
    "المجتمع الدولي",
    "الدول المجاورة",
    "الرئاسة المشتركة",
    "الفرق الفنية",
    "بعثة المراقبة",
    "مؤتمر المانحين",
]

AR_TITLES = [
    "البيان الختامي للاجتماع الوزاري الـ{n} حول الأمن الإقليمي",
    "البيان المشترك للجولة الـ{n} من المشاورات حول عملية السلام",
    "البيان الختامي للقمة الـ{n} لمجموعة الاتصال",
    "الإعلان الختامي للدورة الـ{n} للجنة المشتركة",
]
AR_CITIES = ["جنيف", "فيينا", "مسقط", "الدوحة", "نيروبي", "أوسلو", "أستانا", "الرباط", "عمّان", "القاهرة"]
AR_MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]
AR_LEAD_IN = "اتفق المشاركون على ما يلي:"
AR_PREAMBLE_OPEN = [
    "بدعوة كريمة من الدولة المضيفة، اجتمعت الوفود المشاركة",
    "استجابة لدعوة الرئاسة المشتركة، التأم المشاركون",
    "انطلاقاً من نتائج الجولات السابقة، اجتمع الوزراء",
]
AR_CLOSINGS = [
    "وجه المشاركون الشكر إلى الدولة المضيفة على حسن الضيافة وكرم الاستقبال.",
    "حرر في {city} بتاريخ {date}، من نسختين أصليتين متساويتين في الحجية.",
    "اتفق المشاركون على عقد الجولة المقبلة في موعد يحدد بالتوافق.",
]


def _clean(items: list[str]) -> list[str]:
    return [" ".join(x.split()) for x in items if x.strip()]


for _name in list(globals()):
    if _name.startswith(("EN_", "AR_")) and isinstance(globals()[_name], list):
        globals()[_name] = _clean(globals()[_name])

_AR_NOUNS = [tuple(x.split("/")) for x in AR_NOUNS]  # (word, gender)
_AR_ADJ = [tuple(x.split("/")) for x in AR_ADJECTIVES]  # (masc, fem)


def vocabulary_size(lang: str) -> int:
    """Number of distinct words in the vocabulary lists of ``lang``."""
    prefix = "EN_" if lang == "en" else "AR_"
    words: set[str] = set()
    for name, value in globals().items():
        if name.startswith(prefix) and isinstance(value, list):
            for item in value:
                words.update(w for w in re.split(r"[\s/|]+", item.replace("+V", "")) if w and "{" not in w)
    return len(words)


# ---------------------------------------------------------------------------
# Clause generation
# ---------------------------------------------------------------------------


def _n_words(rng: random.Random) -> int:
    # Skewed towards short clauses (mean ~35 words): real statements have many
    # two-line clauses and a few long ones.  Calibrated so 1,000 Arabic
    # clauses make about 450 KB of UTF-8.
    return MIN_WORDS + int((MAX_WORDS - MIN_WORDS) * rng.betavariate(1.2, 4.0))


def _en_verb_phrase(rng: random.Random) -> str:
    verb, det, adj = rng.choice(EN_VERBS), rng.choice(EN_DETERMINERS), rng.choice(EN_ADJECTIVES)
    return f"{verb} {det} {adj} {rng.choice(EN_NOUNS)}"


def _en_phrase(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.15:
        return rng.choice(EN_ENTITIES)
    if r < 0.35:
        return "efforts to " + _en_verb_phrase(rng)
    det = rng.choice(EN_DETERMINERS)
    adj = rng.choice(EN_ADJECTIVES) + " " if rng.random() < 0.6 else ""
    phrase = f"{det} {adj}{rng.choice(EN_NOUNS)}"
    if rng.random() < 0.4:
        phrase += f" of the {rng.choice(EN_NOUNS)}"
    return phrase


def _ar_np(rng: random.Random) -> str:
    noun, gender = rng.choice(_AR_NOUNS)
    if rng.random() < 0.55:
        masc, fem = rng.choice(_AR_ADJ)
        return f"{noun} {masc if gender == 'm' else fem}"
    return noun


def _ar_phrase(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.15:
        return rng.choice(AR_ENTITIES)
    if r < 0.5:
        return f"{rng.choice(AR_MASDARS)} {_ar_np(rng)}"
    return _ar_np(rng)


def _attach(prev: str, word: str) -> str:
    """Arabic clitic prepositions written "بـ"/"لـ" join the next word."""
    if prev.endswith("ـ"):
        if prev.endswith("لـ") and word.startswith("ال"):
            return prev[:-1] + "ل" + word[2:]  # لـ + الأمن → للأمن
        return prev[:-1] + word
    return prev + " " + word


def _clause(rng: random.Random, lang: str, formula: bool | None = None) -> str:
    if formula is None:
        formula = rng.random() < 1 / 3
    target = _n_words(rng)
    if lang == "en":
        opener = rng.choice(EN_FORMULAE if formula else EN_OPENERS)
        # An opener marked "+V" takes an infinitive ("Decided to strengthen …").
        infinitive = opener.endswith("+V")
        text = opener[:-2] + " " + _en_verb_phrase(rng) if infinitive else opener + " " + _en_phrase(rng)
        while len(text.split()) < target:
            sep = ", " if rng.random() < 0.2 else " "
            text += sep + rng.choice(EN_CONNECTORS) + " " + _en_phrase(rng)
    else:
        opener = rng.choice(AR_FORMULAE if formula else AR_OPENERS)
        text = _attach(opener, _ar_phrase(rng))
        while len(text.split()) < target:
            conn = rng.choice(AR_CONNECTORS)
            if rng.random() < 0.3:
                # "و" is written joined to the next word.
                text += ("، " if rng.random() < 0.3 else " ") + "و" + _ar_phrase(rng)
            else:
                text += " " + _attach(conn, _ar_phrase(rng))
    words = text.split()[:MAX_WORDS]
    out = " ".join(words).rstrip(",،")
    return out + "."


# ---------------------------------------------------------------------------
# Statement frame
# ---------------------------------------------------------------------------


class ClauseList(list):
    """A list of clause texts that remembers how its statement was framed."""

    lang: str = "en"
    frame_seed: int = 0

    def derive(self, items) -> ClauseList:
        out = ClauseList(items)
        out.lang = self.lang
        out.frame_seed = self.frame_seed
        return out


def _detect_lang(clause_texts) -> str:
    sample = " ".join(clause_texts[:3])
    return "ar" if re.search(r"[\u0600-\u06ff]", sample) else "en"


def _frame(lang: str, frame_seed: int) -> tuple[str, str, str, str]:
    rng = random.Random(f"frame:{lang}:{frame_seed}")
    n = rng.randint(3, 40)
    day, month, year = rng.randint(1, 28), rng.randrange(12), rng.randint(2015, 2025)
    if lang == "en":
        city = rng.choice(EN_CITIES)
        date = f"{day} {EN_MONTHS[month]} {year}"
        title = rng.choice(EN_TITLES).format(n=n)
        date_line = f"{city}, {date}"
        pre = (
            rng.choice(EN_PREAMBLE_OPEN)
            + f" in {city} on {date} "
            + " ".join(f"{rng.choice(EN_CONNECTORS)} {_en_phrase(rng)}" for _ in range(rng.randint(4, 7)))
        )
        pre += ", and after an exchange of views held in a spirit of mutual respect, issued the following statement."
        closing = rng.choice(EN_CLOSINGS).format(city=city, date=date)
    else:
        city = rng.choice(AR_CITIES)
        date = f"{day} {AR_MONTHS[month]} {year}"
        title = rng.choice(AR_TITLES).format(n=n)
        date_line = f"{city}، {date}"
        pre = (
            rng.choice(AR_PREAMBLE_OPEN)
            + f" في {city} بتاريخ {date} "
            + " ".join(_attach(rng.choice(AR_CONNECTORS), _ar_phrase(rng)) for _ in range(rng.randint(4, 7)))
        )
        pre += "، وبعد تبادل وجهات النظر في أجواء من الاحترام المتبادل، أصدروا البيان التالي."
        closing = rng.choice(AR_CLOSINGS).format(city=city, date=date)
    return title, date_line, pre, closing


def _frame_of(clause_texts, lang: str | None, frame_seed: int | None):
    """``(lang, (title, date line, preamble, closing, lead-in))`` for
    ``clause_texts``; language and frame default to the ones the clause list
    was made with."""
    if lang is None:
        lang = getattr(clause_texts, "lang", None) or _detect_lang(clause_texts)
    if frame_seed is None:
        frame_seed = getattr(clause_texts, "frame_seed", 0)
    return lang, (*_frame(lang, frame_seed), EN_LEAD_IN if lang == "en" else AR_LEAD_IN)


def render(clause_texts, lang: str | None = None, frame_seed: int | None = None) -> str:
    """The full statement text around ``clause_texts``."""
    lang, (title, date_line, pre, closing, lead) = _frame_of(clause_texts, lang, frame_seed)
    delim = ". " if lang == "en" else "- "
    parts = [f"{title}\n{date_line}", pre, lead]
    parts += [f"{i}{delim}{t}" for i, t in enumerate(clause_texts, 1)]
    parts.append(closing)
    return "\n\n".join(parts) + "\n"


# bluebell-akn (https://github.com/laws-africa/bluebell) reads plain text only
# when its structure is spelled out with keywords at the start of lines.  These
# are the characters and line openings its grammar would read as markup.
_BLUEBELL_INLINE = re.compile(r"[\\*/_{]")


def bluebell_escape(line: str) -> str:
    """``line`` as literal text for bluebell: backslash before the characters
    that can open inline markup (``**``, ``//``, ``__``, ``{{``, ``\\``) and
    before a first word in capitals, which could be a keyword (``PARA``,
    ``P``, ``TABLE``, …).  bluebell drops the backslashes again.  The
    generated statements have none of those characters and no line opening
    with a word in capitals, so this changes nothing in them (the input is the
    same words, byte for byte, as the plain statement)."""
    line = _BLUEBELL_INLINE.sub(lambda m: "\\" + m.group(0), line)
    first = line.split(" ", 1)[0]
    if first.isascii() and first.isupper():
        line = "\\" + line
    return line


def render_bluebell(clause_texts, lang: str | None = None, frame_seed: int | None = None) -> str:
    """The statement ``render`` makes, as bluebell-akn keyword-marked input::

        PREFACE
          <title line>
          <date line>

        PREAMBLE
          <preamble paragraph>

        BODY
          <lead-in>

          PARA 1.                 (Arabic: PARA 1-)
            <clause 1>

          ...

        CONCLUSIONS
          <closing line>

    Same frame, same clause texts and numbers (with the same delimiter) as the
    plain statement; only the keywords and the indentation bluebell needs are
    added.  Parse it with root ``statement``: each clause becomes a
    ``<paragraph>`` of ``<mainBody>`` with ``<num>1.</num>``.
    """
    lang, (title, date_line, pre, closing, lead) = _frame_of(clause_texts, lang, frame_seed)
    delim = "." if lang == "en" else "-"
    esc = bluebell_escape
    lines = ["PREFACE", f"  {esc(title)}", f"  {esc(date_line)}", ""]
    lines += ["PREAMBLE", f"  {esc(pre)}", ""]
    lines += ["BODY", f"  {esc(lead)}", ""]
    for i, t in enumerate(clause_texts, 1):
        lines += [f"  PARA {i}{delim}", f"    {esc(t)}", ""]
    lines += ["CONCLUSIONS", f"  {esc(closing)}"]
    return "\n".join(lines) + "\n"


def make_statement(n_clauses: int, lang: str = "ar", seed: int = 0) -> tuple[str, ClauseList]:
    """A statement of ``n_clauses`` numbered clauses in ``lang`` ("ar"/"en")."""
    if lang not in ("ar", "en"):
        raise ValueError("lang must be 'ar' or 'en'")
    rng = random.Random(f"statement:{lang}:{n_clauses}:{seed}")
    clauses = ClauseList(_clause(rng, lang) for _ in range(n_clauses))
    clauses.lang = lang
    clauses.frame_seed = seed
    return render(clauses), clauses


def make_corpus(n_statements: int = 1000, clauses: int = 20, lang: str = "ar", seed: int = 0) -> list[str]:
    """``n_statements`` statements of ``clauses`` ± 5 clauses each."""
    rng = random.Random(f"corpus:{lang}:{seed}")
    out = []
    for i in range(n_statements):
        n = max(1, clauses + rng.randint(-5, 5))
        out.append(make_statement(n, lang, seed * 1_000_003 + i)[0])
    return out


# ---------------------------------------------------------------------------
# Edits between rounds
# ---------------------------------------------------------------------------


def _reword(text: str, rng: random.Random, lang: str) -> str:
    """Replace 3-6 distinct words (never the final full stop) with others."""
    words = text[:-1].split() if text.endswith(".") else text.split()
    pool = _word_pool(lang)
    k = min(rng.randint(3, 6), len(words))
    for pos in rng.sample(range(len(words)), k):
        old = words[pos]
        new = old
        while new == old or new in words:
            new = rng.choice(pool)
        words[pos] = new
    return " ".join(words) + "."


_POOLS: dict[str, list[str]] = {}


def _word_pool(lang: str) -> list[str]:
    if lang not in _POOLS:
        if lang == "en":
            src = EN_NOUNS + EN_ADJECTIVES + EN_VERBS
        else:
            src = [n for n, _ in _AR_NOUNS] + [a for pair in _AR_ADJ for a in pair] + AR_MASDARS
        _POOLS[lang] = sorted({w for item in src for w in item.split() if len(w) > 2})
    return _POOLS[lang]


EDIT_KINDS = ("reword", "drop", "add", "move")


def next_round(
    clause_texts,
    edit_rate: float = 0.1,
    seed: int = 0,
    lang: str | None = None,
) -> tuple[str, ClauseList, list[tuple[str, int | None, int | None]]]:
    """The next round: about ``edit_rate`` × n edits, split roughly equally
    between reword (3-6 words changed), drop, add and move (a clause taken out
    and put back at least a third of the statement away).  Each old clause is
    edited at most once.  Returns ``(text, clauses, truth)``.
    """
    if lang is None:
        lang = getattr(clause_texts, "lang", None) or _detect_lang(clause_texts)
    base = clause_texts if isinstance(clause_texts, ClauseList) else ClauseList(clause_texts)
    if not isinstance(clause_texts, ClauseList):
        base.lang = lang
    rng = random.Random(f"round:{lang}:{len(clause_texts)}:{seed}")
    n = len(clause_texts)
    n_edits = max(1, round(edit_rate * n))
    kinds = [EDIT_KINDS[i % 4] for i in range(n_edits)]
    rng.shuffle(kinds)
    # Don't edit away more old clauses than exist.
    touching = [k for k in kinds if k != "add"]
    if len(touching) > n:
        kinds = [k if k == "add" else "add" for k in kinds]  # degenerate tiny input
        touching = []
    targets = rng.sample(range(n), len(touching))
    plan: dict[int, str] = {}
    adds = 0
    ti = iter(targets)
    for k in kinds:
        if k == "add":
            adds += 1
        else:
            plan[next(ti)] = k

    # items: (old_index or None, text, op)
    items: list[tuple[int | None, str, str]] = []
    movers: list[tuple[int, str]] = []
    for i, t in enumerate(clause_texts):
        k = plan.get(i)
        if k == "drop":
            continue
        if k == "reword":
            items.append((i, _reword(t, rng, lang), "modified"))
        elif k == "move":
            movers.append((i, t))
            items.append((i, t, "_placeholder"))
        else:
            items.append((i, t, "unchanged"))
    for i, t in movers:
        p = next(j for j, it in enumerate(items) if it[0] == i and it[2] == "_placeholder")
        items.pop(p)
        m = len(items)
        far = max(2, m // 3)
        choices = [q for q in range(m + 1) if abs(q - p) >= far]
        q = rng.choice(choices) if choices else (0 if p > m // 2 else m)
        items.insert(q, (i, t, "moved"))
    for _ in range(adds):
        q = rng.randint(0, len(items))
        items.insert(q, (None, _clause(rng, lang), "added"))

    new = base.derive(t for _, t, _ in items)
    truth: list[tuple[str, int | None, int | None]] = []
    for j, (i, _, op) in enumerate(items):
        truth.append((op, i, j))
    for i, k in plan.items():
        if k == "drop":
            truth.append(("dropped", i, None))
    truth = [(op, i, j) for op, i, j in truth]
    truth.sort(key=lambda r: (r[1] if r[1] is not None else 10**9, r[2] if r[2] is not None else -1))
    return render(new, lang), new, truth


def worst_case(clause_texts, seed: int = 0, lang: str | None = None):
    """Every clause reworded (3-6 words each), nothing moved, dropped or added."""
    if lang is None:
        lang = getattr(clause_texts, "lang", None) or _detect_lang(clause_texts)
    base = clause_texts if isinstance(clause_texts, ClauseList) else ClauseList(clause_texts)
    rng = random.Random(f"worst:{lang}:{len(clause_texts)}:{seed}")
    new = base.derive(_reword(t, rng, lang) for t in clause_texts)
    new.lang = lang
    truth = [("modified", i, i) for i in range(len(clause_texts))]
    return render(new, lang), new, truth


def truth_summary(truth) -> dict[str, int]:
    """Counts of each op in ``truth``."""
    out = dict.fromkeys(("unchanged", "modified", "moved", "added", "dropped"), 0)
    for op, _, _ in truth:
        out[op] += 1
    return out


# ---------------------------------------------------------------------------
# Locating clauses in generated text (used by the alternatives' checks)
# ---------------------------------------------------------------------------

_MARKER = re.compile(r"(?m)^(\d+)(?:\. |- )")


def clause_spans(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, marker_end)`` character offsets of each numbered clause
    of a generated statement, in order.  ``end`` is the end of the clause line.
    """
    out = []
    for m in _MARKER.finditer(text):
        end = text.find("\n", m.start())
        out.append((m.start(), len(text) if end < 0 else end, m.end()))
    return out


if __name__ == "__main__":  # pragma: no cover - manual inspection
    import sys

    lang = sys.argv[1] if len(sys.argv) > 1 else "ar"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    text, clauses = make_statement(n, lang, 1)
    print(render_bluebell(clauses) if "--bluebell" in sys.argv else text)
