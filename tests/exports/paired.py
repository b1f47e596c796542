"""A paired (importance-performance) study for the import, export and XLSForm tests: hyphenated
codes, a negatively worded statement (reverse), importance labels of their own."""
from __future__ import annotations

IMPORTANCE_LABELS = ["Sangat Tidak Penting", "Tidak Penting", "Cukup Penting", "Penting", "Sangat Penting"]
PAIRING = {"importance": {"name": "Harapan", "labels": IMPORTANCE_LABELS},
           "performance": {"name": "Kenyataan"}}
DIMENSIONS = [
    {"code": "TAN", "name": "Bukti Fisik (Tangibles)", "indicators": [
        {"code": "TAN-1", "name": "Sarana pelayanan", "items": [
            {"code": "TAN-01", "text": "Ruang tunggu bersih dan nyaman"},
            {"code": "TAN-02", "text": "Petugas berpakaian tidak rapi", "reverse": True},
        ]}]},
    {"code": "REL", "name": "Keandalan (Reliability)", "indicators": [
        {"code": "REL-1", "name": "Ketepatan layanan", "items": [
            {"code": "REL-01", "text": "Petugas melayani dengan ramah"},
            {"code": "REL-02", "text": "Berkas selesai pada waktu yang dijanjikan"},
        ]}]},
]
CODES = ["TAN-01", "TAN-02", "REL-01", "REL-02"]
KEYS = [f"{code}:{side}" for code in CODES for side in ("importance", "performance")]

# Two respondents; the second leaves the importance of TAN-02 and the performance of REL-02 empty.
CSV = ("uuid,TAN-01:importance,TAN-01:performance,TAN-02:importance,TAN-02:performance,"
       "REL-01:importance,REL-01:performance,REL-02:importance,REL-02:performance,gender,age,saran\n"
       "r-1,5,4,4,2,5,3,4,4,Perempuan,34,Antrean perlu dipercepat\n"
       "r-2,4,3,,1,5,5,3,,Laki-laki,51,\n")
ROWS = {"r-1": [5, 4, 4, 2, 5, 3, 4, 4], "r-2": [4, 3, None, 1, 5, 5, 3, None]}


def paired_study(make_study, **overrides):
    """A committed paired study (conftest's make_study with this module's statements)."""
    return make_study(title="Kualitas Pelayanan Kantor Kecamatan (SERVQUAL)", dimensions=DIMENSIONS,
                      pairing=PAIRING, **overrides)
