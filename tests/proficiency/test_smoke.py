def test_it_builds_a_published_round(published_round, owner_client, lab_x_client):
    r = owner_client.get(f"/proficiency/alpha-pt/rounds/{published_round.id}/")
    assert r.status_code == 200, r.content[:2000]
    r = owner_client.get(f"/proficiency/alpha-pt/rounds/{published_round.id}/summary/")
    assert r.status_code == 200, r.content[:3000]
    from casys.proficiency.models import Participation
    from casys.accounts.scoping import unscoped
    with unscoped():
        p = Participation.all_objects.get(code="L01")
    r = lab_x_client.get(f"/proficiency/lab-x/participations/{p.id}/report/")
    assert r.status_code == 200, r.content[:3000]
    r = lab_x_client.get(f"/proficiency/lab-x/participations/{p.id}/report.pdf")
    assert r.status_code == 200
