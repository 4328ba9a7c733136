"""The words of the report's interface, in English (the default) and Arabic.

The interface language is the ``ui`` option of the HTML renderer: ``"en"``
(left to right) or ``"ar"`` (right to left: the page's ``dir`` is ``rtl``,
so the old round's column stands on the right, where an Arabic reader
starts).  Document text never goes through here: every clause block keeps
the ``dir`` and ``lang`` of its own text.  Operation kinds keep their
English names in attributes (``data-kind``, ``data-op``, classes); only the
words shown change.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import OptionError

UI_LANGUAGES = ("en", "ar")

_EN: dict[str, str] = {
    "diff.title": "What changed: {old} → {new}",
    "doc.round": "round {n}",
    "doc.text": "(text)",
    "rounds": "Rounds",
    "old": "Old",
    "new": "New",
    "meta.file": "File",
    "meta.title": "Title",
    "meta.round": "Round",
    "meta.date": "Date",
    "meta.place": "Place",
    "meta.parties": "Parties",
    "meta.language": "Language",
    "meta.changed": "Metadata changed: {fields}.",
    "meta.same": "No metadata changed.",
    "summary": "Summary",
    "filter.hint": "Click a count to show only those clauses; click again to show all.",
    "legend.words": "Word changes: ",
    "legend.history": "Word changes from the previous version: ",
    "legend.deleted": "deleted",
    "legend.inserted": "inserted",
    "legend.clitic": "clitic only",
    "legend.cosmetic": "cosmetic (folded by the profile)",
    "legend.profile": " · compared with profile “{profile}”, threshold {threshold}.",
    "legend.profile.history": " · compared with profile “{profile}”.",
    "where": "old {old} → new {new}",
    "similar": "{pct} similar",
    "renumbered": "renumbered",
    "cosmetic": "cosmetic: {rules}",
    "section.move": "moved from section “{a}” to “{b}”",
    "moved.to": "Moved to new ",
    "moved.from": "Moved from old ",
    "where.stood": "where it stood",
    "split.into": "Split into new ",
    "split.from": "Split from old ",
    "merged.into": "Merged into new ",
    "merged.from": "Merged from old ",
    "ghost": "Old clause {path} stood here; it moved to new ",
    "side": "Side by side",
    "inline": "Inline",
    "col.old": "Old · {name}",
    "col.new": "New · {name}",
    "empty.new": "(no clause in the new round)",
    "empty.translation": "(not in the translation)",
    "empty.original": "(not in the original)",
    "original": "Original",
    "translation": "Translation",
    "empty.old": "(no clause in the old round)",
    "inline.moved": "Moved from old {old} · ",
    "inline.split": "Split: old {old} → new {new}.",
    "inline.merged": "Merged: old {old} → new {new}.",
    "hide.unchanged": "Hide unchanged clauses",
    "changes": "Changes",
    "changes.none": "No clause changed.",
    "prev": "Previous change",
    "next": "Next change",
    "keys": "Keys: n / j next change, p / k previous.",
    "footer": "Made by communique.",
    "title.del": "deleted",
    "title.ins": "inserted",
    "title.rep.del": "replaced",
    "title.rep.ins": "replacement",
    "title.clitic": " (only a leading clitic و ف ب ل ك)",
    "title.cos": "cosmetic change from: {other}",
    # history
    "history.rounds": "Rounds",
    "history.title": "Clause history: {first} – {last}",
    "history.counts": "{rounds} rounds · {lineages} lineages.",
    "history.round": "Round {n}",
    "history.index": "#{n}",
    "history.col.index": "#",
    "history.col.changes": "Changes from the previous round",
    "history.nochange": "no clause changed",
    "history.matrix": "Lineages × rounds",
    "history.matrix.note": "Each row follows one clause through the rounds; a cell is the clause's path in that "
    "round (marked * and highlighted when its wording changed from the previous round; → names the lineage it "
    "merged into), empty when the clause is absent.",
    "history.lineage": "Lineage",
    "history.dropped.here": "dropped in this round",
    "history.merged.into": "merged into lineage {lineage}",
    "history.also.merged.into": "part of it merged into lineage {lineage}",
    "history.changed.here": "wording changed in this round",
    "history.lineages": "Each lineage through the rounds",
    "history.changed.in": " · changed in {rounds}",
    "history.dropped": "Dropped in {round} ({label}).",
    "history.state.first": "first round",
    "history.state.added": "added",
    "history.state.merged": "merged",
    "history.state.changed": "changed",
    "history.state.unchanged": "unchanged",
    "history.clause": " · {round} ({label}) · clause {paths}",
    "history.cosmetic": " · cosmetic: {rules}",
    "history.same": " · same text",
    "history.merged.note": "Merged into the clause of lineage {lineage}: ",
    "history.also.merged.note": "Part of this lineage merged into the clause of lineage {lineage}: ",
    "history.genealogy": "genealogy",
    # kinds
    "kind.unchanged": "unchanged",
    "kind.modified": "modified",
    "kind.moved": "moved",
    "kind.added": "added",
    "kind.dropped": "dropped",
    "kind.split": "split",
    "kind.merged": "merged",
    "kind.translated": "translated",
    "kind.omitted": "omitted",
    "xlang": "Compared across languages: the original ({old}) against a translation ({new}); "
             "no word changes, the facts each pair must share are checked.",
    "xlang.semantic": "Semantic signal: {name}.",
    "facts": "Facts rendered differently:",
    "fact": "{kind}: {original} → {translation}",
    "confidence": "confidence {pct}",
    "col.original": "Original · {name}",
    "col.translation": "Translation · {name}",
    "kind.meta": "meta",
}

_AR: dict[str, str] = {
    "diff.title": "ما الذي تغيّر: {old} ← {new}",
    "doc.round": "الجولة {n}",
    "doc.text": "(نص)",
    "rounds": "الجولتان",
    "old": "القديم",
    "new": "الجديد",
    "meta.file": "الملف",
    "meta.title": "العنوان",
    "meta.round": "الجولة",
    "meta.date": "التاريخ",
    "meta.place": "المكان",
    "meta.parties": "الأطراف",
    "meta.language": "اللغة",
    "meta.changed": "تغيّرت البيانات: {fields}.",
    "meta.same": "لم تتغيّر البيانات.",
    "summary": "الملخّص",
    "filter.hint": "انقر على عدد لعرض تلك البنود وحدها، وانقر مرة أخرى لعرض الكل.",
    "legend.words": "تغييرات الكلمات: ",
    "legend.history": "تغييرات الكلمات عن الصيغة السابقة: ",
    "legend.deleted": "محذوف",
    "legend.inserted": "مضاف",
    "legend.clitic": "سابقة متصلة فقط",
    "legend.cosmetic": "شكلي (تتجاهله المقارنة)",
    "legend.profile": " · المقارنة وفق «{profile}»، العتبة {threshold}.",
    "legend.profile.history": " · المقارنة وفق «{profile}».",
    "where": "القديم {old} ← الجديد {new}",
    "similar": "تشابه {pct}",
    "renumbered": "أعيد ترقيمه",
    "cosmetic": "شكلي: {rules}",
    "section.move": "نُقل من القسم «{a}» إلى «{b}»",
    "moved.to": "نُقل إلى الجديد ",
    "moved.from": "نُقل من القديم ",
    "where.stood": "موضعه السابق",
    "split.into": "قُسِّم إلى الجديد ",
    "split.from": "مقسوم من القديم ",
    "merged.into": "دُمج في الجديد ",
    "merged.from": "مدموج من القديم ",
    "ghost": "كان البند القديم {path} هنا؛ نُقل إلى الجديد ",
    "side": "جنبًا إلى جنب",
    "inline": "نص واحد",
    "col.old": "القديم · {name}",
    "col.new": "الجديد · {name}",
    "empty.new": "(لا بند في الجولة الجديدة)",
    "empty.translation": "(ليس في الترجمة)",
    "empty.original": "(ليس في الأصل)",
    "original": "الأصل",
    "translation": "الترجمة",
    "empty.old": "(لا بند في الجولة القديمة)",
    "inline.moved": "نُقل من القديم {old} · ",
    "inline.split": "قُسِّم: القديم {old} ← الجديد {new}.",
    "inline.merged": "دُمج: القديم {old} ← الجديد {new}.",
    "hide.unchanged": "إخفاء البنود غير المتغيّرة",
    "changes": "التغييرات",
    "changes.none": "لم يتغيّر أي بند.",
    "prev": "التغيير السابق",
    "next": "التغيير التالي",
    "keys": "المفاتيح: n أو j للتغيير التالي، p أو k للسابق.",
    "footer": "من إعداد communique.",
    "title.del": "محذوف",
    "title.ins": "مضاف",
    "title.rep.del": "مستبدَل",
    "title.rep.ins": "بديل",
    "title.clitic": " (سابقة متصلة فقط: و ف ب ل ك)",
    "title.cos": "تغيير شكلي عن: {other}",
    "history.rounds": "الجولات",
    "history.title": "تاريخ البنود: {first} – {last}",
    "history.counts": "الجولات: {rounds} · السلاسل: {lineages}.",
    "history.round": "الجولة {n}",
    "history.index": "#{n}",
    "history.col.index": "#",
    "history.col.changes": "التغييرات عن الجولة السابقة",
    "history.nochange": "لم يتغيّر أي بند",
    "history.matrix": "السلاسل × الجولات",
    "history.matrix.note": "يتتبّع كل صف بندًا واحدًا عبر الجولات؛ الخلية رقم البند في تلك الجولة (بعلامة * "
    "وتظليل إذا تغيّرت صيغته عن الجولة السابقة؛ ويشير → إلى السلسلة التي دُمج فيها)، وفارغة إذا غاب البند.",
    "history.lineage": "السلسلة",
    "history.dropped.here": "حُذف في هذه الجولة",
    "history.merged.into": "دُمج في السلسلة {lineage}",
    "history.also.merged.into": "دُمج جزء منها في السلسلة {lineage}",
    "history.changed.here": "تغيّرت الصيغة في هذه الجولة",
    "history.lineages": "كل سلسلة عبر الجولات",
    "history.changed.in": " · تغيّر في {rounds}",
    "history.dropped": "حُذف في {round} ({label}).",
    "history.state.first": "الجولة الأولى",
    "history.state.added": "مضاف",
    "history.state.merged": "مدموج",
    "history.state.changed": "متغيّر",
    "history.state.unchanged": "دون تغيير",
    "history.clause": " · {round} ({label}) · البند {paths}",
    "history.cosmetic": " · شكلي: {rules}",
    "history.same": " · النص نفسه",
    "history.merged.note": "دُمج في بند السلسلة {lineage}: ",
    "history.also.merged.note": "دُمج جزء من هذه السلسلة في بند السلسلة {lineage}: ",
    "history.genealogy": "النسب",
    "kind.unchanged": "دون تغيير",
    "kind.modified": "معدَّل",
    "kind.moved": "منقول",
    "kind.added": "مضاف",
    "kind.dropped": "محذوف",
    "kind.split": "مقسوم",
    "kind.merged": "مدموج",
    "kind.translated": "مترجم",
    "kind.omitted": "محذوف من الترجمة",
    "xlang": "مقارنة بين لغتين: الأصل ({old}) وترجمته ({new})؛ لا تُقارن الكلمات، بل الوقائع التي يجب أن "
             "يشترك فيها كل زوج.",
    "xlang.semantic": "الإشارة الدلالية: {name}.",
    "facts": "وقائع نُقلت على نحو مختلف:",
    "fact": "{kind}: {original} ← {translation}",
    "confidence": "الثقة {pct}",
    "col.original": "الأصل · {name}",
    "col.translation": "الترجمة · {name}",
    "kind.meta": "البيانات",
}

STRINGS = {"en": _EN, "ar": _AR}
assert set(_EN) == set(_AR)


@dataclass(frozen=True, slots=True)
class Ui:
    """The interface language of one page: its words, ``lang`` and ``dir``."""

    lang: str = "en"

    @classmethod
    def of(cls, name: str | None) -> Ui:
        name = name or "en"
        if name not in STRINGS:
            raise OptionError(f"unknown interface language {name!r}; choose from {', '.join(UI_LANGUAGES)}")
        return cls(name)

    @property
    def dir(self) -> str:
        return "rtl" if self.lang == "ar" else "ltr"

    def t(self, key: str, **values: object) -> str:
        text = STRINGS[self.lang][key]
        return text.format(**values) if values else text

    def kind(self, kind: str) -> str:
        return STRINGS[self.lang].get(f"kind.{kind}", kind)
