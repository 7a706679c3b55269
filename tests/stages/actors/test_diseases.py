"""Diseases and epidemics are no actors (invented sentences): the recogniser takes "Covid"
for a person and "Coronavirus" for an organisation."""

from __future__ import annotations

import pytest

from tealeaves.model import Actor, Article
from tealeaves.stages.actors.build import find_actors
from tealeaves.stages.actors.diseases import disease_names, is_disease


def run(nlp, text: str) -> list[Actor]:  # type: ignore[no-untyped-def]
    return find_actors(nlp(text), Article.from_text(text))


@pytest.mark.parametrize("name", [
    "Covid", "COVID-19", "Covid‑19", "the flu", "Ebola", "Ebola virus", "the Covid pandemic",
    "Coronavirus", "Zika virus", "Spanish Flu", "COVID's", "Measles", "H5N1", "Mpox",
])
def test_disease_names_are_recognised(name: str) -> None:
    assert is_disease(name)


@pytest.mark.parametrize("name", [
    "Ebola Response Team", "Lyme Regional Hospital", "Marburg", "Anna Smith",
    "World Health Organization", "Centers for Disease Control", "Pandemic Preparedness Office",
])
def test_bodies_places_and_people_are_no_diseases(name: str) -> None:
    assert not is_disease(name)


def test_the_list_is_lowercase_data_with_its_source() -> None:
    names = disease_names()
    assert {"covid 19", "ebola", "influenza", "measles"} <= names
    assert all(n == n.lower() for n in names)


@pytest.mark.parametrize(("text", "disease"), [
    ("Covid killed thousands of people in the city last winter, officials said.", "Covid"),
    ("The minister said Covid had changed everything. Covid remains a threat.", "Covid"),
    ("Coronavirus spread quickly through the region, according to Dr. Anna Smith.",
     "Coronavirus"),
    ("COVID-19 forced the government to close schools, said Mayor John Doe.", "COVID-19"),
    ("Officials warned that Measles and Malaria were spreading.", "Measles"),
])
def test_a_disease_is_no_person_or_organisation(nlp, text: str, disease: str) -> None:  # type: ignore[no-untyped-def]
    actors = run(nlp, text)
    assert not [a for a in actors if a.kind in ("person", "organization")
                and any(disease.lower() in m.text.lower() for m in a.mentions)]


def test_people_and_bodies_beside_a_disease_are_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The World Health Organization said Ebola had returned, and Health Minister Maria "
            "Holt thanked the Ebola Response Team.")
    found = {(a.name, a.kind) for a in run(nlp, text)}
    assert ("Maria Holt", "person") in found
    assert any(n.startswith("World Health") and k == "organization" for n, k in found)
    assert not any(n == "Ebola" for n, _ in found)
