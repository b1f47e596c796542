from survey.scoring.open_answers import group_answers, normalise


def test_groups_ignore_case_space_and_punctuation():
    result = group_answers(["Kotak saran!", "kotak  saran", "Antrean lama", "KOTAK SARAN.", "  ", None,
                            "antrean lama", "Ramah"])
    assert [(g["text"], g["count"]) for g in result["groups"]] == [
        ("Kotak saran!", 3), ("Antrean lama", 2), ("Ramah", 1)]
    assert result["n_answers"] == 6 and result["n_groups"] == 3 and result["n_other"] == 0


def test_most_common_spelling_names_the_group_and_limit_counts_the_rest():
    result = group_answers(["a.", "A", "A", "b", "c", "c"], limit=1)
    assert result["groups"] == [{"text": "A", "count": 3, "key": "a"}]
    assert result["n_groups"] == 3 and result["n_other"] == 3


def test_normalise_keeps_letters_of_any_script():
    assert normalise("Pelayanan  CEPAT, ramah!") == "pelayanan cepat ramah"
    assert normalise("ｆｕｌｌwidth") == "fullwidth"
