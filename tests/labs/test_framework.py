from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
import pytest
import torch

from dlprep.bank.paths import lab_names as bank_lab_names
from dlprep.labs import _framework as fw
from dlprep.labs import _plots as plots
from dlprep.torchref.training import resolve_device

LABS = ["cnn", "image-classification", "knowledge-distillation", "resnet"]


@dataclass
class ToyConfig(fw.LabConfig):
    QUICK: ClassVar[dict[str, Any]] = {"epochs": 1, "sizes": (2, 3)}

    epochs: int = 5
    lr: float = 0.1
    flag: bool = False
    sizes: tuple[int, ...] = (8, 16)
    pair: tuple[int, int] = (1, 2)
    temps: tuple[float, ...] = (1.0, 2.0)
    kind: Literal["a", "b"] = "a"
    name: str = "x"
    limit: int | None = None
    split_seed: int = 0


# ---------------------------------------------------------------- configs

def test_quick_applies_quick_overrides_and_sets_mode():
    cfg = ToyConfig.quick()
    assert (cfg.mode, cfg.epochs, cfg.sizes, cfg.lr) == ("quick", 1, (2, 3), 0.1)
    assert ToyConfig().mode == "full"


@pytest.mark.parametrize("item, key, expected", [
    ("epochs=3", "epochs", 3),
    ("lr=1e-3", "lr", 1e-3),
    ("flag=true", "flag", True),
    ("flag=0", "flag", False),
    ("sizes=4,5,6", "sizes", (4, 5, 6)),
    ("sizes=7", "sizes", (7,)),
    ("pair=3, 4", "pair", (3, 4)),
    ("temps=1,2.5", "temps", (1.0, 2.5)),
    ("kind=b", "kind", "b"),
    ("name=hello world", "name", "hello world"),
    ("limit=none", "limit", None),
    ("limit=9", "limit", 9),
    ("seed=7", "seed", 7),
    ("device=cpu", "device", "cpu"),
])
def test_overrides_are_parsed_as_the_field_type(item, key, expected):
    cfg = fw.apply_overrides(ToyConfig(), [item])
    assert getattr(cfg, key) == expected and type(getattr(cfg, key)) is type(expected)


def test_hyphenated_keys_are_accepted():
    assert fw.apply_overrides(ToyConfig(), ["split-seed=4"]).split_seed == 4


def test_unknown_key_lists_the_valid_ones():
    with pytest.raises(fw.ConfigError) as exc:
        fw.apply_overrides(ToyConfig(), ["epoch=3"])
    msg = str(exc.value)
    assert "unknown config key 'epoch'" in msg and "epochs" in msg and "temps" in msg and "mode" not in msg


@pytest.mark.parametrize("item, expected_type", [
    ("epochs=three", "int"), ("lr=fast", "float"), ("flag=maybe", "bool"),
    ("pair=1,2,3", "tuple[int, int]"), ("sizes=", "tuple[int, ...]"), ("kind=c", "'a' | 'b'"),
])
def test_bad_values_name_the_expected_type(item, expected_type):
    with pytest.raises(fw.ConfigError, match="expected") as exc:
        fw.apply_overrides(ToyConfig(), [item])
    assert expected_type in str(exc.value)


@pytest.mark.parametrize("item", ["epochs", "=3", "mode=full"])
def test_malformed_items_and_mode_are_refused(item):
    with pytest.raises(fw.ConfigError):
        fw.apply_overrides(ToyConfig(), [item])


def test_overrides_do_not_mutate_the_original():
    cfg = ToyConfig()
    fw.apply_overrides(cfg, ["epochs=1"])
    assert cfg.epochs == 5


# ---------------------------------------------------------------- devices

def test_device_auto_follows_cuda_availability(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert resolve_device("auto").type == "cpu"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device("auto").type == "cuda"
    assert resolve_device("cuda:1") == torch.device("cuda:1")


def test_cuda_without_a_gpu_and_unknown_devices_are_clear_errors(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match="no CUDA GPU"):
        resolve_device("cuda")
    with pytest.raises(ValueError, match="auto, cpu, cuda"):
        resolve_device("tpu")
    assert resolve_device("cpu").type == "cpu"


# ---------------------------------------------------------------- runs, claims, results

CLAIM_OK = fw.Claim("ok", "metric x is positive", lambda r: (r.metrics["x"] > 0, f"x = {r.metrics['x']}"))
CLAIM_MISSING = fw.Claim("missing", "needs metric y", lambda r: (r.metrics["y"] > 0, ""))


def _toy_run(cfg: ToyConfig, claims=(CLAIM_OK,)) -> fw.LabResult:
    with fw.LabRun("dlprep.labs.toy_lab", cfg) as lab:
        assert lab.device.type in ("cpu", "cuda")
        w = torch.randn(3, generator=lab.generator)
        lab.result.metrics["x"] = float(w.abs().sum())
        lab.result.metrics["draw"] = float(lab.rng.normal())
        lab.result.history["toy"] = [{"epoch": 1, "train_loss": 1.0, "train_acc": 0.5, "test_acc": 0.4},
                                     {"epoch": 2, "train_loss": 0.5, "train_acc": 0.7, "test_acc": 0.6}]
        lab.result.tables["t"] = [{"a": 1, "b": np.float32(0.5)}]
        lab.figure("curves", plots.training_curves(lab.result.history))
        lab.figure("bars", plots.bars(["a", "b"], [0.5, 0.7], "acc"))
        with lab.progress("steps", 2) as advance:
            advance({"train_acc": 0.5})
            advance()
        return lab.finish(list(claims))


def test_labrun_fills_in_the_result():
    res = _toy_run(ToyConfig(device="cpu", seed=3))
    assert res.lab == "toy-lab" and res.mode == "full" and res.seed == 3
    assert res.device.startswith("cpu") and res.wall_time_s >= 0
    assert res.config["epochs"] == 5 and res.config["sizes"] == [8, 16]
    assert {"python", "torch", "numpy", "dlprep"} <= set(res.versions)
    assert res.passed and res.claims[0].detail.startswith("x = ")
    assert res.figures == ["curves.png", "bars.png"]


def test_same_seed_same_numbers_different_seed_different_numbers():
    a, b = _toy_run(ToyConfig(seed=1)), _toy_run(ToyConfig(seed=1))
    c = _toy_run(ToyConfig(seed=2))
    assert a.metrics == b.metrics and a.metrics != c.metrics


def test_save_writes_json_and_figures_and_round_trips(isolated_dirs):
    res = _toy_run(ToyConfig.quick())
    folder = fw.save_result(res)
    assert folder == isolated_dirs / "toy-lab" / "quick"
    assert (folder / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (folder / "bars.png").stat().st_size > 1000
    data = json.loads((folder / "result.json").read_text())
    assert data["mode"] == "quick" and data["tables"]["t"][0]["b"] == 0.5 and "_figures" not in data
    back = fw.load_result("toy-lab", "quick")
    assert back.metrics == res.metrics and back.claims == res.claims and back.history == res.history


def test_save_removes_figures_of_an_earlier_run(isolated_dirs):
    folder = fw.save_result(_toy_run(ToyConfig()))
    (folder / "stale.png").write_bytes(b"old")
    fw.save_result(_toy_run(ToyConfig()))
    assert not (folder / "stale.png").exists() and (folder / "curves.png").exists()


def test_results_dir_defaults_under_home(monkeypatch, tmp_path):
    monkeypatch.delenv("DLPREP_RESULTS_DIR")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert fw.results_dir() == tmp_path / ".local" / "share" / "dlprep" / "results"


def test_a_claim_that_cannot_be_checked_fails_and_check_claims_raises():
    res = _toy_run(ToyConfig(), claims=(CLAIM_OK, CLAIM_MISSING))
    assert [c.passed for c in res.claims] == [True, False]
    assert "KeyError" in res.claims[1].detail
    with pytest.raises(fw.ClaimError, match="missing"):
        fw.check_claims(res)
    with pytest.raises(fw.ClaimError, match="tested no claims"):
        fw.check_claims(_toy_run(ToyConfig(), claims=()))


def test_a_claim_the_config_cannot_test_is_skipped_not_passed():
    skip = fw.Claim("skip", "needs a sweep", lambda r: (None, "needs two depths"))
    res = _toy_run(ToyConfig(), claims=(CLAIM_OK, skip))
    assert [c.passed for c in res.claims] == [True, None] and res.passed
    fw.check_claims(res)
    only_skipped = _toy_run(ToyConfig(), claims=(skip,))
    assert not only_skipped.passed
    with pytest.raises(fw.ClaimError, match="tested no claims"):
        fw.check_claims(only_skipped)


def test_labrun_sets_threads_and_restores_global_state():
    before = torch.are_deterministic_algorithms_enabled(), torch.get_num_threads()
    res = _toy_run(ToyConfig(threads=1))
    assert res.versions["torch_threads"] == "1" and res.device == "cpu (1 thread)"
    assert (torch.are_deterministic_algorithms_enabled(), torch.get_num_threads()) == before


# ---------------------------------------------------------------- the registry and every lab's contract

def test_lab_names_match_the_bank_convention():
    assert set(LABS) <= set(fw.lab_names())
    assert set(fw.lab_names()) == bank_lab_names()


def test_unknown_lab_suggests_close_names():
    with pytest.raises(fw.UnknownLabError) as exc:
        fw.load_lab("knowledge-distilation")
    assert exc.value.suggestions[0] == "knowledge-distillation"
    assert fw.load_lab("knowledge_distillation").__name__ == "dlprep.labs.knowledge_distillation"
    with pytest.raises(fw.UnknownLabError):
        fw.load_lab("qqq")


@pytest.mark.parametrize("name", fw.lab_names())
def test_every_lab_exposes_the_contract(name):
    module = fw.load_lab(name)
    assert dataclasses.is_dataclass(module.Config) and issubclass(module.Config, fw.LabConfig)
    fields = fw.config_fields(module.Config)
    assert set(module.Config.QUICK) <= set(fields), "QUICK names a field that does not exist"
    for key, tp in fields.items():  # every field can be set from the command line
        value = getattr(module.Config(), key)
        text = ",".join(str(v) for v in value) if isinstance(value, tuple) else str(value)
        assert fw.parse_value(text, tp) == value, key
    assert module.CLAIMS and all(isinstance(c, fw.Claim) for c in module.CLAIMS)
    assert callable(module.run) and callable(module.check)
    assert fw.describe(module)


def test_make_config_applies_quick_device_and_overrides():
    cfg = fw.make_config("cnn", quick=True, overrides=["epochs=1"], device="cpu")
    assert (cfg.mode, cfg.epochs, cfg.device, cfg.n_train) == ("quick", 1, "cpu", 2000)


def test_a_tiny_lab_run_is_repeatable_under_the_same_seed():
    """The same seed gives the same numbers, bit for bit, for a real (tiny) training run."""
    def tiny():
        cfg = fw.make_config("cnn", quick=True, device="cpu",
                             overrides=["n_train=200", "epochs=2", "channels=4,8", "hidden=16", "threads=1"])
        res = fw.run_lab("cnn", cfg, save=False)
        hist = [{k: v for k, v in h.items() if k != "seconds"} for h in res.history["cnn"]]
        return {k: v for k, v in res.metrics.items() if k != "train_seconds"}, hist

    assert tiny() == tiny()
