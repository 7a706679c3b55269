"""Claims grouped across outlets: independence, original source, summary."""

from __future__ import annotations

from tealeaves.corpus import group_claims
from tealeaves.corpus.dedup import DuplicateIndex, minhash
from tealeaves.store import Store
from tests.corpus.corpus_data import corroboration_set
from tests.store.store_factory import make_analysis


def test_groups_same_claim_and_counts_independent_outlets(store: Store) -> None:
    a, b, c, d = corroboration_set()
    index = DuplicateIndex()
    for an in (a, b, c, d):
        sig = minhash(an.article.text)
        match = index.match(sig)
        index.add(an.article.id, sig, match[0] if match else None)
        store.save(an, duplicate_of=match[0] if match else None)
    assert store.duplicate_of(c.article.id) == a.article.id  # the wire copy
    assert store.duplicate_of(b.article.id) is None
    groups = group_claims(store)
    assert len(groups) == 1
    g = groups[0]
    assert {m["article_id"] for m in g["members"]} == {a.article.id, b.article.id, c.article.id}
    assert g["outlets"] == ["Outlet A", "Outlet B", "Outlet C"]
    assert g["n_outlets"] == 3 and g["independent_outlets"] == 2
    assert g["original_source"]["outlet"] == "Outlet A"
    assert g["original_source"]["kind"] == "anonymous"
    assert g["source_kinds"] == {"anonymous": 3}
    assert g["summary"] == "3 outlets (2 independent), all citing one anonymous source"
    # Jane Roe neither sources nor appears in the anonymous claim.
    assert group_claims(store, actor="Jane Roe") == []
    assert group_claims(store, actor="Nobody Whatsoever") == []


def test_actor_filter_and_named_source_summary(store: Store) -> None:
    text = "Senator Jane Roe said the harvest was early this year across the state of {}."
    for i, (outlet, state) in enumerate((("Farm News", "Iowa"), ("Daily Grain", "Kansas"))):
        store.save(make_analysis(text.format(state), outlet=outlet, published=f"2016-05-0{i + 1}",
                                 claim_text="the harvest was early this year",
                                 source_kind="named_person"))
    groups = group_claims(store, actor="Jane Roe")
    assert len(groups) == 1
    assert groups[0]["summary"] == "2 outlets, all citing Jane Roe"
    assert groups[0]["original_source"] == {
        "name": "Jane Roe", "kind": "named_person", "article_id": groups[0]["members"][0][
            "article_id"], "outlet": "Farm News", "published": "2016-05-01"}


def test_claims_on_real_articles_are_well_formed(corpus_store: Store) -> None:
    for g in group_claims(corpus_store, limit=50):
        assert len({m["article_id"] for m in g["members"]}) >= 2
        assert 1 <= g["independent_outlets"] <= g["n_outlets"] == len(g["outlets"])
        assert sum(g["source_kinds"].values()) == len(g["members"])
        assert g["summary"].startswith(f"{g['n_outlets']} outlet")


def test_cached_groups_follow_new_articles(store: Store) -> None:
    a, b, c, _ = corroboration_set()
    store.save(a)
    assert group_claims(store) == []
    store.save(b)
    first = group_claims(store)
    assert first[0]["n_outlets"] == 2
    first[0]["outlets"].append("tampered")  # callers get copies, not the cache itself
    store.save(c, duplicate_of=a.article.id)
    assert group_claims(store)[0]["outlets"] == ["Outlet A", "Outlet B", "Outlet C"]


def test_tfidf_matches_scikit_learn() -> None:
    import numpy as np
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    from tealeaves.corpus.corroboration import _stop_words, tfidf

    texts = ["The senator said the talks had collapsed.", "Talks collapsed, aides said.",
             "A quiet day at the harbour; boats, boats and more boats.", "the of and"]
    ours = tfidf(texts)
    ref = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    assert _stop_words() == ENGLISH_STOP_WORDS
    assert np.allclose((ours @ ours.T).toarray(), (ref @ ref.T).toarray(), atol=1e-5)


def test_chain_pruning_drops_members_linked_only_through_others() -> None:
    from tealeaves.corpus.corroboration import _prune_chain, tfidf

    texts = ["the senate passed the farm bill on friday",
             "the senate passed the farm bill on friday after a long debate about subsidies",
             "subsidies debate long after critics attacked",
             "the senate passed the farm bill on friday"]
    x = tfidf(texts)
    assert _prune_chain([0, 1, 2, 3], x) == [0, 1, 3]
    assert _prune_chain([0, 2], x) == [0, 2]  # pairs are kept as found


def _roe_pair(store: Store, *, vectors: bool) -> None:
    from tealeaves.corpus.corroboration import claim_vectors

    for i, (outlet, claim) in enumerate((("Outlet A", "the budget talks had collapsed"),
                                         ("Outlet B", "negotiations over the budget broke down"),
                                         ("Outlet C", "the harvest was early this year"))):
        an = make_analysis(f"Senator Jane Roe said {claim}.", outlet=outlet,
                           published=f"2016-05-0{i + 1}", claim_text=claim)
        store.save(an, claim_vectors=claim_vectors(an) if vectors else None)


def test_embeddings_group_paraphrases_with_a_shared_entity(store: Store) -> None:
    _roe_pair(store, vectors=True)
    groups = group_claims(store)
    assert len(groups) == 1  # the harvest claim shares Jane Roe but not the proposition
    assert [m["text"] for m in groups[0]["members"]] == [
        "the budget talks had collapsed", "negotiations over the budget broke down"]
    assert groups[0]["outlets"] == ["Outlet A", "Outlet B"]


def test_without_stored_vectors_the_view_falls_back_to_tfidf(store: Store) -> None:
    _roe_pair(store, vectors=False)  # one shared word: TF-IDF cannot see the paraphrase
    assert group_claims(store) == []


def test_claim_vectors_are_stored_as_float16_unit_vectors(store: Store) -> None:
    import numpy as np
    from sqlalchemy import select

    from tealeaves.corpus.corroboration import claim_vectors
    from tealeaves.store import schema as s

    an = make_analysis()
    vecs = claim_vectors(an)
    assert set(vecs) == {c.id for c in an.claims}
    store.save(an, claim_vectors=vecs)
    with store.engine.connect() as conn:
        raw = conn.execute(select(s.claims.c.vector)).scalar_one()
    v = np.frombuffer(raw, dtype=np.float16)
    assert v.shape == (384,) and abs(float(np.linalg.norm(v.astype(np.float32))) - 1) < 1e-2
    assert claim_vectors(make_analysis("No claims here at all.")) == {}


def test_embedding_pairs_and_pruning() -> None:
    import numpy as np

    from tealeaves.corpus.corroboration import EMB_SIMILAR, _embedding_pairs, _prune_chain

    rng = np.random.default_rng(0)
    v = rng.normal(size=(5, 384)).astype(np.float32)
    v[1] = v[0] + 0.3 * v[1]
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    pairs = _embedding_pairs(v, block=2)  # blocks must not lose or duplicate pairs
    assert [(i, j) for i, j, _ in pairs] == [(0, 1)]
    assert pairs[0][2] >= EMB_SIMILAR
    assert _prune_chain([0, 1, 2], v, 0.3) == [0, 1]
