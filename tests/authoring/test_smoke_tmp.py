from tests.helpers import Actor
from tests.authoring.helpers import editor_fields
from tests.authoring.conftest import PASSWORD

def test_smoke(app, people):
    a = Actor(app.test_client())
    a.sign_in_staff("author@partner.example", PASSWORD)
    r = a.get("/author/")
    print(r.status_code, r.text[-1500:])
    r = a.get("/author/modules/new")
    assert r.status_code == 200, r.text
    r = a.post("/author/modules/new", {"id": "fiets", "title": "Sparen voor een fiets", "description": "Over sparen.", "levels": ["po-8"], "themes": ["vooruitzien"], "minutes": "20"})
    assert r.status_code == 303, r.text
    r = a.get("/author/modules/fiets/edit")
    assert r.status_code == 200, r.text
    pairs = editor_fields(r.text)
    print(pairs)
    r = a.post("/author/modules/fiets/edit", dict(pairs) | {"action": "add:s", "new_type": "single_choice"})
    print(r.status_code, r.headers.get("Location"))
    r = a.get(r.headers["Location"])
    print(r.text[r.text.find("<form method"):][:6000])
