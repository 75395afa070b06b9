"""similar.closest gives difflib.get_close_matches's answer (n=1), faster."""

from __future__ import annotations

import difflib

from hypothesis import given, settings, strategies as st

from site_builder.similar import closest

NAMES = st.text(alphabet="abcdeko-/.", min_size=0, max_size=12)


@settings(derandomize=True, database=None, max_examples=400)
@given(NAMES, st.lists(NAMES, max_size=30), st.sampled_from([0.0, 0.3, 0.6, 0.75, 0.9, 1.0]))
def test_closest_is_the_answer_of_get_close_matches(word, candidates, cutoff):
    expected = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    assert closest(word, candidates, cutoff) == (expected[0] if expected else None)


def test_closest_among_many_addresses():
    pages = [f"berita/kelas-{n}-literasi-desa/" for n in range(5000)] + ["profil/", "jadwal/"]
    assert closest("berita/kelas-4711-literasi-des/", pages, 0.75) == \
        "berita/kelas-4711-literasi-desa/"
    assert closest("profl/", pages, 0.75) == "profil/"
    assert closest("sama-sekali-lain/", pages, 0.75) is None
