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
    for name, options in re.findall(r'<select name="([^"]+)">(.*?)</select>', html, re.S):
        chosen = re.search(r'<option(?: value="([^"]*)")? selected>([^<]*)</option>', options)
        if chosen:
            fields[name] = chosen.group(1) if chosen.group(1) is not None else chosen.group(2)
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
    assert doc["dimensions"][0]["indicators"][0]["items"][-1] == {"code": "KUAL-1.3", "text": ""}
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
    html = bad.get_data(as_text=True)
    assert bad.status_code == 200
    beside_the_field = html.split('name="dimensions[0].indicators[0].items[1].code"', 1)[1].split("</div>", 1)[0]
    assert '<p class="error">Kode &#34;Q1&#34; sudah dipakai di Dimensi 1 › Indikator 1 › Pernyataan 1</p>' in beside_the_field
    assert ('<a href="#f-dimensions[0].indicators[0].items[1].code">Dimensi 1 › Indikator 1 › Pernyataan 2: '
            'kode &#34;Q1&#34; sudah dipakai') in html
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


def library_document(name="dwiyanto"):
    import copy

    from survey.instruments import load_template
    from survey.instruments.parser import to_document
    return copy.deepcopy(to_document(load_template(name)))


def test_added_entries_get_codes_that_follow_the_library_scheme():
    from survey.studies.editor import apply_and_locate
    doc = library_document()
    items = doc["dimensions"][0]["indicators"][0]["items"]
    assert [i["code"] for i in items] == ["PROD-1.1", "PROD-1.2", "PROD-1.3"]
    focus = apply_and_locate(doc, "add:dimensions[0].indicators[0].items")
    assert items[-1] == {"code": "PROD-1.4", "text": ""}
    assert focus == "dimensions[0].indicators[0].items[3].code"  # the page opens there
    apply_and_locate(doc, "add:dimensions[0].indicators")
    added = doc["dimensions"][0]["indicators"][-1]
    n = len(doc["dimensions"][0]["indicators"])
    assert added["code"] == f"PROD-{n}" and added["items"][0]["code"] == f"PROD-{n}.1"
    apply_and_locate(doc, "add:dimensions")
    dimension = doc["dimensions"][-1]
    assert (dimension["code"], dimension["indicators"][0]["code"], dimension["indicators"][0]["items"][0]["code"]) \
        == ("D6", "D6-1", "D6-1.1")  # the sixth dimension
    apply_and_locate(doc, "add:dimensions")
    assert doc["dimensions"][-1]["code"] == "D7"
    # The generated codes make a valid instrument once the texts are written.
    for dim in doc["dimensions"]:
        dim["name"] = dim["name"] or "Dimensi baru"
        for ind in dim["indicators"]:
            ind["name"] = ind["name"] or "Indikator baru"
            for item in ind["items"]:
                item["text"] = item["text"] or "Pernyataan baru."
    from survey.instruments import build_instrument
    assert len(build_instrument(doc).dimensions) == 7


def test_moving_and_deleting_return_to_the_entry():
    from survey.studies.editor import apply_and_locate
    doc = library_document()
    assert apply_and_locate(doc, "down:dimensions[0].indicators[0].items[0]") == "dimensions[0].indicators[0].items[1].code"
    assert apply_and_locate(doc, "delete:dimensions[0].indicators[0].items[2]") == "dimensions[0].indicators[0].items[1].code"


def test_an_action_opens_the_page_at_the_edited_place(client, db, owned_study):
    study = owned_study()
    study.status = "draft"
    db.session.commit()
    html = client.get(f"/studies/{study.slug}/instrument").get_data(as_text=True)
    assert "Status: <strong>Draf</strong>" in html
    fields = form_fields(html) | {"csrf_token": csrf_from(html), "action": "add:dimensions[1].indicators[0].items"}
    page = client.post(f"/studies/{study.slug}/instrument", data=fields).get_data(as_text=True)
    assert ('name="dimensions[1].indicators[0].items[2].code" value="WAKTU-1.3" '
            'id="f-dimensions[1].indicators[0].items[2].code" autofocus') in page
    assert page.count("autofocus") == 1


def test_a_frozen_instrument_looks_read_only(client, db, owned_study):
    study = owned_study("Q1,Q2,Q3,Q4,gender\n4,2,4,4,Laki-laki\n")
    html = client.get(f"/studies/{study.slug}/instrument").get_data(as_text=True)
    assert '<fieldset class="frozen" disabled>' in html
    assert "Instrumen dibekukan" in html
    assert 'value="add:' not in html and 'value="delete:' not in html and 'value="up:' not in html


def test_a_draft_shows_draf_not_dibuka(client, db, owned_study):
    study = owned_study()
    study.status = "draft"
    db.session.commit()
    html = client.get(f"/studies/{study.slug}/").get_data(as_text=True)
    assert '<span class="tag">Draf</span>' in html
    assert "<option value=\"open\" selected>" not in html
    token = csrf_from(html.split('/collection"', 1)[1])
    client.post(f"/studies/{study.slug}/collection", data={"csrf_token": token, "status": "draft", "access": "tokens"})
    db.session.refresh(study)
    assert study.status == "draft" and study.access == "tokens"  # settings saved, still a draft
    refused = client.post(f"/studies/{study.slug}/collection", data={"csrf_token": token, "status": "closed",
                                                                     "access": "public"})
    assert refused.status_code == 400


def test_the_institution_is_required_for_a_template(client, db, login_as):
    from sqlalchemy import func

    from survey.models import Study
    login_as("researcher")
    page = client.get("/studies/new").get_data(as_text=True)
    response = client.post("/studies/new", data={"csrf_token": csrf_from(page), "template": "dwiyanto",
                                                 "institution": "  "})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Instansi yang diteliti belum diisi" in html
    assert db.session.scalar(select(func.count()).select_from(Study)) == 0
    client.post("/studies/new", data={"csrf_token": csrf_from(page), "template": "dwiyanto",
                                      "institution": "Kantor Camat Kupang Barat"})
    assert db.session.scalar(select(Study.institution)) == "Kantor Camat Kupang Barat"


def test_saving_the_editor_keeps_actions_roles_and_dimensions_of_open_questions(client, db, login_as):
    from survey.instruments import load_template
    from survey.studies.service import create_study
    researcher = login_as("researcher")
    study = create_study(db.session, load_template("standar_pelayanan_2003", institution="Kantor Uji"),
                         status="draft")
    study.owner_id = researcher.id
    db.session.commit()
    before = instrument_of(study)
    html = client.get(f"/studies/{study.slug}/instrument").get_data(as_text=True)
    response = client.post(f"/studies/{study.slug}/instrument",
                           data=form_fields(html) | {"csrf_token": csrf_from(html), "action": "save"})
    assert response.status_code == 302
    db.session.refresh(study)
    after = instrument_of(study)
    assert [item.action for item in after.items] == [item.action for item in before.items]
    assert all(item.action for item in after.items)
    assert [(q.role, q.dimension) for q in after.open_questions] == [(q.role, q.dimension) for q in before.open_questions]
    assert any(q.role for q in after.open_questions)


def test_a_partial_editor_post_lists_problems_instead_of_failing(client, db, owned_study):
    study = owned_study()
    study.status = "draft"
    db.session.commit()
    html = client.get(f"/studies/{study.slug}/instrument").get_data(as_text=True)
    for fields in ({"title": "x"}, {"title": "x", "dimensions[0].name": "Satu"},
                   {"dimensions[0].indicators[0].items[0].text": "Teks"}):
        response = client.post(f"/studies/{study.slug}/instrument",
                               data=fields | {"csrf_token": csrf_from(html), "action": "save"})
        assert response.status_code == 200, fields
        assert "Belum dapat disimpan" in response.get_data(as_text=True)
    db.session.refresh(study)
    assert [i.code for i in instrument_of(study).items] == ["Q1", "Q2", "Q3", "Q4"]  # nothing stored
