"""The instrument editor: fields named by location, every problem next to its field, frozen once
responses exist."""
from __future__ import annotations

import re

from sqlalchemy import select

from survey.models import Item
from survey.studies.editor import apply_action, document_from_fields
from survey.studies.service import instrument_of
from tests.conftest import csrf_from, instrument_doc


def form_fields(html: str) -> dict:
    """The editor's current values, as a browser would post them (checked boxes only)."""
    fields = dict(re.findall(r'<input type="text" name="([^"]+)" value="([^"]*)"', html))
    fields.update({name: text.replace("&#39;", "'").replace("&#34;", '"') for name, text in
                   re.findall(r'<textarea name="([^"]+)"[^>]*>([^<]*)</textarea>', html)})
    fields.update({name: "yes" for name in re.findall(r'<input type="checkbox" name="([^"]+)" value="yes" checked', html)})
    fields.update(dict(re.findall(r'<select name="([^"]+)">.*?<option selected>([^<]+)</option>', html, re.S)))
    return {k: v.replace("&amp;", "&") for k, v in fields.items()}


def test_fields_round_trip_to_the_same_document():
    doc = instrument_doc()
    fields = {"title": doc["title"], "institution": doc["institution"], "language": "id",
              "scale.points": "5", "scale.labels": "\n".join(doc["scale"]["labels"]), "method": "mean_interval"}
    for d, dim in enumerate(doc["dimensions"]):
        fields[f"dimensions[{d}].code"], fields[f"dimensions[{d}].name"] = dim["code"], dim["name"]
        for i, ind in enumerate(dim["indicators"]):
            fields[f"dimensions[{d}].indicators[{i}].code"] = ind["code"]
            fields[f"dimensions[{d}].indicators[{i}].name"] = ind["name"]
            for t, item in enumerate(ind["items"]):
                base = f"dimensions[{d}].indicators[{i}].items[{t}]"
                fields[f"{base}.code"], fields[f"{base}.text"] = item["code"], item["text"]
                if item.get("reverse"):
                    fields[f"{base}.reverse"] = "yes"
    rebuilt = document_from_fields(fields)
    assert rebuilt["dimensions"] == doc["dimensions"] and rebuilt["scale"] == doc["scale"]


def test_actions_add_delete_and_move():
    doc = instrument_doc()
    apply_action(doc, "add:dimensions[0].indicators[0].items")
    assert doc["dimensions"][0]["indicators"][0]["items"][-1] == {"code": "", "text": ""}
    apply_action(doc, "down:dimensions[0]")
    assert [d["code"] for d in doc["dimensions"]] == ["WAKTU", "KUAL"]
    apply_action(doc, "delete:dimensions[0]")
    assert [d["code"] for d in doc["dimensions"]] == ["KUAL"]


def test_researcher_edits_a_statement_and_sees_problems_at_their_field(client, db, owned_study):
    study = owned_study()
    study.status = "draft"
    db.session.commit()
    page = client.get(f"/studies/{study.slug}/instrument")
    html = page.get_data(as_text=True)
    fields = form_fields(html) | {"csrf_token": csrf_from(html), "action": "save"}
    fields["dimensions[0].indicators[0].items[0].text"] = "Petugas memeriksa berkas dengan sangat teliti."
    response = client.post(f"/studies/{study.slug}/instrument", data=fields)
    assert response.status_code == 302
    db.session.refresh(study)
    assert instrument_of(study).item("Q1").text == "Petugas memeriksa berkas dengan sangat teliti."
    assert db.session.scalar(select(Item.text).where(Item.study_id == study.id, Item.code == "Q1")).endswith("teliti.")
    assert instrument_of(study).item("Q2").reverse  # the checkbox kept its state
    fields["dimensions[0].indicators[0].items[1].code"] = "Q1"
    bad = client.post(f"/studies/{study.slug}/instrument", data=fields)
    assert bad.status_code == 200 and "duplicate code &#34;Q1&#34;" in bad.get_data(as_text=True)
    db.session.refresh(study)
    assert [i.code for i in instrument_of(study).items] == ["Q1", "Q2", "Q3", "Q4"]  # nothing stored


def test_instrument_is_frozen_once_responses_exist(client, db, owned_study):
    study = owned_study("Q1,Q2,Q3,Q4,gender\n4,2,4,4,Laki-laki\n")
    html = client.get(f"/studies/{study.slug}/instrument").get_data(as_text=True)
    assert "Instrumen dibekukan" in html and "Simpan instrumen" not in html
    refused = client.post(f"/studies/{study.slug}/instrument",
                          data={"csrf_token": csrf_from(html), "action": "save", "title": "Lain"})
    assert refused.status_code == 409
    db.session.refresh(study)
    assert study.title != "Lain"


def test_categories_and_own_labels_from_fields():
    doc = document_from_fields({"categories.labels": "Rendah\nSedang\nTinggi", "categories.bounds": "2,33\n3,67\n5",
                                "dimensions[0].indicators[0].items[0].labels": "", "title": "T",
                                "dimensions[0].indicators[0].items[0].code": "Q1"})
    assert doc["categories"] == {"labels": ["Rendah", "Sedang", "Tinggi"], "bounds": [2.33, 3.67, 5.0]}
    assert "labels" not in doc["dimensions"][0]["indicators"][0]["items"][0]  # empty: inherits
