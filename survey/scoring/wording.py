"""The sentences the scores document carries (notes, reasons, rule descriptions), by language."""
from __future__ import annotations

MESSAGES = {
    "alpha_one_item": (
        "Hanya satu butir: alpha Cronbach memerlukan sedikitnya dua butir.",
        "Only one item: Cronbach's alpha needs at least two items."),
    "alpha_too_few": (
        "Jawaban terlalu sedikit untuk menghitung alpha Cronbach.",
        "Too few answers to compute Cronbach's alpha."),
    "alpha_no_variance": (
        "Skor total tidak bervariasi, sehingga alpha Cronbach tidak dapat dihitung.",
        "The total score does not vary, so Cronbach's alpha cannot be computed."),
    "rule_r_item_total": (
        "Butir valid bila r butir-total (korelasi Pearson butir dengan total dimensinya) lebih besar "
        "dari r tabel (α = 0,05 dua sisi, df = n − 2).",
        "An item is valid when its item-total r (Pearson correlation with the total of its dimension) "
        "exceeds the critical r (α = 0.05 two-tailed, df = n − 2)."),
    "rule_r_corrected": (
        "Butir valid bila r butir-total terkoreksi (korelasi dengan total dimensi tanpa butir itu) "
        "lebih besar dari r tabel (α = 0,05 dua sisi, df = n − 2).",
        "An item is valid when its corrected item-total r (correlation with the dimension total "
        "without that item) exceeds the critical r (α = 0.05 two-tailed, df = n − 2)."),
    "rule_r_fixed": (
        "Butir valid bila r butir-total (korelasi Pearson butir dengan total dimensinya) "
        "sedikitnya {r_minimum}.",
        "An item is valid when its item-total r (Pearson correlation with the total of its "
        "dimension) is at least {r_minimum}."),
    "alpha_listwise": (
        "Koefisien α Cronbach dihitung dari responden yang menjawab semua butir (listwise, seperti SPSS).",
        "Cronbach's α uses the respondents who answered every item (listwise, as SPSS does)."),
    "alpha_pairwise": (
        "Koefisien α Cronbach dihitung dari kovarians berpasangan: setiap pasangan butir memakai "
        "responden yang menjawab keduanya (pairwise).",
        "Cronbach's α uses pairwise covariances: each pair of items uses the respondents who "
        "answered both (pairwise)."),
    "overall_dimension_means": (
        "Rata-rata keseluruhan adalah rata-rata dari rata-rata setiap dimensi, sehingga setiap "
        "dimensi berbobot sama.",
        "The overall mean is the mean of the dimension means, so every dimension weighs the same."),
    "overall_pooled": (
        "Rata-rata keseluruhan adalah rata-rata semua jawaban, sehingga dimensi dengan lebih banyak "
        "butir berbobot lebih besar.",
        "The overall mean is the mean of all answers, so dimensions with more items weigh more."),
    "note_reverse": (
        "{count} butir bernilai negatif (terbalik) diberi skor min + maks − jawaban sebelum dihitung: {codes}.",
        "{count} reverse-keyed item(s) were scored min + max − answer before any calculation: {codes}."),
    "note_ideal_floor": (
        "Pada skala {low}–{high}, persentase skor ideal tidak pernah di bawah {floor} %, karena setiap "
        "jawaban bernilai sedikitnya {low}.",
        "On a {low}–{high} scale the percentage of the ideal score never falls below {floor} %, because "
        "every answer scores at least {low}."),
    "note_single_item_dimensions": (
        "Dimensi dengan satu butir tidak diuji validitas maupun reliabilitasnya: {codes}.",
        "Dimensions with a single item have no validity or reliability test: {codes}."),
    "note_constant_items": (
        "Butir tanpa variasi jawaban (korelasi tidak dapat dihitung): {codes}.",
        "Items whose answers do not vary (no correlation can be computed): {codes}."),
    "note_ikm_missing_unsur": (
        "IKM tidak dihitung karena unsur berikut tidak memiliki jawaban: {codes}.",
        "The IKM is not computed because these unsur have no answers: {codes}."),
    "note_hidden_groups": (
        "Kelompok responden yang beranggota kurang dari {minimum} orang tidak ditampilkan pada rincian "
        "per kelompok.",
        "Respondent groups with fewer than {minimum} members are not shown in the breakdowns."),
    "note_no_responses": (
        "Belum ada respons.",
        "There are no responses yet."),
}


def say(key: str, language: str, **values) -> str:
    """The message `key` in the study language (Indonesian unless the study is in English)."""
    indonesian, english = MESSAGES[key]
    return (english if language == "en" else indonesian).format(**values)


def decimal(value: float, language: str) -> str:
    """A short number as written in the study language (0,30 in Indonesian, 0.30 in English)."""
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"
    return text if language == "en" else text.replace(".", ",")
