"""Dates and quantities normalised across English and Russian (invented sentences)."""

from __future__ import annotations

import pytest

from tealeaves.lang.quantities import quantities, shared

SAME = [
    ("On October 15 the ministry paid $3.5 billion.", "15 октября министерство выплатило 3,5 млрд долларов."),
    ("Oct. 15: 3,500,000,000 roubles were paid.", "15-го октября выплатили 3,5 миллиарда рублей."),
    ("Turnout was 12 percent on the 1st of May.", "Явка 1 мая составила 12 процентов."),
    ("About 1,200 people and 40bn euros.", "Около 1 200 человек и 40 млрд евро."),
    ("Sales fell 7.5% to $2 trillion.", "Продажи упали на 7,5% до 2 трлн долларов."),
    ("He said 250 troops left on Sept. 3.", "Он сообщил, что 3 сентября ушли 250 военных."),
]


@pytest.mark.parametrize(("en", "ru"), SAME)
def test_english_and_russian_spellings_give_the_same_facts(en: str, ru: str) -> None:
    assert quantities(en, "en") == quantities(ru, "ru") != frozenset()


def test_the_values_read() -> None:
    assert quantities("On October 15 Russia paid $3.5 billion and 12%.", "en") == {
        "date:10-15", "num:3.5e+09", "pct:12"}
    assert quantities("15 октября Россия заплатила 3,5 млрд и 12%.", "ru") == {
        "date:10-15", "num:3.5e+09", "pct:12"}


@pytest.mark.parametrize(("text", "language"), [
    ("In 2014 three envoys met 5 times.", "en"),  # a bare year, small numbers
    ("В 2014 году 5 делегаций встречались 3 раза.", "ru"),
    ("The Su-57 and the G20 summit.", "en"),  # numbers inside names
    ("Истребитель Су-57 и саммит G20.", "ru"),
    ("They may meet again.", "en"),  # "may" with no day
    ("A 12-month plan for the 20th century.", "en"),  # numbers inside words
    ("5-летний план и Су-57М.", "ru"),
])
def test_what_does_not_count(text: str, language: str) -> None:
    assert quantities(text, language) == frozenset()


def test_different_values_differ() -> None:
    assert not (quantities("15 октября выплатили 3,5 млрд.", "ru")
                & quantities("On November 3 they paid $2 billion.", "en"))
    # a decimal comma is Russian; in English the comma groups thousands
    assert quantities("3,500 people", "en") == {"num:3500"}
    assert quantities("3,5 тысячи человек", "ru") == {"num:3500"}
    assert quantities("3,5 человека", "ru") == frozenset()  # 3.5 is under 10


def test_ranges_and_years() -> None:
    assert quantities("саммит 23-24 июня", "ru") == {"date:06-23", "date:06-24"}
    assert quantities("June 23–24, 2016", "en") == {
        "date:06-23", "date:06-24", "year:06-23:2016", "year:06-24:2016"}


def test_shared_drops_a_day_of_different_years() -> None:
    en = quantities("On June 23, 2016, they voted; 40 people came.", "en")
    assert shared(en, quantities("23 июня 2022 года пришли 40 человек", "ru")) == {"num:40"}
    assert shared(en, quantities("23 июня пришли 40 человек", "ru")) == {"date:06-23", "num:40"}
    assert shared(en, quantities("23 июня 2016 г. пришли", "ru")) == {"date:06-23"}
