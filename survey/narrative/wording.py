"""The phrases of the closing chapter, Indonesian and English, written for this product.

Placeholders: names from the instrument are inserted as written after a classifier noun
("dimensi {name}", "unsur {name}"); common nouns (`*_common`) have been lowered already.
"""
from __future__ import annotations

WORDS = {
    "id": {
        "default_variable": "kualitas pelayanan",
        "respondent": "responden",
        "citizen": "warga",
        "dimension_word": "dimensi",
        "statement_word": "pernyataan",
        "or": "atau",
        "agree_marker": "setuju",
        # Opening of the Kesimpulan (mean_interval / ideal_percent)
        "opening": ("Berdasarkan hasil penelitian mengenai persepsi masyarakat tentang {variable}{where}, "
                    "dapat disimpulkan bahwa penilaian masyarakat secara keseluruhan berada "
                    "pada kategori {category}, dengan rata-rata skor {mean} atau {pct} dari skor ideal."),
        "opening_empty": ("Penelitian mengenai persepsi masyarakat tentang {variable} pada {institution} "
                          "belum memiliki jawaban responden, sehingga kesimpulan belum dapat ditarik."),
        "opening_dimensions": "Penilaian tersebut disusun dari {n} dimensi, yaitu {names}.",
        "opening_range": ("Dimensi {best} memperoleh rata-rata tertinggi ({best_mean}), sedangkan dimensi "
                          "{worst} memperoleh rata-rata terendah ({worst_mean}, kategori {worst_category})."),
        "opening_equal": "Semua dimensi memperoleh rata-rata yang sama, yaitu {mean}.",
        "opening_same_category": "Seluruh dimensi berada pada kategori yang sama, yaitu {category}.",
        # One dimension
        "dimension": "Dimensi {name} berada pada kategori {category} dengan rata-rata {mean} ({pct} dari skor ideal).",
        "dimension_percent": ("Dimensi {name} memperoleh {pct} dari skor ideal (rata-rata {mean}) dan berada "
                              "pada kategori {category}."),
        "dimension_empty": "Belum ada jawaban untuk dimensi {name}, sehingga dimensi ini belum dapat disimpulkan.",
        "best": "{top} diberikan pada pernyataan bahwa {clause} (rata-rata {mean}): {share}.",
        "best_reverse": ("{top} diberikan pada sebuah pernyataan negatif: {share} bahwa {clause} "
                         "(rata-rata {mean} setelah skor dibalik)."),
        "best_noun": "{top} diberikan pada {noun} (rata-rata {mean}): {share}.",
        "worst": "{lead} penilaian terendah terdapat pada pernyataan bahwa {clause} (rata-rata {mean}, kategori {category}): {share}.",
        "worst_reverse": ("{lead} penilaian terendah terdapat pada keluhan bahwa {clause}: {share} dengan "
                          "pernyataan negatif ini (rata-rata {mean} setelah skor dibalik, kategori {category})."),
        "worst_noun": "{lead} penilaian terendah terdapat pada {noun} (rata-rata {mean}, kategori {category}): {share}.",
        "worst_lead_below": "Sebaliknya,",
        "top": "Penilaian tertinggi",
        "top_weak": "Penilaian yang relatif paling tinggi",
        "share_none": "tidak ada responden yang {words}",
        "share_all": "seluruh responden {words}",
        "share_answer_all": "seluruh responden menjawab {words}",
        "share_answer_none": "tidak ada responden yang menjawab {words}",
        "worst_lead": "Adapun",
        "single": "Dimensi ini diukur dengan satu pernyataan, yaitu bahwa {clause}: {share}.",
        "single_noun": "Dimensi ini diukur dengan satu pertanyaan tentang {noun}: {share}.",
        "share_agree": "sebanyak {pct} responden {words}",
        "share_only": "hanya {pct} responden {words}",
        "share_answer": "sebanyak {pct} responden menjawab {words}",
        "share_answer_only": "hanya {pct} responden menjawab {words}",
        "share_against": "sedangkan {pct} {words}",
        "others": "Pernyataan lain yang juga berada di bawah kategori {target} adalah {items}.",
        "others_more": "Selain itu, {n} pernyataan lain juga berada di bawah kategori {target}, di antaranya {items}.",
        "other_item": "bahwa {clause} ({mean})",
        "other_item_reverse": "keluhan bahwa {clause} ({mean} setelah skor dibalik)",
        "other_item_noun": "{noun} ({mean})",
        "meaning_below": "Artinya, pada dimensi ini pelayanan belum memenuhi harapan masyarakat, terutama dalam hal {aspects}.",
        "meaning_mixed": "Artinya, pelayanan pada dimensi ini pada umumnya sudah baik, tetapi {aspects} masih perlu dibenahi.",
        "meaning_good": "Artinya, pelayanan pada dimensi ini sudah sesuai dengan harapan masyarakat, terutama dalam hal {aspects}.",
        "quotes": "Pendapat responden tentang dimensi ini antara lain {quotes}.",
        "quote_count": "“{text}” ({n} responden)",
        # The variable as a whole
        "closing_all": "Secara keseluruhan, {variable} sudah memenuhi harapan masyarakat pada semua dimensi yang diukur.",
        "closing_none": "Secara keseluruhan, {variable} belum memenuhi harapan masyarakat pada dimensi mana pun.",
        "closing_mixed": ("Secara keseluruhan, {variable} sudah baik pada dimensi {good}, tetapi belum memenuhi "
                          "harapan masyarakat pada dimensi {weak}."),
        # Paired studies: "harapan" is the importance side there, so the category sentences speak of
        # how the performance was rated, not of expectations met (the IPA paragraph compares them).
        "meaning_below_paired": "Artinya, pada dimensi ini kinerja pelayanan masih dinilai kurang, terutama dalam hal {aspects}.",
        "meaning_good_paired": "Artinya, kinerja pelayanan pada dimensi ini sudah dinilai baik, terutama dalam hal {aspects}.",
        "closing_all_paired": "Dilihat dari kategori penilaian kinerjanya, {variable} sudah baik pada semua dimensi yang diukur.",
        "closing_none_paired": "Dilihat dari kategori penilaian kinerjanya, {variable} belum baik pada dimensi mana pun.",
        "closing_mixed_paired": ("Dilihat dari kategori penilaian kinerjanya, {variable} sudah baik pada dimensi {good}, "
                                 "tetapi belum pada dimensi {weak}."),
        "closing_weak": ("Dari {n} pernyataan, {k} pernyataan berada di bawah kategori {target}; hal-hal itulah "
                         "yang menjadi dasar saran pada bagian berikut."),
        "closing_strong": ("Tidak ada pernyataan yang berada di bawah kategori {target}, sehingga saran berikut "
                           "ditujukan untuk mempertahankan capaian ini dan memperkuat hal yang nilainya paling rendah."),
        # Supporting and inhibiting factors
        "factors_title": {"pendukung": "Faktor Pendukung", "penghambat": "Faktor Penghambat",
                          "both": "Faktor Pendukung dan Penghambat"},
        "factor": "Faktor {kind} yang paling banyak disebut responden adalah {items}.",
        "factor_few": ("Jawaban responden tentang faktor {kind} beragam; tidak ada yang disebut oleh {min} "
                       "responden atau lebih, dan yang disebut antara lain {items}."),
        "factor_kind": {"pendukung": "pendukung", "penghambat": "penghambat"},
        "factor_item": "{text} ({n} responden)",
        # SKM
        "skm_opening": ("Berdasarkan hasil Survei Kepuasan Masyarakat pada {institution}, nilai Indeks Kepuasan "
                        "Masyarakat (IKM) adalah {value}, sehingga mutu pelayanannya {grade} dan kinerja unit "
                        "pelayanan termasuk kategori {label}."),
        "skm_opening_empty": ("Survei Kepuasan Masyarakat pada {institution} belum memiliki nilai IKM, karena "
                              "belum semua unsur memperoleh jawaban."),
        "skm_basis": "Nilai tersebut dihitung dari {n} unsur pelayanan menurut {regulation}.",
        "skm_range": ("Unsur {best} memperoleh NRR tertinggi ({best_nrr}), sedangkan unsur {worst} memperoleh "
                      "NRR terendah ({worst_nrr}, mutu {worst_grade})."),
        "skm_below": "Unsur yang masih berada di bawah mutu {grade} adalah {names}.",
        "skm_below_none": "Seluruh unsur sudah mencapai mutu {grade} atau lebih.",
        "skm_unsur": "Unsur {name} memperoleh NRR {nrr} dengan mutu {grade} ({label}), dan penilaian tertinggi di dalamnya diberikan pada {noun}.",
        "skm_unsur_weak_item": ("Unsur {name} memperoleh NRR {nrr} dengan mutu {grade} ({label}), tetapi {noun} "
                                "masih dinilai di bawah kategori {target} (rata-rata {mean})."),
        "skm_unsur_below": ("Unsur {name} memperoleh NRR {nrr} dengan mutu {grade} ({label}), terutama karena "
                            "rendahnya penilaian atas {noun} (rata-rata {mean})."),
        "skm_unsur_empty": "Unsur {name} belum memperoleh jawaban.",
        "skm_unsur_lowest": ("Unsur {name} memperoleh NRR {nrr} dengan mutu {grade} ({label}); penilaian terendah "
                             "di dalamnya diberikan pada {noun} (rata-rata {mean})."),
        "skm_weakest_share": "Pada butir tersebut, {share}.",
        "skm_meaning": "Artinya, unsur ini menjadi prioritas utama rencana tindak lanjut hasil survei.",
        "skm_closing_good": ("Dengan demikian, pelayanan pada {institution} sudah memuaskan masyarakat, dan "
                             "rencana tindak lanjut diarahkan untuk menjaga mutu setiap unsur."),
        "skm_closing_weak": ("Dengan demikian, pelayanan pada {institution} belum memuaskan masyarakat secara "
                             "merata, dan rencana tindak lanjut perlu mendahulukan unsur {names}."),
        # Importance–performance analysis (paired studies)
        "ipa_title": "Kesesuaian Tingkat Kepentingan dan Kinerja",
        "ipa_overall": ("Perbandingan tingkat kepentingan dan kinerja menunjukkan tingkat kesesuaian secara "
                        "keseluruhan sebesar {pct}, dengan rata-rata kepentingan {importance} dan rata-rata kinerja "
                        "{performance} (gap {gap})."),
        "ipa_overall_below": "Artinya, kinerja pelayanan secara keseluruhan belum memenuhi harapan masyarakat.",
        "ipa_overall_equal": "Artinya, kinerja pelayanan secara keseluruhan sebanding dengan harapan masyarakat.",
        "ipa_overall_above": "Artinya, kinerja pelayanan secara keseluruhan sudah melampaui harapan masyarakat.",
        "ipa_first": ("Pada diagram kartesius, hal-hal yang dinilai penting oleh masyarakat tetapi kinerjanya masih "
                      "di bawah rata-rata (kuadran I, Prioritas Utama) adalah {items}."),
        "ipa_first_one": ("Pada diagram kartesius, satu-satunya hal yang dinilai penting oleh masyarakat tetapi "
                          "kinerjanya masih di bawah rata-rata (kuadran I, Prioritas Utama) adalah {items}."),
        "ipa_first_item": "pernyataan bahwa {clause} ({code}, tingkat kesesuaian {pct})",
        "ipa_first_item_reverse": "keluhan bahwa {clause} ({code}, tingkat kesesuaian {pct})",
        "ipa_first_item_noun": "{noun} ({code}, tingkat kesesuaian {pct})",
        "ipa_first_code": "{code} ({pct})",
        "ipa_first_many": ("Pada diagram kartesius, {n} pernyataan dinilai penting oleh masyarakat tetapi kinerjanya "
                           "masih di bawah rata-rata (kuadran I, Prioritas Utama), yaitu (dengan tingkat kesesuaian "
                           "dalam kurung) {items}."),
        "ipa_first_meaning": "Hal-hal inilah yang perlu didahulukan dalam perbaikan pelayanan.",
        "ipa_first_none": ("Pada diagram kartesius, tidak ada pernyataan yang berada pada kuadran I (Prioritas "
                           "Utama): setiap hal yang dinilai penting oleh masyarakat sudah berkinerja pada atau di "
                           "atas rata-rata."),
        "ipa_saran_first": ("Memprioritaskan upaya {action}, karena hal ini dinilai penting oleh masyarakat tetapi "
                            "kinerjanya masih di bawah rata-rata (kuadran Prioritas Utama)."),
        "ipa_saran": "Memprioritaskan pula upaya {action}, karena hal ini juga termasuk kuadran Prioritas Utama.",
        # Saran
        "saran_lead": "Berdasarkan kesimpulan di atas, disarankan hal-hal berikut.",
        "saran_lead_skm": ("Sebagai rencana tindak lanjut hasil Survei Kepuasan Masyarakat, disarankan hal-hal "
                           "berikut."),
        "fallback": "meningkatkan {indicator}, terutama agar {clause}",
        "fallback_reverse": "meningkatkan {indicator}, terutama dengan mengatasi keluhan bahwa {clause}",
        "fallback_noun": "memperbaiki {noun}",
        "keep": "Tetap memberi perhatian pada {indicator}, antara lain dengan {action}.",
        "maintain": ("Mempertahankan mutu pelayanan yang sudah dinilai berada pada kategori {category} oleh "
                     "masyarakat dengan mengukur kepuasan masyarakat secara berkala."),
        "skm_saran": "Unsur {name}: {actions}.",
        "skm_keep": "Unsur {name}: tetap {actions}.",
        "suggest": "Responden juga mengusulkan {items}.",
        "suggest_item": "agar {text}",
        "public": "Masyarakat",
        "public_saran": ("Menyampaikan keluhan, saran, dan masukan melalui sarana pengaduan yang tersedia agar "
                         "perbaikan pelayanan dapat dipantau bersama."),
        "no_responses": "Belum ada jawaban responden.",
    },
    "en": {
        "default_variable": "service quality",
        "respondent": "respondents",
        "citizen": "citizens",
        "dimension_word": "dimension",
        "statement_word": "statement",
        "or": "or",
        "agree_marker": "agree",
        "opening": ("Based on the study of community perceptions of {variable}{where}, the "
                    "community's overall assessment falls in the {category} category, with a mean score of "
                    "{mean}, or {pct} of the ideal score."),
        "opening_empty": ("The study of community perceptions of {variable} at {institution} has no responses "
                          "yet, so no conclusion can be drawn."),
        "opening_dimensions": "The assessment covers {n} dimensions: {names}.",
        "opening_range": ("The {best} dimension has the highest mean ({best_mean}) and the {worst} dimension the "
                          "lowest ({worst_mean}, {worst_category})."),
        "opening_equal": "All dimensions have the same mean, {mean}.",
        "opening_same_category": "Every dimension falls in the same category: {category}.",
        "dimension": "The {name} dimension falls in the {category} category with a mean of {mean} ({pct} of the ideal score).",
        "dimension_percent": "The {name} dimension reaches {pct} of the ideal score (mean {mean}), in the {category} category.",
        "dimension_empty": "There are no answers for the {name} dimension yet, so it cannot be assessed.",
        "best": "{top} goes to the statement that {clause} (mean {mean}): {share}.",
        "best_reverse": "{top} goes to a negative statement: {share} that {clause} (mean {mean} after reversing).",
        "best_noun": "{top} goes to {noun} (mean {mean}): {share}.",
        "worst": "{lead} the lowest rating is for the statement that {clause} (mean {mean}, {category}): {share}.",
        "worst_reverse": ("{lead} the lowest rating is for the complaint that {clause}: {share} with this negative "
                          "statement (mean {mean} after reversing, {category})."),
        "worst_noun": "{lead} the lowest rating is for {noun} (mean {mean}, {category}): {share}.",
        "worst_lead_below": "By contrast,",
        "top": "The highest rating",
        "top_weak": "The relatively highest rating",
        "share_none": "no respondent {words}",
        "share_all": "all respondents {words}",
        "share_answer_all": "all respondents answered {words}",
        "share_answer_none": "no respondent answered {words}",
        "worst_lead": "Meanwhile,",
        "single": "This dimension is measured by one statement, that {clause}: {share}.",
        "single_noun": "This dimension is measured by one question, about {noun}: {share}.",
        "share_agree": "{pct} of respondents {words}",
        "share_only": "only {pct} of respondents {words}",
        "share_answer": "{pct} of respondents answered {words}",
        "share_answer_only": "only {pct} of respondents answered {words}",
        "share_against": "while {pct} {words}",
        "others": "Other statements below the {target} category are {items}.",
        "others_more": "{n} other statements are also below the {target} category, among them {items}.",
        "other_item": "that {clause} ({mean})",
        "other_item_reverse": "the complaint that {clause} ({mean} after reversing)",
        "other_item_noun": "{noun} ({mean})",
        "meaning_below": "In this dimension the service does not yet meet the community's expectations, above all in {aspects}.",
        "meaning_mixed": "The service in this dimension is generally good, but {aspects} still needs work.",
        "meaning_good": "In this dimension the service meets the community's expectations, above all in {aspects}.",
        "quotes": "Respondents wrote about this dimension, among others, {quotes}.",
        "quote_count": "“{text}” ({n} respondents)",
        "closing_all": "Overall, {variable} meets the community's expectations in every dimension measured.",
        "closing_none": "Overall, {variable} does not yet meet the community's expectations in any dimension.",
        "closing_mixed": ("Overall, {variable} is good in the {good} dimensions but does not yet meet the "
                          "community's expectations in the {weak} dimensions."),
        "meaning_below_paired": "In this dimension the service's performance is still rated low, above all in {aspects}.",
        "meaning_good_paired": "In this dimension the service's performance is rated well, above all in {aspects}.",
        "closing_all_paired": "Judged by the category of its performance ratings, {variable} is good in every dimension measured.",
        "closing_none_paired": "Judged by the category of its performance ratings, {variable} is not yet good in any dimension.",
        "closing_mixed_paired": ("Judged by the category of its performance ratings, {variable} is good in the {good} "
                                 "dimensions but not yet in the {weak} dimensions."),
        "closing_weak": ("Of {n} statements, {k} are below the {target} category; they are the basis of the "
                         "recommendations that follow."),
        "closing_strong": ("No statement is below the {target} category, so the recommendations aim to keep this "
                           "level and strengthen what scored lowest."),
        "factors_title": {"pendukung": "Supporting Factors", "penghambat": "Inhibiting Factors",
                          "both": "Supporting and Inhibiting Factors"},
        "factor": "The {kind} factors respondents mentioned most are {items}.",
        "factor_few": ("Respondents' answers about {kind} factors vary; none was given by {min} respondents or "
                       "more, and they include {items}."),
        "factor_kind": {"pendukung": "supporting", "penghambat": "inhibiting"},
        "factor_item": "{text} ({n} respondents)",
        "skm_opening": ("Based on the Community Satisfaction Survey at {institution}, the Community Satisfaction "
                        "Index (IKM) is {value}: service grade {grade}, unit performance {label}."),
        "skm_opening_empty": ("The Community Satisfaction Survey at {institution} has no IKM yet, because not every "
                              "element has answers."),
        "skm_basis": "The index is computed from {n} service elements as set by {regulation}.",
        "skm_range": ("The {best} element has the highest NRR ({best_nrr}) and the {worst} element the lowest "
                      "({worst_nrr}, grade {worst_grade})."),
        "skm_below": "The elements below grade {grade} are {names}.",
        "skm_below_none": "Every element reaches grade {grade} or better.",
        "skm_unsur": "The {name} element has an NRR of {nrr}, grade {grade} ({label}); its highest rating goes to {noun}.",
        "skm_unsur_weak_item": ("The {name} element has an NRR of {nrr}, grade {grade} ({label}), but {noun} is "
                                "still rated below {target} (mean {mean})."),
        "skm_unsur_below": ("The {name} element has an NRR of {nrr}, grade {grade} ({label}), mainly because of "
                            "the low rating of {noun} (mean {mean})."),
        "skm_unsur_empty": "The {name} element has no answers yet.",
        "skm_unsur_lowest": "The {name} element has an NRR of {nrr}, grade {grade} ({label}); its lowest rating goes to {noun} (mean {mean}).",
        "skm_weakest_share": "On that item, {share}.",
        "skm_meaning": "This element is therefore the first priority of the follow-up plan.",
        "skm_closing_good": ("The service at {institution} therefore satisfies the community, and the follow-up "
                             "plan aims to keep every element at its grade."),
        "skm_closing_weak": ("The service at {institution} does not yet satisfy the community evenly, and the "
                             "follow-up plan should start with the {names} elements."),
        "ipa_title": "Importance and Performance",
        "ipa_overall": ("Comparing importance with performance gives an overall conformity level of {pct}, with an "
                        "importance mean of {importance} and a performance mean of {performance} (gap {gap})."),
        "ipa_overall_below": "Performance as a whole therefore does not yet meet the community's expectations.",
        "ipa_overall_equal": "Performance as a whole therefore matches the community's expectations.",
        "ipa_overall_above": "Performance as a whole therefore exceeds the community's expectations.",
        "ipa_first": ("On the importance–performance diagram, the matters the community considers important but whose "
                      "performance is below the average (quadrant I, Concentrate here) are {items}."),
        "ipa_first_one": ("On the importance–performance diagram, the only matter the community considers important but whose "
                          "performance is below the average (quadrant I, Concentrate here) is {items}."),
        "ipa_first_item": "the statement that {clause} ({code}, conformity {pct})",
        "ipa_first_item_reverse": "the complaint that {clause} ({code}, conformity {pct})",
        "ipa_first_item_noun": "{noun} ({code}, conformity {pct})",
        "ipa_first_code": "{code} ({pct})",
        "ipa_first_many": ("On the importance–performance diagram, {n} statements are considered important by the "
                           "community but perform below the average (quadrant I, Concentrate here); with their "
                           "conformity levels in brackets, they are {items}."),
        "ipa_first_meaning": "These come first when the service is improved.",
        "ipa_first_none": ("On the importance–performance diagram, no statement falls in quadrant I (Concentrate here): every "
                           "matter the community considers important performs at or above the average."),
        "ipa_saran_first": ("As the first priority, {action}: the community considers this important, but its "
                            "performance is still below the average (the Concentrate here quadrant)."),
        "ipa_saran": "Also as a priority, {action}, as this too falls in the Concentrate here quadrant.",
        "saran_lead": "Based on these conclusions, the following is recommended.",
        "saran_lead_skm": "As the follow-up plan of the Community Satisfaction Survey, the following is recommended.",
        "fallback": "improve {indicator}, above all so that {clause}",
        "fallback_reverse": "improve {indicator}, above all by addressing the complaint that {clause}",
        "fallback_noun": "improve {noun}",
        "keep": "Keep attending to {indicator}, for instance by this action: {action}.",
        "maintain": ("Maintain a service the community already rates in the {category} category by measuring "
                     "satisfaction regularly."),
        "skm_saran": "The {name} element: {actions}.",
        "skm_keep": "The {name} element: keep up this work: {actions}.",
        "suggest": "Respondents also suggested {items}.",
        "suggest_item": "that {text}",
        "public": "The Community",
        "public_saran": ("Report complaints, suggestions and feedback through the complaint channels provided, so "
                         "that improvements can be followed together."),
        "no_responses": "No responses yet.",
    },
}

# Open answers that are suggestions start with one of these; what follows becomes "agar …".
SUGGESTION_STARTS = {
    "id": ("mohon agar", "mohon supaya", "mohon", "tolong", "sebaiknya", "seharusnya", "hendaknya", "harap",
           "harapan saya", "saran saya", "saya berharap", "saya sarankan", "semoga", "agar", "supaya",
           "perlu adanya", "perlu ada", "perlu", "harus ada", "harus"),
    "en": ("please", "i suggest that", "i suggest", "i hope that", "i hope", "should", "there should be"),
}
