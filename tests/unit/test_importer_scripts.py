"""Documents in Arabic and Chinese import with their masthead, title and paragraphs, and the
record knows its language (resources/languages.json, briefing/importer/languages.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.importer import languages, parse_text


def cjk_wrap(text: str, width: int = 40) -> str:
    """Chinese as a PDF sets it: lines of `width` characters, broken anywhere."""
    return "\n".join(text[k : k + width] for k in range(0, len(text), width))


ZH_PARAGRAPHS = [
    "大会第67/219号决议请秘书长向大会第六十八届会议提交一份关于该决议执行情况的报告，"
    "并在报告中说明会员国、联合国系统各组织以及其他利益攸关方为落实国际移民与发展问题"
    "首次高级别对话的成果所采取的措施。本报告是应这一请求提交的。",
    "本报告论述定于2013年10月3日和4日在纽约举行的第二次国际移民与发展问题高级别对话，"
    "概述了自首次对话以来国际移民领域的主要趋势，并讨论了移民对原籍国、过境国和目的地国"
    "发展的贡献以及保护所有移民人权的必要性。",
    "报告最后提出供大会审议的建议，包括加强国际合作、改进移民数据、降低汇款成本和保护"
    "移民工人的权利，以便在2015年后发展议程中充分考虑移民问题。",
]

ZH_REPORT = "\n".join(
    [
        "联合国",
        "A/68/190",
        "大会",
        "分发：普遍",
        "2013年7月25日",
        "中文",
        "原文：英文",
        "第六十八届会议",
        "临时议程项目21(e)",
        "全球化和相互依存：国际移民与发展",
        "秘书长的报告",
        *[f"{k}. " + cjk_wrap(text) for k, text in enumerate(ZH_PARAGRAPHS, start=1)],
        "",
    ]
)

AR_PARAGRAPHS = [
    "طلبت الجمعية العامة في قرارها 67/219 إلى الأمين العام أن يقدم إليها في دورتها الثامنة\n"
    "والستين تقريرا عن تنفيذ ذلك القرار يبين فيه التدابير التي اتخذتها الدول الأعضاء\n"
    "ومنظومة الأمم المتحدة وغيرها من الجهات المعنية، وهذا التقرير مقدم استجابة لذلك الطلب.",
    "ويتناول التقرير الحوار الرفيع المستوى الثاني المعني بالهجرة الدولية والتنمية، الذي\n"
    "سيعقد في نيويورك يومي 3 و 4 تشرين الأول/أكتوبر 2013، ويستعرض الاتجاهات الرئيسية\n"
    "في مجال الهجرة الدولية منذ الحوار الأول وإسهام المهاجرين في التنمية.",
    "ويختتم التقرير بتوصيات لكي تنظر فيها الجمعية العامة، منها تعزيز التعاون الدولي\n"
    "وتحسين البيانات المتعلقة بالهجرة وخفض تكاليف التحويلات المالية وحماية حقوق\n"
    "العمال المهاجرين.",
]

AR_REPORT = "\n".join(
    [
        "الأمم المتحدة",
        "A/68/190",
        "الجمعية العامة",
        "التوزيع: عام",
        "٢٥ تموز/يوليه ٢٠١٣",
        "عربي",
        "الأصل: بالإنكليزية",
        "الدورة الثامنة والستون",
        "البند ٢١ (هـ) من جدول الأعمال المؤقت",
        "العولمة والترابط: الهجرة الدولية والتنمية",
        "تقرير الأمين العام",
        *[f"{k} - {text}" for k, text in enumerate(AR_PARAGRAPHS, start=1)],
        "",
    ]
)


def test_a_chinese_report_reads_with_its_masthead_and_paragraphs() -> None:
    record = parse_text(ZH_REPORT)
    assert record.language == "zh"
    assert record.symbol == "A/68/190"
    assert record.organ == "General Assembly"  # kept in English, whatever the print
    assert record.distribution == "General"
    assert record.date == dt.date(2013, 7, 25)
    assert record.original_language == "英文"
    assert record.session == "第六十八届会议"
    assert [a.item for a in record.agenda] == ["21(e)"]
    assert record.agenda[0].title == "全球化和相互依存：国际移民与发展"
    assert record.title == "秘书长的报告"
    body = record.parts[0]
    numbered = [p for p in body.paragraphs if p.number]
    assert [p.number for p in numbered] == ["1", "2", "3"]
    # Wrapped lines join with no space between Chinese characters, and nothing is lost.
    assert [p.text for p in numbered] == ZH_PARAGRAPHS
    assert all(p.role == "paragraph" for p in body.paragraphs)


def test_an_arabic_report_reads_with_its_masthead_and_paragraphs() -> None:
    record = parse_text(AR_REPORT)
    assert record.language == "ar"
    assert record.symbol == "A/68/190"
    assert record.organ == "General Assembly"
    assert record.distribution == "General"
    assert record.date == dt.date(2013, 7, 25)  # Eastern Arabic digits
    assert record.original_language == "بالإنكليزية"
    assert record.session == "الدورة الثامنة والستون"
    assert [a.item for a in record.agenda] == ["21 (هـ)"]
    assert record.agenda[0].title == "العولمة والترابط: الهجرة الدولية والتنمية"
    assert record.title == "تقرير الأمين العام"
    numbered = [p for p in record.parts[0].paragraphs if p.number]
    assert [p.number for p in numbered] == ["1", "2", "3"]
    assert [p.text for p in numbered] == [" ".join(t.split()) for t in AR_PARAGRAPHS]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("التوزيع: محدود", ("Limited", "", "ar")),
        ("分发：限制", ("Limited", "", "zh")),
        ("التوزيع: عام ٢٢ أيار/مايو ٢٠١٣", ("General", "٢٢ أيار/مايو ٢٠١٣", "ar")),
        # Several languages print "Distr. General" alike: the line names none of them.
        ("Distr. general", ("General", "", "")),
        ("分发", None),
    ],
)
def test_the_distribution_in_each_language(line: str, expected: object) -> None:
    assert languages.distribution(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2013年5月22日", (dt.date(2013, 5, 22), "zh")),
        ("٢٢ أيار/مايو ٢٠١٣", (dt.date(2013, 5, 22), "ar")),
        ("22 مايو 2013", (dt.date(2013, 5, 22), "ar")),
        ("13 de septiembre de 2023", (dt.date(2023, 9, 13), "es")),
        ("2013年13月22日", None),
    ],
)
def test_dates_in_each_language(line: str, expected: object) -> None:
    assert languages.parse_date(line) == expected


def test_one_vocabulary_names_every_official_language() -> None:
    codes = [language.code for language in languages.languages()]
    assert codes[0] == "en"
    assert set(codes) >= {"en", "es", "fr", "ru", "ar", "zh"}
    for language in languages.languages():
        # Every language names every organ the record keeps, by the same English keys.
        assert set(language.organs) == set(languages.languages()[0].organs), language.code
        assert len(language.months) == 12, language.code
