"""Claims grouped across outlets: independence, original source, summary."""

from __future__ import annotations

from pathlib import Path

from tealeaves.corpus import group_claims
from tealeaves.corpus.dedup import DuplicateIndex, minhash
from tealeaves.model import Analysis
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


def test_stop_words_are_scikit_learns() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from tealeaves.store.grouping import groupable, stop_words

    assert stop_words() == ENGLISH_STOP_WORDS
    assert not groupable("Minimum Wage") and groupable("the minimum wage rose again")


def test_pruning_matches_the_mean_cosine_with_the_other_members() -> None:
    import numpy as np

    from tealeaves.store.grouping import EMB_PRUNE, prune

    rng = np.random.default_rng(0)
    base = rng.normal(size=384)
    v = np.vstack([base + rng.normal(scale=s, size=384) for s in (0.2, 0.3, 0.4, 3.0, 0.25)])
    v = (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)
    sims = v @ v.T
    mean = (sims.sum(axis=1) - sims.diagonal()) / (len(v) - 1)
    assert prune(v).tolist() == (mean >= EMB_PRUNE).tolist() == [True, True, True, False, True]
    assert prune(v[[0, 3]]).tolist() == [True, True]  # pairs are kept as found


def _roe_pair(store: Store, *, vectors: bool) -> list[Analysis]:
    out = []
    for i, (outlet, claim) in enumerate((("Outlet A", "the budget talks had collapsed"),
                                         ("Outlet B", "negotiations over the budget broke down"),
                                         ("Outlet C", "the harvest was early this year"))):
        an = make_analysis(f"Senator Jane Roe said {claim}.", outlet=outlet,
                           published=f"2016-05-0{i + 1}", claim_text=claim)
        store.save(an, claim_vectors=None if vectors else {})
        out.append(an)
    return out


def test_embeddings_group_paraphrases_with_a_shared_entity(store: Store) -> None:
    _roe_pair(store, vectors=True)
    groups = group_claims(store)
    assert len(groups) == 1  # the harvest claim shares Jane Roe but not the proposition
    assert [m["text"] for m in groups[0]["members"]] == [
        "the budget talks had collapsed", "negotiations over the budget broke down"]
    assert groups[0]["outlets"] == ["Outlet A", "Outlet B"]


def test_claims_stored_without_vectors_wait_for_regroup(store: Store) -> None:
    from tealeaves.store import grouping

    _roe_pair(store, vectors=False)
    assert group_claims(store) == []
    assert grouping.status(store) == {"claims": 3, "without_vector": 3, "stale": False}
    rep = grouping.regroup(store)
    assert (rep["embedded"], rep["claims"], rep["components"], rep["grouped"]) == (3, 3, 1, 2)
    assert grouping.status(store)["without_vector"] == 0
    assert [m["outlet"] for m in group_claims(store)[0]["members"]] == ["Outlet A", "Outlet B"]


def test_reanalysis_regroups_the_article_in_one_transaction(store: Store) -> None:
    a, b, _ = _roe_pair(store, vectors=True)
    assert len(group_claims(store)) == 1
    # B is re-analysed and no longer carries the claim: the group falls apart.
    store.save(make_analysis(b.article.text, outlet="Outlet B", published="2016-05-02",
                             claim_text="no such claim"))
    assert group_claims(store) == []
    assert _components(store) == {}
    # and carries it again: the group is back, with the same members.
    store.save(b)
    assert [m["outlet"] for m in group_claims(store)[0]["members"]] == ["Outlet A", "Outlet B"]
    assert list(_components(store).values()) == [2]


def _components(store: Store) -> dict[str, int]:
    from sqlalchemy import func, select

    from tealeaves.store import schema as s

    c = s.claims
    with store.engine.connect() as conn:
        return dict(conn.execute(select(c.c.component, func.count()).where(
            c.c.component.is_not(None)).group_by(c.c.component)).all())


def test_a_split_component_gets_distinct_ids(store: Store) -> None:
    """A chain A–B–C (B links both) split by re-analysing B: A and C each become singletons,
    and a later article linking to A does not pull C back in."""
    from tealeaves.store.grouping import claim_vectors

    texts = ["the budget talks had collapsed over defence spending",
             "the budget talks had collapsed over defence spending and farm subsidies",
             "the talks had collapsed over farm subsidies and defence spending cuts"]
    ans = [make_analysis(f"Senator Jane Roe said {t}.", outlet=f"Outlet {i}",
                         published=f"2016-05-0{i + 1}", claim_text=t)
           for i, t in enumerate(texts)]
    for an in ans:
        store.save(an, claim_vectors=claim_vectors(an))
    assert len(group_claims(store)) == 1
    assert len(group_claims(store)[0]["members"]) == 3
    b = ans[1]
    store.save(make_analysis(b.article.text, outlet="Outlet 1", published="2016-05-02",
                             claim_text="no such claim"))
    remaining = {len(m["members"]) for m in group_claims(store)}
    assert remaining <= {2}  # A and C may still link directly, never through B's old claim
    with store.engine.connect() as conn:
        from sqlalchemy import select

        from tealeaves.store import schema as s

        keys = conn.execute(select(s.claims.c.article_id, s.claims.c.claim_id,
                                   s.claims.c.component)).all()
    live = {f"{a}:{c}" for a, c, _ in keys}
    assert all(comp is None or comp in live for _, _, comp in keys)  # ids name live claims


def test_incremental_groups_equal_a_rebuild(corpus_store: Store) -> None:
    from tealeaves.store import grouping

    before = group_claims(corpus_store, limit=1000)
    links_before = _links(corpus_store)
    grouping.regroup(corpus_store, backfill=False)
    assert _links(corpus_store) == links_before
    assert group_claims(corpus_store, limit=1000) == before


def _links(store: Store) -> set[tuple[str, str, str, str]]:
    from sqlalchemy import select

    from tealeaves.store import schema as s

    lk = s.claim_links
    with store.engine.connect() as conn:
        return {tuple(r) for r in conn.execute(  # type: ignore[misc]
            select(lk.c.a_article, lk.c.a_claim, lk.c.b_article, lk.c.b_claim))}


def test_a_second_writer_is_seen_through_the_generation(tmp_path: Path) -> None:
    """Two Store objects on one file: each one's in-memory index follows the other's saves."""
    from tealeaves.store import open_store

    a, b, c, _ = corroboration_set()
    with open_store(tmp_path / "s.db") as one, open_store(tmp_path / "s.db") as two:
        one.save(a)
        two.save(b)
        one.save(c)
        groups = group_claims(two)
    assert len(groups) == 1 and len(groups[0]["members"]) == 3


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


def test_claim_entities_are_mentions_inside_the_span_and_the_named_source(store: Store) -> None:
    from sqlalchemy import select

    from tealeaves.store import schema as s

    store.save(make_analysis("Senator Jane Roe said the Treasury had blamed the budget office.",
                             claim_text="the Treasury had blamed the budget office"))
    store.save(make_analysis("Officials said Jane Roe blamed the Treasury for the budget.",
                             claim_text="Jane Roe blamed the Treasury for the budget",
                             source_kind="anonymous"))
    with store.engine.connect() as conn:
        rows = conn.execute(select(s.claim_entities.c.key)).scalars().all()
    # first: Jane Roe is the named source, the Treasury is inside the span; second: the
    # anonymous claim is about Jane Roe (inside the span) and the Treasury.
    assert sorted(rows) == ["jane roe|person", "jane roe|person", "treasury|organization",
                            "treasury|organization"]
