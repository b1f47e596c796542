"""The phrases of the closing chapter, Indonesian and English, written for this product."""
from __future__ import annotations

from .numbers import join_list


def _agree_word_id(labels) -> tuple[str, str]:
    if any("setuju" in label.lower() for label in labels):
        return "setuju atau sangat setuju", "tidak setuju atau sangat tidak setuju"
    return "positif", "negatif"


def _agree_word_en(labels) -> tuple[str, str]:
    if any("agree" in label.lower() for label in labels):
        return "agree or strongly agree", "disagree or strongly disagree"
    return "positive", "negative"


WORDS = {
    "id": {
        "default_variable": "kualitas pelayanan",
        "dimension_word": lambda n: "dimensi",
        "verdict_good": "sudah berjalan dengan baik",
        "verdict_short": "belum sepenuhnya memenuhi harapan masyarakat",
        "opening": ("Berdasarkan hasil penelitian mengenai persepsi masyarakat tentang {variable} pada "
                    "{institution}, dapat disimpulkan bahwa {variable} berada pada kategori {category} dan "
                    "{verdict}; hal ini dapat dilihat dari rata-rata skor {mean} atau {pct} dari skor ideal."),
        "opening_empty": ("Penelitian mengenai persepsi masyarakat tentang {variable} pada {institution} "
                          "belum memiliki jawaban responden, sehingga kesimpulan belum dapat ditarik."),
        "opening_dimensions": "Penilaian tersebut disusun dari {n} {dimension_word}, yaitu {names}.",
        "opening_range": ("Dimensi {best} memperoleh nilai tertinggi ({best_mean}), sedangkan dimensi "
                          "{worst} memperoleh nilai terendah ({worst_mean}, kategori {worst_category})."),
        "opening_equal": "Semua dimensi memperoleh rata-rata yang sama, yaitu {mean}.",
        "opening_same_category": "Seluruh dimensi berada pada kategori yang sama, yaitu {category}.",
        "opening_ikm": ("Indeks Kepuasan Masyarakat (IKM) unit pelayanan ini sebesar {value} dengan mutu "
                        "pelayanan {grade} ({label})."),
        "dimension": ("Dimensi {name} berada pada kategori {category} dengan rata-rata {mean} "
                      "({pct} dari skor ideal)."),
        "dimension_empty": "Belum ada jawaban untuk dimensi {name}, sehingga dimensi ini belum dapat disimpulkan.",
        "single_indicator": "Dimensi ini diukur melalui satu indikator, yaitu {name}.",
        "indicators_equal": "Semua indikatornya memperoleh rata-rata yang sama ({mean}).",
        "indicator_best": lambda names, mean, lang: (
            f"Indikator {join_list(names, lang)} memperoleh nilai tertinggi ({mean})." if len(names) == 1 else
            f"Indikator {join_list(names, lang)} sama-sama memperoleh nilai tertinggi ({mean})."),
        "indicator_worst": lambda names, mean, lang: (
            f"Nilai terendah terdapat pada indikator {join_list(names, lang)} ({mean})." if len(names) == 1 else
            f"Nilai terendah sama-sama terdapat pada indikator {join_list(names, lang)} ({mean})."),
        "agree_word": _agree_word_id,
        "agreement": ("Sebanyak {agree} jawaban responden menyatakan {agree_word}, sedangkan {disagree} "
                      "menyatakan {disagree_word}."),
        "unsur": "Nilai rata-rata unsur ini (NRR) adalah {nrr} dengan mutu {grade}.",
        "quotes": "Pendapat responden tentang dimensi ini antara lain: {quotes}.",
        "saran_weak": ("{institution} perlu memperbaiki {indicator} pada dimensi {dimension}, karena indikator "
                       "ini memperoleh rata-rata {mean} (kategori {category}), masih di bawah kategori {target}."),
        "saran_item": "Perhatian utama perlu diberikan pada pernyataan “{text}” yang memperoleh rata-rata {mean}.",
        "saran_item_reverse": ("Perhatian utama perlu diberikan pada hal yang dikeluhkan dalam pernyataan negatif "
                               "“{text}” (skor setelah dibalik {mean})."),
        "saran_maintain": ("{institution} disarankan mempertahankan pelayanan yang sudah berada pada kategori "
                           "{category} dan terus memantau {indicator}, yang memperoleh nilai relatif paling "
                           "rendah ({mean})."),
        "no_responses": "Belum ada jawaban responden.",
    },
    "en": {
        "default_variable": "service quality",
        "dimension_word": lambda n: "dimension" if n == 1 else "dimensions",
        "verdict_good": "is working well",
        "verdict_short": "does not yet fully meet the community's expectations",
        "opening": ("Based on the study of community perceptions of {variable} at {institution}, {variable} "
                    "falls in the {category} category and {verdict}, as shown by a mean score of {mean}, "
                    "or {pct} of the ideal score."),
        "opening_empty": ("The study of community perceptions of {variable} at {institution} has no responses "
                          "yet, so no conclusion can be drawn."),
        "opening_dimensions": "The assessment covers {n} {dimension_word}: {names}.",
        "opening_range": ("The {best} dimension scored highest ({best_mean}) and the {worst} dimension lowest "
                          "({worst_mean}, {worst_category})."),
        "opening_equal": "All dimensions have the same mean, {mean}.",
        "opening_same_category": "Every dimension falls in the same category: {category}.",
        "opening_ikm": "The unit's Community Satisfaction Index (IKM) is {value}, service grade {grade} ({label}).",
        "dimension": "The {name} dimension falls in the {category} category with a mean of {mean} ({pct} of the ideal score).",
        "dimension_empty": "There are no answers for the {name} dimension yet, so it cannot be assessed.",
        "single_indicator": "This dimension is measured by one indicator: {name}.",
        "indicators_equal": "All its indicators have the same mean ({mean}).",
        "indicator_best": lambda names, mean, lang: (
            f"The indicator {join_list(names, lang)} scored highest ({mean})." if len(names) == 1 else
            f"The indicators {join_list(names, lang)} share the highest score ({mean})."),
        "indicator_worst": lambda names, mean, lang: (
            f"The lowest score is for {join_list(names, lang)} ({mean})." if len(names) == 1 else
            f"The lowest score is shared by {join_list(names, lang)} ({mean})."),
        "agree_word": _agree_word_en,
        "agreement": "{agree} of the answers were {agree_word}, while {disagree} were {disagree_word}.",
        "unsur": "The element's mean value (NRR) is {nrr}, grade {grade}.",
        "quotes": "Respondents wrote, among others: {quotes}.",
        "saran_weak": ("{institution} should improve {indicator} in the {dimension} dimension: its mean is "
                       "{mean} ({category}), below {target}."),
        "saran_item": "The statement “{text}” needs the most attention (mean {mean}).",
        "saran_item_reverse": "The complaint in the negative statement “{text}” needs the most attention (reversed score {mean}).",
        "saran_maintain": ("{institution} should maintain a service that is already {category} and keep "
                           "monitoring {indicator}, which scored relatively lowest ({mean})."),
        "no_responses": "No responses yet.",
    },
}
