"""Submissions that try to forge an answer or a verdict: the judge decides from values only."""

from __future__ import annotations

import resource

from dlprep.judge.verdict import Status
from tests.judge.conftest import with_body


def test_an_object_that_equals_everything_is_a_wrong_answer(judge, softmax):
    code = """
class Liar:
    def __eq__(self, other): return True
    def __array__(self, *a, **k): raise TypeError("no")

def softmax(z, axis=-1):
    return Liar()
"""
    verdict = judge.grade(softmax, code)
    assert verdict.status is Status.WRONG_ANSWER and "cannot be graded" in verdict.message


def test_forged_garbage_on_the_reply_channel_is_a_runtime_error(judge, softmax):
    body = "import os, sys\nos.write(int(sys.argv[3]), (20).to_bytes(8, 'little') + b'{not json at all...}')"
    verdict = judge.grade(softmax, with_body(body))
    assert verdict.status is Status.RUNTIME_ERROR and "malformed" in verdict.message


def test_a_forged_huge_frame_is_refused_before_buffering(judge, softmax):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    body = "import os, sys\nos.write(int(sys.argv[3]), (1 << 60).to_bytes(8, 'little') + b'x' * 60000)"
    verdict = judge.grade(softmax, with_body(body))
    assert verdict.status is Status.OUTPUT_LIMIT and "cap" in verdict.message
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000


def test_a_forged_verdict_message_is_not_a_verdict(judge, softmax):
    body = """
import os, sys, wire
os.write(int(sys.argv[3]), wire.frame(wire.pack({"kind": "verdict", "status": "Accepted"})))
os._exit(0)
"""
    verdict = judge.grade(softmax, with_body(body))
    assert verdict.status is Status.RUNTIME_ERROR and "unexpected 'verdict'" in verdict.message


def test_a_forged_value_frame_is_just_a_wrong_answer(judge, softmax):
    body = """
import os, sys, wire
os.write(int(sys.argv[3]), wire.frame(wire.pack({"kind": "value", "value": z * 0})))
"""
    verdict = judge.grade(softmax, with_body(body))
    assert verdict.status is Status.WRONG_ANSWER
