"""The labs pages: list, a lab's saved results and figures, honest empty states, background runs."""

from __future__ import annotations

import sys
import time
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from matplotlib.figure import Figure

from dlprep.labs import _framework as fw
from dlprep.web import create_app
from tests.conftest import FIXTURES


def saved_result(root, lab="cnn", passed=True):
    fig = Figure(figsize=(2, 2))
    fig.subplots().plot([0, 1], [1, 0])
    result = fw.LabResult(lab=lab, mode="quick", config={"epochs": 1}, device="cpu", seed=0,
                          started="2026-01-01T00:00:00+00:00", versions={}, metrics={"test_acc": 0.93},
                          tables={"per_class": [{"class": 0, "acc": 0.9}, {"class": 1, "acc": 0.95}]},
                          claims=[fw.ClaimResult("accuracy", "reaches 90%", passed, "test accuracy 0.93")],
                          figures=["curves.png"], wall_time_s=1.5, cpu_time_s=2.0)
    result._figures["curves"] = fig
    fw.save_result(result, root)


def test_labs_list_every_lab_module(client, svc):
    page = client.get("/labs").text
    for name in fw.lab_names():
        assert f'href="/labs/{name}"' in page


def test_a_lab_without_results_says_so_and_offers_the_quick_run(client):
    page = client.get("/labs/resnet").text
    assert 'id="no-results"' in page and "No results yet" in page and 'id="run-quick"' in page


def test_a_lab_shows_its_latest_results_table_claims_and_figures(client, web_dirs):
    saved_result(web_dirs["results"])
    page = client.get("/labs/cnn").text
    assert 'id="result-quick"' in page and "test_acc" in page and "0.93" in page and "per_class" in page
    assert "reaches 90%" in page and 'src="/labs/cnn/figures/quick/curves.png"' in page
    figure = client.get("/labs/cnn/figures/quick/curves.png")
    assert figure.status_code == 200 and figure.content.startswith(b"\x89PNG")
    assert client.get("/labs/cnn/figures/quick/result.json").status_code == 404  # only listed PNGs
    assert client.get("/labs/cnn/figures/full/curves.png").status_code == 404


def test_a_lab_a_topic_links_but_that_does_not_exist_is_not_available_yet(tmp_path):
    text = (FIXTURES / "deep-learning-basics.md").read_text(encoding="utf-8")
    (tmp_path / "deep-learning-basics.md").write_text(text.replace("labs: []", "labs: [imaginary-lab]", 1),
                                                      encoding="utf-8")
    app = create_app(tmp_path / "t.db", topics_dir=tmp_path, results_dir=tmp_path / "res", pool_size=0)
    with TestClient(app) as c:
        r = c.get("/labs/imaginary-lab", headers={"Accept-Language": "en"})
        assert r.status_code == 200 and 'id="lab-unavailable"' in r.text and "not available yet" in r.text
        assert 'id="run-quick"' not in r.text
        assert "not available yet" in c.get("/labs", headers={"Accept-Language": "en"}).text


def test_a_background_run_reports_progress_then_finishes(svc, web_dirs, client):
    status_file = svc.labs._tmp / "cnn.status.json"
    script = ("import json, sys, time, pathlib; p = pathlib.Path(sys.argv[1]); "
              "p.write_text(json.dumps({'phase': 'train', 'done': 1, 'total': 2, 'info': ''})); time.sleep(0.5); "
              "p.write_text(json.dumps({'phase': 'saved', 'done': 2, 'total': 2, 'saved': True, 'passed': True}))")
    assert svc.labs.start("cnn", [sys.executable, "-c", script, str(status_file)])
    assert not svc.labs.start("cnn")  # one run at a time
    assert client.get("/labs/cnn").text.count('data-state="running"') == 1
    deadline = time.time() + 10
    states = []
    while time.time() < deadline:
        states.append(client.get("/labs/cnn/status").json())
        if states[-1]["state"] != "running":
            break
        time.sleep(0.1)
    assert states[-1]["state"] == "done" and states[-1]["passed"] is True
    assert any(s["state"] == "running" for s in states)


def test_a_failed_run_shows_its_log(svc, client):
    assert svc.labs.start("resnet", [sys.executable, "-c", "import sys; print('boom'); sys.exit(2)"])
    deadline = time.time() + 10
    while svc.labs.status("resnet")["state"] == "running" and time.time() < deadline:
        time.sleep(0.05)
    status = client.get("/labs/resnet/status").json()
    assert status["state"] == "failed" and "boom" in status["log"]


def test_the_runner_wraps_lab_progress_into_the_status_file(tmp_path, monkeypatch):
    import json

    from dlprep.web import labrunner

    def fake_run_lab(name, cfg, save=True):
        run = fw.LabRun.__new__(fw.LabRun)  # only progress() is exercised
        run._progress, run.name = None, name
        with run.progress("train", 3) as advance:
            for _ in range(3):
                advance({"train_loss": 0.5})
        return fw.LabResult(lab=name, mode="quick", config={}, device="cpu", seed=0, started="", versions={},
                            claims=[fw.ClaimResult("c", "t", True, "")])

    monkeypatch.setattr(fw, "run_lab", fake_run_lab)
    monkeypatch.setattr(fw, "make_config", lambda name, quick: None)
    original = fw.LabRun.progress
    status = tmp_path / "s.json"
    try:
        assert labrunner.main(["cnn", "--status", str(status)]) == 0
    finally:
        fw.LabRun.progress = original
    data = json.loads(status.read_text())
    assert data["saved"] and data["passed"] and data["phase"] == "saved" and data["done"] == 3
