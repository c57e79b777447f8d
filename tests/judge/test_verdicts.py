"""Ordinary submissions: the verdicts and the feedback they carry (public vs hidden cases)."""

from __future__ import annotations

import numpy as np
import pytest

from dlprep.judge.verdict import Status, mismatch_kind
from tests.judge.conftest import CORRECT, with_body


def test_correct_submission_is_accepted_with_per_case_timings(judge, softmax):
    verdict = judge.grade(softmax, CORRECT)
    assert verdict.accepted and verdict.passed == len(verdict.cases) == 8
    assert all(c.time_ms is not None and c.time_ms >= 0 for c in verdict.cases)


def test_public_wrong_answer_shows_input_expected_got_and_error(judge, softmax):
    code = "import numpy as np\ndef softmax(z, axis=-1):\n    return np.exp(z) / np.exp(z).sum()\n"
    verdict = judge.grade(softmax, code)  # overflows on case 2, "large logits", which is public
    assert verdict.status is Status.WRONG_ANSWER and "case 2" in verdict.message
    case = verdict.cases[1]
    assert case.public and case.passed is False
    assert "1000." in case.input and "0.09" in case.expected and "nan" in case.got
    assert [c.passed for c in verdict.cases[2:]] == [None] * 6  # not run after the first failure


def test_hidden_wrong_answer_names_the_case_and_the_kind_but_no_values(judge, softmax):
    verdict = judge.grade(softmax, with_body("if z.ndim == 2 and z.shape == (4, 5):\n    return z * 0 + 0.2"))
    case = verdict.cases[3]
    assert verdict.status is Status.WRONG_ANSWER and case.name == "rows of a matrix" and not case.public
    assert case.reason == "wrong values"
    assert case.input is case.expected is case.got is case.max_abs_error is None
    assert "0.2" not in verdict.message and "expected" not in verdict.message


def test_hidden_wrong_shape_dtype_and_nan_are_named(judge, softmax):
    shape = judge.grade(softmax, with_body("if z.ndim == 2:\n    return z.ravel()"))
    dtype = judge.grade(softmax, with_body("if z.dtype == np.float32:\n    return z.astype(np.float64)"))
    nans = judge.grade(softmax, with_body("if z.ndim == 3:\n    return z * np.nan"))
    assert "wrong shape" in shape.message and "(4, 5)" in shape.message
    assert "wrong dtype: expected float32, got float64" in dtype.message
    assert "NaN or inf" in nans.message
    assert {shape.status, dtype.status, nans.status} == {Status.WRONG_ANSWER}


def test_syntax_error_is_a_compile_error_with_its_line(judge, softmax):
    verdict = judge.grade(softmax, "import numpy as np\n\ndef softmax(z, axis=-1)\n    return z\n")
    assert verdict.status is Status.COMPILE_ERROR and verdict.message.startswith("line 3:")
    assert "submission.py" in verdict.detail


def test_missing_function_is_a_compile_error(judge, softmax):
    verdict = judge.grade(softmax, "def soft_max(z, axis=-1):\n    return z\n")
    assert verdict.status is Status.COMPILE_ERROR and "no function named 'softmax'" in verdict.message


def test_runtime_error_shows_only_the_submissions_frames(judge, softmax):
    code = "def helper(z):\n    return z.nope\n\ndef softmax(z, axis=-1):\n    return helper(z)\n"
    verdict = judge.grade(softmax, code)
    assert verdict.status is Status.RUNTIME_ERROR and verdict.message.startswith("AttributeError in case 1")
    assert 'File "submission.py", line 5, in softmax' in verdict.detail
    assert 'line 2, in helper' in verdict.detail
    assert "worker.py" not in verdict.detail and "/opt/" not in verdict.detail


def test_error_at_import_time_is_a_runtime_error_while_loading(judge, softmax):
    verdict = judge.grade(softmax, "import torchvision_not_installed\n")
    assert verdict.status is Status.RUNTIME_ERROR and "while loading the module" in verdict.message


def test_hidden_case_exception_messages_are_clipped(judge, softmax):
    verdict = judge.grade(softmax, with_body("if z.size == 20:\n    raise ValueError(repr(z.tolist()))"))
    assert verdict.status is Status.RUNTIME_ERROR and "[cut: hidden case]" in verdict.detail
    assert len(verdict.detail.splitlines()[-1]) < 260


def test_printed_output_is_shown_for_public_cases_only(judge, softmax):
    verdict = judge.grade(softmax, with_body("print('saw', z.ravel()[0])\nif z.ndim == 3:\n    return z"))
    assert verdict.status is Status.WRONG_ANSWER
    assert "saw 1.0" in verdict.output and "saw 1000.0" in verdict.output
    assert verdict.output.count("saw") == 2  # nothing printed during the hidden cases


def test_preloaded_numpy_is_warm_and_one_thread(judge, softmax):
    prelude = """
import sys, os
assert "numpy" in sys.modules, "numpy should be imported before the submission"
assert os.environ["OPENBLAS_NUM_THREADS"] == os.environ["OMP_NUM_THREADS"] == "1"
"""
    verdict = judge.grade(softmax, with_body("", prelude))
    assert verdict.accepted, verdict.detail


def test_verdict_round_trips_through_a_dict(judge, softmax):
    verdict = judge.grade(softmax, with_body("if z.ndim == 3:\n    return z"))
    again = type(verdict).from_dict(verdict.to_dict())
    assert again == verdict


@pytest.mark.parametrize(("got", "expected", "kind"), [
    (np.zeros(3), (np.zeros(3), 1.0), "wrong type: expected a tuple"),
    ([np.zeros(3)], (np.zeros(3), 1.0), "wrong number of items: expected 2, got 1"),
    ((np.zeros(3), np.zeros(2)), (np.zeros(3), np.zeros(3)), "item 1: wrong shape"),
    ({"a": 1}, {"b": 1}, "wrong dict keys"),
    (np.zeros(3, np.int32), np.zeros(3, np.int64), "wrong values"),  # compare accepts any integer width
    (np.zeros(3), np.zeros(3, np.int64), "wrong dtype"),
    (1, True, "wrong type: expected a bool"),
    (np.True_, False, "wrong values"),
    ("x", None, "wrong type: expected a NoneType"),
    (np.array([1.0, np.inf]), np.array([1.0, 2.0]), "the result contains NaN or inf"),
])
def test_mismatch_kind_says_what_is_wrong_without_values(got, expected, kind):
    assert mismatch_kind(got, expected).startswith(kind)
